namespace BackPainBot.Knowledge;

/// <summary>One answerable section of a clinic article: a tip with a stable id.</summary>
/// <param name="Id">Stable id, unique across all articles (e.g. <c>replace-shoes</c>); used in logs and tests.</param>
/// <param name="Title">Short title shown to patients and used as the citation.</param>
/// <param name="Text">The clinic's text for this section, as shown to patients.</param>
/// <param name="Keywords">Extra words patients use for this section (indexed, not shown).</param>
/// <param name="ArticleId">Id of the article the section belongs to.</param>
/// <param name="ArticleTitle">Title of the article, used in the citation.</param>
/// <param name="SourceUrl">Public address of the article, if it has one.</param>
public sealed record KnowledgeSection(
    string Id,
    string Title,
    string Text,
    IReadOnlyList<string> Keywords,
    string ArticleId,
    string ArticleTitle,
    string? SourceUrl)
{
    /// <summary>
    /// Ids of the groups the section belongs to (its <c>group:</c> line), e.g. <c>walking-form</c>: sections that answer
    /// a question together ("how should I walk?"). Empty when the section stands alone.
    /// </summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
}

/// <summary>A section and its relevance score for one question.</summary>
/// <param name="Section">The matching section.</param>
/// <param name="Score">Calibrated confidence, 0..1: the IDF-weighted share of the question's content words the section covers.</param>
public sealed record SearchHit(KnowledgeSection Section, float Score)
{
    /// <summary>
    /// The index terms (analyzed, stemmed clinic vocabulary) that matched, one per question word; safe to log because
    /// they come from the clinic's articles, not from the patient's free text.
    /// </summary>
    public IReadOnlyList<string> MatchedTerms { get; init; } = [];

    /// <summary>Lucene's raw BM25 score; only comparable within one question, used to break ties.</summary>
    public float Relevance { get; init; }

    /// <summary>
    /// Why the section matched, for staff and logs: the matched index terms by the field they were found in, e.g.
    /// <c>title: shoe; keywords: mile, old; body: replac</c>, or <c>exact title</c> / <c>group: walking-form</c>. Built
    /// only from the clinic's stemmed vocabulary and ids, never from the patient's words, so it is safe to log.
    /// </summary>
    public string Why { get; init; } = "";
}

/// <summary>What the bot should do with a question's search result.</summary>
public enum SearchDecision
{
    /// <summary>One section clearly answers: <see cref="SearchResult.Selected"/> holds it alone.</summary>
    Answer,

    /// <summary>
    /// The question asks for several tips ("how should I walk?", "all the tips"): <see cref="SearchResult.Selected"/>
    /// holds the sections of the group it asks about, in article order.
    /// </summary>
    List,

    /// <summary>
    /// Two or three sections are about equally likely: <see cref="SearchResult.Selected"/> holds them (distinct
    /// sections with distinct titles, best first), so the bot can ask "Did you mean…" with their titles.
    /// </summary>
    Clarify,

    /// <summary>Nothing clears the threshold (or the question is out of scope): <see cref="SearchResult.Selected"/> is empty.</summary>
    NoMatch,
}

/// <summary>The ranked sections for a question, whether any is good enough, and what the bot should do with them.</summary>
/// <param name="Hits">Sections ranked best first; may be empty.</param>
/// <param name="Threshold">The minimum score for an answer, from <see cref="KnowledgeOptions.MinScore"/>.</param>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, float Threshold)
{
    /// <summary>
    /// A result with an explicit decision. The two-argument constructor derives a plain one instead (the best hit as
    /// <see cref="SearchDecision.Answer"/>, or <see cref="SearchDecision.NoMatch"/>), which keeps hand-made results in
    /// tests meaningful.
    /// </summary>
    public SearchResult(IReadOnlyList<SearchHit> hits, float threshold, SearchDecision decision, IReadOnlyList<SearchHit> selected)
        : this(hits, threshold)
    {
        ArgumentNullException.ThrowIfNull(selected);
        if (decision == SearchDecision.NoMatch != (selected.Count == 0))
        {
            throw new ArgumentException("NoMatch has no selected sections; every other decision has at least one.", nameof(selected));
        }

        Decision = decision;
        Selected = selected;
    }

    /// <summary>The best hit when it clears the threshold; otherwise null (the bot says it cannot help).</summary>
    public SearchHit? Best => Hits.Count > 0 && Hits[0].Score >= Threshold ? Hits[0] : null;

    /// <summary>What to do: answer, list several sections, ask which one, or say there is no answer.</summary>
    public SearchDecision Decision { get; } = Hits.Count > 0 && Hits[0].Score >= Threshold ? SearchDecision.Answer : SearchDecision.NoMatch;

    /// <summary>
    /// The sections to show for <see cref="Decision"/>: the answer, the list (article order), or the 2-3 candidates to
    /// choose from (best first); empty for <see cref="SearchDecision.NoMatch"/>. In a list, a hit's score is the
    /// section's own score for the question and may be below the threshold or 0 ("all the tips" names no tip's words):
    /// the group was asked for, so show them all.
    /// </summary>
    public IReadOnlyList<SearchHit> Selected { get; } = Hits.Count > 0 && Hits[0].Score >= Threshold ? [Hits[0]] : [];

    /// <summary>
    /// What the learned second opinion changed, for staff and logs (rule, section ids and probabilities only, never the
    /// patient's words), e.g. <c>answered engage-core (p 0.91)</c>; null when it left the search's decision alone.
    /// </summary>
    public string? SecondOpinion { get; init; }
}

