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
    string? SourceUrl);

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
}

/// <summary>The ranked sections for a question and whether the best one is good enough to answer with.</summary>
/// <param name="Hits">Sections ranked best first; may be empty.</param>
/// <param name="Threshold">The minimum score for an answer, from <see cref="KnowledgeOptions.MinScore"/>.</param>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, float Threshold)
{
    /// <summary>The best hit when it clears the threshold; otherwise null (the bot says it cannot help).</summary>
    public SearchHit? Best => Hits.Count > 0 && Hits[0].Score >= Threshold ? Hits[0] : null;
}

/// <summary>Searches the clinic's knowledge. Thread-safe; one instance serves all requests.</summary>
public interface IKnowledgeSearch
{
    /// <summary>All sections in the index, in article order (used to list topics).</summary>
    IReadOnlyList<KnowledgeSection> Sections { get; }

    /// <summary>Ranks sections for a patient's question.</summary>
    SearchResult Search(string question, int maxHits = 3);
}

/// <summary>Settings for the knowledge index (section <c>Knowledge</c>).</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>Folder holding the clinic's knowledge, relative to the content root. Default <c>knowledge</c>.</summary>
    public string Path { get; set; } = "knowledge";

    /// <summary>
    /// The threshold chosen on the labelled tune questions (the knowledge tests' <c>Data/questions.tsv</c>): the middle
    /// of the range of thresholds with the best balanced accuracy. Re-run that evaluation before changing it.
    /// </summary>
    public const float DefaultMinScore = 0.27f;

    /// <summary>Minimum score (0..1, calibrated) a section needs to be given as an answer. Default 0.27.</summary>
    public float MinScore { get; set; } = DefaultMinScore;
}
