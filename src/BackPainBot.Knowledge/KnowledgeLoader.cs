using System.Text;

namespace BackPainBot.Knowledge;

/// <summary>Reads the knowledge folder: <c>articles/*.md</c> and the optional <c>synonyms.txt</c>.</summary>
internal static class KnowledgeLoader
{
    public const string ArticlesFolder = "articles";
    public const string ArticlePattern = "*.md";
    public const string SynonymsFile = "synonyms.txt";

    /// <summary>Parses every article, in file-name order so section order (and the topic list) is stable.</summary>
    public static IReadOnlyList<KnowledgeArticle> LoadArticles(string knowledgeDirectory)
    {
        var folder = Path.Combine(knowledgeDirectory, ArticlesFolder);
        if (!Directory.Exists(folder))
        {
            throw new KnowledgeFormatException(folder, 0, "The knowledge folder has no 'articles' folder.");
        }

        var files = Directory.GetFiles(folder, ArticlePattern).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new KnowledgeFormatException(folder, 0, "No articles (*.md) found: the bot would have nothing to answer from.");
        }

        return Combine(files.Select(f => ArticleParser.Parse(f, File.ReadAllText(f, Encoding.UTF8))));
    }

    /// <summary>
    /// Checks that ids are unique across files, since logs and tests refer to articles, sections and groups by id alone.
    /// With <paramref name="problems"/> null the first duplicate throws; otherwise every duplicate is added to it and
    /// the article holding it is left out.
    /// </summary>
    public static IReadOnlyList<KnowledgeArticle> Combine(IEnumerable<ParsedArticle> parsed, List<KnowledgeFormatException>? problems = null)
    {
        var articles = new List<KnowledgeArticle>();
        var articleIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var sectionIds = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        var groupIds = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        foreach (var p in parsed)
        {
            var article = p.Article;
            var duplicates = new List<KnowledgeFormatException>();
            if (articleIds.TryGetValue(article.Id, out var firstFile))
            {
                duplicates.Add(new KnowledgeFormatException(article.FilePath, p.IdLine, $"Duplicate article id '{article.Id}' (also in {firstFile})."));
            }

            foreach (var section in article.Sections)
            {
                if (sectionIds.TryGetValue(section.Id, out var first))
                {
                    duplicates.Add(new KnowledgeFormatException(article.FilePath, p.SectionLines[section.Id], $"Duplicate section id '{section.Id}' (also in {first.File}({first.Line}))."));
                }
            }

            foreach (var group in article.Groups)
            {
                if (groupIds.TryGetValue(group.Id, out var first))
                {
                    duplicates.Add(new KnowledgeFormatException(article.FilePath, p.GroupLines[group.Id], $"Duplicate group id '{group.Id}' (also in {first.File}({first.Line}))."));
                }
            }

            if (duplicates.Count > 0)
            {
                if (problems is null)
                {
                    throw duplicates[0];
                }

                problems.AddRange(duplicates);
                continue;
            }

            articleIds.Add(article.Id, article.FilePath);
            foreach (var section in article.Sections)
            {
                sectionIds.Add(section.Id, (article.FilePath, p.SectionLines[section.Id]));
            }

            foreach (var group in article.Groups)
            {
                groupIds.Add(group.Id, (article.FilePath, p.GroupLines[group.Id]));
            }

            articles.Add(article);
        }

        return articles;
    }

    /// <summary>The synonym rules, or null when the clinic has none.</summary>
    public static string? ReadSynonyms(string knowledgeDirectory)
    {
        var path = Path.Combine(knowledgeDirectory, SynonymsFile);
        return File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : null;
    }
}
