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
    string FilePath);
