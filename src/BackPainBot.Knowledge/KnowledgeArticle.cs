namespace BackPainBot.Knowledge;

/// <summary>One clinic article read from a Markdown file: its front matter and its answerable sections.</summary>
/// <param name="Id">Stable article id from the front matter.</param>
/// <param name="Title">The article's title.</param>
/// <param name="SourceUrl">Public address of the article, if the front matter gives one.</param>
/// <param name="Keywords">Article-level keywords from the front matter.</param>
/// <param name="Sections">The article's sections, in file order.</param>
/// <param name="FilePath">The file it was read from, for error messages.</param>
internal sealed record KnowledgeArticle(
    string Id,
    string Title,
    string? SourceUrl,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<KnowledgeSection> Sections,
    string FilePath)
{
    /// <summary>The groups the front matter declares (<c>group ID: words</c>), in file order.</summary>
    public IReadOnlyList<KnowledgeGroup> Groups { get; init; } = [];
}

/// <summary>
/// Sections that answer a question together. A question asks for the group when it names one of the trigger words and
/// nothing more specific ("how should I walk?" with trigger <c>walk</c>, but not "should I take shorter steps when I
/// walk?").
/// </summary>
/// <param name="Id">Stable group id, unique across articles; sections join with a <c>group:</c> line.</param>
/// <param name="Triggers">Words (as patients or the article write them) that ask for the whole group.</param>
internal sealed record KnowledgeGroup(string Id, IReadOnlyList<string> Triggers);