/// <summary>Searches the clinic's knowledge. Thread-safe; one instance serves all requests.</summary>
public interface IKnowledgeSearch
{
    /// <summary>All sections in the index, in article order (used to list topics).</summary>
    IReadOnlyList<KnowledgeSection> Sections { get; }

    /// <summary>Ranks sections for a patient's question and decides what to do with them.</summary>
    SearchResult Search(string question, int maxHits = 3);

    /// <summary>The section with this id, or null (e.g. an old button after the clinic removed the section).</summary>
    KnowledgeSection? Find(string sectionId);

    /// <summary>
    /// Up to <paramref name="max"/> sections to offer after answering <paramref name="sectionId"/>: sections sharing a
    /// group with it first (nearest in the article first), then its neighbours in the article; never the section
    /// itself. Empty for an unknown id.
    /// </summary>
    IReadOnlyList<KnowledgeSection> Related(string sectionId, int max = 3);
}

/// <summary>Settings for the knowledge index (section <c>Knowledge</c>).</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>
    /// The threshold chosen on the labelled tune questions (the knowledge tests' <c>Data/questions.tsv</c>): the middle
    /// of the range of thresholds with the best balanced accuracy. Re-run that evaluation before changing it.
    /// </summary>
    public const float DefaultMinScore = 0.24f;

    /// <summary>
    /// The clarify margin chosen on the tune questions: the middle of the range of margins with the best outcome,
    /// counting a right answer 1, a "did you mean" that offers the right section 0.5 and a wrong answer -1.
    /// </summary>
    public const float DefaultClarifyMargin = 0.02f;

    /// <summary>Folder holding the clinic's knowledge, relative to the content root. Default <c>knowledge</c>.</summary>
    public string Path { get; set; } = "knowledge";

    /// <summary>Minimum score (0..1, calibrated) a section needs to be given as an answer. Default 0.24.</summary>
    public float MinScore { get; set; } = DefaultMinScore;

    /// <summary>The learned second opinion on answers (<c>Knowledge:SecondOpinion</c>).</summary>
    public AnswerOpinionOptions SecondOpinion { get; set; } = new();

    /// <summary>
    /// How close (in calibrated score, 0..1) the second and third sections must be to the best one for the bot to ask
    /// "Did you mean…" instead of answering. 0 asks only on exact ties. Default 0.02.
    /// </summary>
    public float ClarifyMargin { get; set; } = DefaultClarifyMargin;
}

/// <summary>
/// Settings of the learned second opinion on answers: a model trained at index build on <c>answer-examples.tsv</c> that
/// may change the search's decision in three narrow ways. A rule is off when its setting is above 1. The defaults were
/// chosen on the validation split of the labelled questions (blind batches r10 and r11), never on the examples.
/// </summary>
public sealed class AnswerOpinionOptions
{
    /// <summary>Train and use the model when the knowledge folder has examples. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Rule A, answer: the search found nothing above the threshold, but the model gives one of the search's top three
    /// sections at least this probability; that section is the answer.
    /// </summary>
    public float AnswerConfidence { get; set; } = 0.5f;

    /// <summary>Rule B, refuse: the search answered, but the model gives "refuse" at least this probability.</summary>
    public float RefuseConfidence { get; set; } = 0.7f;

    /// <summary>
    /// Rule C, reorder: the model gives the search's second section at least this much more probability than its first
    /// (both above the threshold); the second is answered (or offered first).
    /// </summary>
    public float ReorderMargin { get; set; } = 0.5f;
}
