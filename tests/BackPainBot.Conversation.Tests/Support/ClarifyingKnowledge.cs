using BackPainBot.Knowledge;

namespace BackPainBot.Conversation.Tests.Support;

/// <summary>
/// The clinic's real knowledge, except that one question gets a "which did you mean?" decision, so the clarification
/// flow can be tested without depending on which real questions happen to be close calls.
/// </summary>
internal sealed class ClarifyingKnowledge(IKnowledgeSearch inner, string ambiguousQuestion, params string[] candidateIds) : IKnowledgeSearch
{
    public IReadOnlyList<KnowledgeSection> Sections => inner.Sections;

    public SearchResult Search(string question, int maxHits = 3)
    {
        if (question != ambiguousQuestion)
        {
            return inner.Search(question, maxHits);
        }

        var hits = candidateIds.Select(id => new SearchHit(inner.Find(id)!, 0.6f)).ToList();
        return new SearchResult(hits, 0.27f, SearchDecision.Clarify, hits);
    }

    public KnowledgeSection? Find(string sectionId) => inner.Find(sectionId);

    public IReadOnlyList<KnowledgeSection> Related(string sectionId, int max = 3) => inner.Related(sectionId, max);
}
