using System.Text;
using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>An article and where its parts are in the file, so cross-file checks can name lines too.</summary>
internal sealed record ParsedArticle(KnowledgeArticle Article, int IdLine, IReadOnlyDictionary<string, int> SectionLines);

/// <summary>
/// Reads the small Markdown dialect of the clinic's articles: <c>---</c> front matter with <c>key: value</c> lines, then
/// one <c>## Title {#id}</c> heading per answerable section, an optional <c>keywords:</c> line, and the section's text.
/// </summary>
/// <remarks>
/// Hand-written rather than a Markdown library because the format is tiny and every mistake must name its line: the
/// clinic edits these files, and a typo should stop start-up with a message they can act on.
/// </remarks>
internal static partial class ArticleParser
{
    private const string FrontMatterFence = "---";
    private const string SectionPrefix = "## ";
    private const string KeywordsPrefix = "keywords:";

    private static readonly string[] RequiredKeys = ["id", "title"];
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal) { "id", "title", "source", "keywords" };

    /// <summary>Parses one article file's text; <paramref name="filePath"/> is only used in error messages.</summary>
    public static ParsedArticle Parse(string filePath, string content)
    {
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var (frontMatter, bodyStart) = ReadFrontMatter(filePath, lines);

        var articleId = frontMatter["id"].Value;
        var articleTitle = frontMatter["title"].Value;
        var source = frontMatter.TryGetValue("source", out var s) && s.Value.Length > 0 ? s.Value : null;
        var keywords = frontMatter.TryGetValue("keywords", out var k) ? SplitList(k.Value) : [];

        if (source is not null && !Uri.TryCreate(source, UriKind.Absolute, out _))
        {
            throw new KnowledgeFormatException(filePath, frontMatter["source"].Line, $"'source' must be an absolute URL, got '{source}'.");
        }

        var (sections, sectionLines) = ReadSections(filePath, lines, bodyStart, articleId, articleTitle, source);
        if (sections.Count == 0)
        {
            throw new KnowledgeFormatException(filePath, 0, "The article has no sections: add at least one '## Title {#id}' heading.");
        }

        return new ParsedArticle(
            new KnowledgeArticle(articleId, articleTitle, source, keywords, sections, filePath),
            frontMatter["id"].Line,
            sectionLines);
    }

    private static (Dictionary<string, (string Value, int Line)> Values, int BodyStart) ReadFrontMatter(string filePath, string[] lines)
    {
        if (lines.Length == 0 || lines[0].Trim() != FrontMatterFence)
        {
            throw new KnowledgeFormatException(filePath, 1, "Missing front matter: the file must start with a '---' line, then 'id:' and 'title:' lines, then '---'.");
        }

        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var lineNumber = i + 1;
            if (line == FrontMatterFence)
            {
                foreach (var key in RequiredKeys)
                {
                    if (!values.TryGetValue(key, out var v) || v.Value.Length == 0)
                    {
                        throw new KnowledgeFormatException(filePath, lineNumber, $"Front matter is missing '{key}:'.");
                    }
                }

                var id = values["id"];
                if (!IdPattern().IsMatch(id.Value))
                {
                    throw new KnowledgeFormatException(filePath, id.Line, $"Article id '{id.Value}' must be lowercase letters, digits and single hyphens.");
                }

                return (values, i + 1);
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new KnowledgeFormatException(filePath, lineNumber, $"Front matter lines must be 'key: value', got '{line}'.");
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = Unquote(line[(colon + 1)..].Trim());
            if (!KnownKeys.Contains(name))
            {
                throw new KnowledgeFormatException(filePath, lineNumber, $"Unknown front matter key '{name}'; expected one of: {string.Join(", ", KnownKeys)}.");
            }

            if (!values.TryAdd(name, (value, lineNumber)))
            {
                throw new KnowledgeFormatException(filePath, lineNumber, $"Front matter key '{name}' appears twice (first on line {values[name].Line}).");
            }
        }

        throw new KnowledgeFormatException(filePath, 1, "The front matter opened on line 1 is never closed with a '---' line.");
    }

    private static (List<KnowledgeSection> Sections, Dictionary<string, int> Lines) ReadSections(
        string filePath, string[] lines, int bodyStart, string articleId, string articleTitle, string? source)
    {
        var sections = new List<KnowledgeSection>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        SectionBuilder? current = null;

        for (var i = bodyStart; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            var lineNumber = i + 1;

            if (line.StartsWith(SectionPrefix, StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    sections.Add(current.Build(filePath, articleId, articleTitle, source));
                }

                var match = HeadingPattern().Match(line);
                if (!match.Success)
                {
                    throw new KnowledgeFormatException(filePath, lineNumber, $"Section headings must look like '## Title {{#stable-id}}' with a lowercase-hyphen id, got '{line}'.");
                }

                var id = match.Groups["id"].Value;
                if (!ids.TryAdd(id, lineNumber))
                {
                    throw new KnowledgeFormatException(filePath, lineNumber, $"Duplicate section id '{id}' (first used on line {ids[id]}).");
                }

                current = new SectionBuilder(id, match.Groups["title"].Value.Trim(), lineNumber);
                continue;
            }

            if (current is null)
            {
                if (line.Trim().Length > 0)
                {
                    throw new KnowledgeFormatException(filePath, lineNumber, "Text before the first '## Title {#id}' heading would never be shown; put it in a section.");
                }

                continue;
            }

            current.Add(line);
        }

        if (current is not null)
        {
            sections.Add(current.Build(filePath, articleId, articleTitle, source));
        }

        return (sections, ids);
    }

    internal static IReadOnlyList<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'')
            ? value[1..^1]
            : value;

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^## (?<title>.*?\S)\s*\{#(?<id>[a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")]
    private static partial Regex HeadingPattern();

    /// <summary>Collects one section's lines; Markdown soft line breaks are joined so the text reads as paragraphs.</summary>
    private sealed class SectionBuilder(string id, string title, int headingLine)
    {
        private readonly List<string> _paragraphs = [];
        private readonly StringBuilder _paragraph = new();
        private IReadOnlyList<string> _keywords = [];
        private bool _seenContent;

        public void Add(string line)
        {
            var trimmed = line.Trim();
            if (!_seenContent && trimmed.StartsWith(KeywordsPrefix, StringComparison.OrdinalIgnoreCase))
            {
                _keywords = SplitList(trimmed[KeywordsPrefix.Length..]);
                _seenContent = true;
                return;
            }

            if (trimmed.Length == 0)
            {
                EndParagraph();
                return;
            }

            _seenContent = true;
            if (_paragraph.Length > 0)
            {
                _paragraph.Append(' ');
            }

            _paragraph.Append(trimmed);
        }

        public KnowledgeSection Build(string filePath, string articleId, string articleTitle, string? source)
        {
            EndParagraph();
            if (_paragraphs.Count == 0)
            {
                throw new KnowledgeFormatException(filePath, headingLine, $"Section '{id}' has no text to show patients.");
            }

            return new KnowledgeSection(id, title, string.Join("\n\n", _paragraphs), _keywords, articleId, articleTitle, source);
        }

        private void EndParagraph()
        {
            if (_paragraph.Length > 0)
            {
                _paragraphs.Add(_paragraph.ToString());
                _paragraph.Clear();
            }
        }
    }
}
