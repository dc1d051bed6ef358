using System.Text;
using Lucene.Net.Analysis.Synonym;

namespace BackPainBot.Knowledge;

/// <summary>
/// Checks a knowledge folder the way the clinic's editors need: every problem at once, each as
/// <c>file(line): message</c>, instead of stopping at the first one as start-up does. Reports malformed front matter,
/// duplicate ids, empty sections, bad groups, unreadable synonym rules, synonyms whose target words appear in no article
/// (they point nowhere, so the patient words on their left find nothing), and anything else that would stop the index
/// from building.
/// </summary>
public static class KnowledgeValidator
{
    /// <summary>All problems found in <paramref name="knowledgeDirectory"/>; empty when it would load cleanly.</summary>
    public static IReadOnlyList<string> Validate(string knowledgeDirectory)
    {
        ArgumentNullException.ThrowIfNull(knowledgeDirectory);
        var problems = new List<KnowledgeFormatException>();
        var folder = Path.Combine(knowledgeDirectory, KnowledgeLoader.ArticlesFolder);
        if (!Directory.Exists(folder))
        {
            return [new KnowledgeFormatException(folder, 0, "The knowledge folder has no 'articles' folder.").Message];
        }

        var files = Directory.GetFiles(folder, KnowledgeLoader.ArticlePattern).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            problems.Add(new KnowledgeFormatException(folder, 0, "No articles (*.md) found: the bot would have nothing to answer from."));
        }

        var parsed = files
            .Select(f => ArticleParser.Parse(f, File.ReadAllText(f, Encoding.UTF8), problems))
            .OfType<ParsedArticle>()
            .ToList();
        var articles = KnowledgeLoader.Combine(parsed, problems);

        // The second opinion's examples: well-formed lines, known section ids, each question once.
        AnswerExamples.Load(
            Path.Combine(knowledgeDirectory, AnswerExamples.FileName),
            parsed.SelectMany(p => p.Article.Sections).Select(s => s.Id).ToHashSet(StringComparer.Ordinal),
            problems);

        var synonymsPath = Path.Combine(knowledgeDirectory, KnowledgeLoader.SynonymsFile);
        var rules = KnowledgeLoader.ReadSynonyms(knowledgeDirectory);
        var synonymsRead = TryParseSynonyms(rules, synonymsPath, problems);
        var triggersOk = CheckTriggers(parsed, synonymsRead.Map, problems);

        if (synonymsRead.Ok && articles.Count > 0)
        {
            if (triggersOk)
            {
                try
                {
                    using var index = KnowledgeIndex.Create(articles, rules, synonymsPath, new KnowledgeOptions());
                }
                catch (KnowledgeFormatException e)
                {
                    problems.Add(e);
                }
            }

            CheckSynonymTargets(rules, synonymsPath, synonymsRead.Map, articles, problems);
        }

        return problems.Select(p => p.Message).Distinct(StringComparer.Ordinal).ToList();
    }

    private static (bool Ok, SynonymMap? Map) TryParseSynonyms(
        string? rules, string path, List<KnowledgeFormatException> problems)
    {
        try
        {
            return (true, KnowledgeAnalysis.ParseSynonyms(rules, path));
        }
        catch (KnowledgeFormatException e)
        {
            problems.Add(e);
            return (false, null);
        }
    }

    /// <summary>A group's word that the bot drops from every question (like "tips") could never ask for the group.</summary>
    private static bool CheckTriggers(List<ParsedArticle> parsed, SynonymMap? map, List<KnowledgeFormatException> problems)
    {
        var ok = true;
        using var analyzer = KnowledgeAnalysis.CreateAnalyzer(map);
        foreach (var p in parsed)
        {
            foreach (var group in p.Article.Groups)
            {
                foreach (var word in group.Triggers.Where(w => KnowledgeAnalysis.Terms(analyzer, w).Count == 0))
                {
                    problems.Add(new KnowledgeFormatException(p.Article.FilePath, p.GroupLines[group.Id],
                        $"Group '{group.Id}' lists '{word}', a word the bot ignores in questions (like 'tips' or 'how'); list topic words such as 'walk'."));
                    ok = false;
                }
            }
        }

        return ok;
    }

    /// <summary>
    /// Every target of a <c>=&gt;</c> rule, and at least one word of an equivalence line, must be a word some article
    /// (or a group's trigger list) uses, after the same analysis questions get; otherwise the rule sends patients' words
    /// to nothing.
    /// </summary>
    private static void CheckSynonymTargets(
        string? rules,
        string path,
        SynonymMap? map,
        IReadOnlyList<KnowledgeArticle> articles,
        List<KnowledgeFormatException> problems)
    {
        if (rules is null)
        {
            return;
        }

        using var analyzer = KnowledgeAnalysis.CreateAnalyzer(map);
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            var texts = article.Sections
                .SelectMany(s => s.Keywords.Append(s.Title).Append(s.Text))
                .Concat(article.Keywords)
                .Concat(article.Groups.SelectMany(g => g.Triggers));
            foreach (var text in texts)
            {
                vocabulary.UnionWith(KnowledgeAnalysis.Terms(analyzer, text));
            }
        }

        var lines = rules.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            if (arrow < 0)
            {
                var words = ArticleParser.SplitList(line);
                if (!words.Any(w => KnowledgeAnalysis.Terms(analyzer, w).Any(vocabulary.Contains)))
                {
                    problems.Add(new KnowledgeFormatException(path, i + 1,
                        $"None of '{line}' appears in any article: the rule points nowhere. Add one of the words to an article's keywords, or remove the line."));
                }

                continue;
            }

            foreach (var target in ArticleParser.SplitList(line[(arrow + 2)..]))
            {
                if (target == KnowledgeIndex.OutOfScopeWord)
                {
                    continue;
                }

                var terms = KnowledgeAnalysis.Terms(analyzer, target);
                if (terms.Count == 0)
                {
                    problems.Add(new KnowledgeFormatException(path, i + 1,
                        $"'{target}' is a word the bot ignores in questions, so the words mapped to it can never match."));
                }
                else if (!terms.All(vocabulary.Contains))
                {
                    problems.Add(new KnowledgeFormatException(path, i + 1,
                        $"'{target}' appears in no article: the rule points nowhere. Use a word the articles use, or add it to a section's keywords."));
                }
            }
        }
    }
}
