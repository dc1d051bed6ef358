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

    /// <summary>Checks that ids are unique across files, since logs and tests refer to sections by id alone.</summary>
    public static IReadOnlyList<KnowledgeArticle> Combine(IEnumerable<ParsedArticle> parsed)
    {
        var articles = new List<KnowledgeArticle>();
        var articleIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var sectionIds = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        foreach (var p in parsed)
        {
            var article = p.Article;
            if (!articleIds.TryAdd(article.Id, article.FilePath))
            {
                throw new KnowledgeFormatException(article.FilePath, p.IdLine, $"Duplicate article id '{article.Id}' (also in {articleIds[article.Id]}).");
            }

            foreach (var section in article.Sections)
            {
                var line = p.SectionLines[section.Id];
                if (!sectionIds.TryAdd(section.Id, (article.FilePath, line)))
                {
                    var first = sectionIds[section.Id];
                    throw new KnowledgeFormatException(article.FilePath, line, $"Duplicate section id '{section.Id}' (also in {first.File}({first.Line})).");
                }
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
