using BackPainBot.Triage.Context;
using BackPainBot.Triage.Learned;
using BackPainBot.Triage.Matching;
using BackPainBot.Triage.Rules;

namespace BackPainBot.Triage;

/// <summary>The hook of the learned second opinion: it may add flags above the rules' level, never take one away.</summary>
public sealed partial class TriageEngine
{
    /// <summary>Creates the engine with the rules at <paramref name="rulesPath"/> and a second opinion trained on <paramref name="examplesPath"/>.</summary>
    /// <exception cref="TriageRulesException">The rule file is missing or invalid.</exception>
    /// <exception cref="TriageExamplesException">The examples file is missing or invalid; the message names the line.</exception>
    public static TriageEngine Load(string rulesPath, string examplesPath, SecondOpinionOptions? options = null, TimeProvider? clock = null)
    {
        var rules = TriageRules.Load(rulesPath);
        return new TriageEngine(rules, clock, SecondOpinion.Load(rules, examplesPath, options));
    }

    /// <summary>The second opinion this engine asks, if any.</summary>
    public SecondOpinion? SecondOpinion => _secondOpinion;

    /// <summary>
    /// The rules' reading of a message with what the second opinion adds: each code it raises above the level of the
    /// rules' flags (hypothetical and someone else's included, as the level is counted) is read in context around the
    /// words that spoke for it, like a rule's phrase. A denied, past or resolved mention adds nothing and is not
    /// recorded (a model's guess must not answer a screening question); a past one counts for a rule whose history
    /// is a red flag (cancer). The flag's span is the sentence that carried the most weight.
    /// </summary>
    private MessageAnalysis WithSecondOpinion(MessageWords words, List<PhraseHit<Concept>> contextConcepts, List<Mention> mentions, List<Mention> flags)
    {
        var rulesLevel = TriageLevel.None;
        foreach (var flag in flags)
        {
            rulesLevel = flag.Concept.Level > rulesLevel ? flag.Concept.Level : rulesLevel;
        }

        var raised = _secondOpinion!.Raise(words.Tokens, rulesLevel);
        if (raised.Count == 0)
        {
            return new MessageAnalysis(words, mentions, flags);
        }

        var added = new List<Mention>();
        foreach (var opinion in raised)
        {
            var concept = new Concept(opinion.Rule.Code, opinion.Rule, opinion.HistoryIsRedFlag);
            var anchor = new PhraseHit<Concept>(concept, opinion.Anchor.Start, opinion.Anchor.End);
            var status = new ContextResolver(words, _rules, [.. contextConcepts, anchor]).Resolve(anchor);
            if (status is MentionStatus.Negated or MentionStatus.Historical or MentionStatus.Resolved)
            {
                continue;
            }

            var (first, last) = SentenceOf(words, opinion.Anchor.Sentence);
            added.Add(new Mention(new PhraseHit<Concept>(concept, first, last), status) { ModelScore = opinion.Score });
        }

        if (added.Count == 0)
        {
            return new MessageAnalysis(words, mentions, flags);
        }

        return new MessageAnalysis(words, [.. mentions, .. added], [.. flags, .. added]);
    }

    /// <summary>The first word of <paramref name="sentence"/> and the word after its last.</summary>
    private static (int Start, int End) SentenceOf(MessageWords words, int sentence)
    {
        var start = -1;
        var end = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (words.Tokens[i].Sentence == sentence)
            {
                start = start < 0 ? i : start;
                end = i + 1;
            }
        }

        return (start, end);
    }
}
