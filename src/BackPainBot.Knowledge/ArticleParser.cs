using System.Text;
using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>An article and where its parts are in the file, so cross-file checks can name lines too.</summary>
internal sealed record ParsedArticle(
    KnowledgeArticle Article,
    int IdLine,
    IReadOnlyDictionary<string, int> SectionLines,
    IReadOnlyDictionary<string, int> GroupLines);

/// <summary>
/// Reads the small Markdown dialect of the clinic's articles: <c>---</c> front matter with <c>key: value</c> lines
/// (<c>id</c>, <c>title</c>, <c>source</c>, <c>keywords</c>, and <c>group GROUP-ID: trigger words</c>), then one
/// <c>## Title {#id}</c> heading per answerable section, optional <c>keywords:</c> and <c>group:</c> lines, and the
/// section's text. <c>knowledge/README.md</c> describes the format for the clinic.
/// </summary>
/// <remarks>
/// Hand-written rather than a Markdown library because the format is tiny and every mistake must name its line: the
/// clinic edits these files, and a typo should stop start-up with a message they can act on. Loading stops at the
/// first mistake; validation passes a sink and gets every mistake in the file, reading on past each one.
/// </remarks>
internal static partial class ArticleParser
{
    private const string FrontMatterFence = "---";
    private const string SectionPrefix = "## ";
    private const string KeywordsPrefix = "keywords:";
    private const string GroupPrefix = "group:";
    private const string GroupKeyPrefix = "group ";

    private static readonly string[] RequiredKeys = ["id", "title"];
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal) { "id", "title", "source", "keywords" };

    /// <summary>Parses one article file's text; <paramref name="filePath"/> is only used in error messages.</summary>
    public static ParsedArticle Parse(string filePath, string content) =>
        Parse(filePath, content, problems: null) ?? throw new InvalidOperationException("Parsing without a sink throws instead.");

    /// <summary>
    /// Parses one article. With <paramref name="problems"/> null the first mistake throws
    /// <see cref="KnowledgeFormatException"/>; otherwise every mistake is added to it, and the result is null when the
    /// file is too broken to read (no front matter) or has none of its sections left.
    /// </summary>
    public static ParsedArticle? Parse(string filePath, string content, List<KnowledgeFormatException>? problems)
    {
        var report = new Reporter(filePath, problems);
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (ReadFrontMatter(report, lines) is not var (frontMatter, bodyStart))
        {
            return null;
        }

        var articleId = frontMatter.TryGetValue("id", out var idValue) ? idValue.Value : "";
        var articleTitle = frontMatter.TryGetValue("title", out var titleValue) ? titleValue.Value : "";
        var source = frontMatter.TryGetValue("source", out var s) && s.Value.Length > 0 ? s.Value : null;
        var keywords = frontMatter.TryGetValue("keywords", out var k) ? SplitList(k.Value) : [];
        var groups = ReadGroups(report, frontMatter);

        if (source is not null && !Uri.TryCreate(source, UriKind.Absolute, out _))
        {
            report.Fail(frontMatter["source"].Line, $"'source' must be an absolute URL, got '{source}'.");
            source = null;
        }

        var (sections, sectionLines) = ReadSections(report, lines, bodyStart, articleId, articleTitle, source);
        if (sections.Count == 0)
        {
            report.Fail(0, "The article has no sections: add at least one '## Title {#id}' heading.");
            return null;
        }

        CheckGroupMembers(report, groups, sections, sectionLines);
        return new ParsedArticle(
            new KnowledgeArticle(articleId, articleTitle, source, keywords, sections, filePath)
            {
                Groups = groups.Select(g => new KnowledgeGroup(g.Key, g.Value.Triggers)).ToList(),
            },
            idValue.Line,
            sectionLines,
            groups.ToDictionary(g => g.Key, g => g.Value.Line, StringComparer.Ordinal));
    }

    internal static IReadOnlyList<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (Dictionary<string, (string Value, int Line)> Values, int BodyStart)? ReadFrontMatter(Reporter report, string[] lines)
    {
        if (lines.Length == 0 || lines[0].Trim() != FrontMatterFence)
        {
            report.Fail(1, "Missing front matter: the file must start with a '---' line, then 'id:' and 'title:' lines, then '---'.");
            return null;
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
                        report.Fail(lineNumber, $"Front matter is missing '{key}:'.");
                    }
                }

                if (values.TryGetValue("id", out var id) && id.Value.Length > 0 && !IdPattern().IsMatch(id.Value))
                {
                    report.Fail(id.Line, $"Article id '{id.Value}' must be lowercase letters, digits and single hyphens.");
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
                report.Fail(lineNumber, $"Front matter lines must be 'key: value', got '{line}'.");
                continue;
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = Unquote(line[(colon + 1)..].Trim());
            if (!KnownKeys.Contains(name) && !name.StartsWith(GroupKeyPrefix, StringComparison.Ordinal))
            {
                report.Fail(lineNumber, $"Unknown front matter key '{name}'; expected one of: {string.Join(", ", KnownKeys)}, or 'group ID'.");
                continue;
            }

            if (!values.TryAdd(name, (value, lineNumber)))
            {
                report.Fail(lineNumber, $"Front matter key '{name}' appears twice (first on line {values[name].Line}).");
            }
        }

        report.Fail(1, "The front matter opened on line 1 is never closed with a '---' line.");
        return null;
    }

    /// <summary>The <c>group ID: words</c> front matter lines, in file order.</summary>
    private static Dictionary<string, (IReadOnlyList<string> Triggers, int Line)> ReadGroups(
        Reporter report, Dictionary<string, (string Value, int Line)> frontMatter)
    {
        var groups = new Dictionary<string, (IReadOnlyList<string>, int)>(StringComparer.Ordinal);
        var declared = frontMatter.Where(e => e.Key.StartsWith(GroupKeyPrefix, StringComparison.Ordinal)).OrderBy(e => e.Value.Line);
        foreach (var (key, (value, line)) in declared)
        {
            var id = key[GroupKeyPrefix.Length..].Trim();
            if (!IdPattern().IsMatch(id))
            {
                report.Fail(line, $"Group id '{id}' must be lowercase letters, digits and single hyphens, as in 'group walking-form: walk, run'.");
                continue;
            }

            var triggers = SplitList(value);
            if (triggers.Count == 0)
            {
                report.Fail(line, $"Group '{id}' lists no words: say which words in a question ask for this group, as in 'group {id}: walk, run'.");
                continue;
            }

            groups.Add(id, (triggers, line));
        }

        return groups;
    }

    /// <summary>A group is a list of tips, so it needs two sections, and a section can only join a group the article declares.</summary>
    private static void CheckGroupMembers(
        Reporter report,
        Dictionary<string, (IReadOnlyList<string> Triggers, int Line)> groups,
        List<KnowledgeSection> sections,
        Dictionary<string, int> sectionLines)
    {
        foreach (var section in sections)
        {
            foreach (var group in section.Groups.Where(g => !groups.ContainsKey(g)))
            {
                report.Fail(sectionLines[section.Id],
                    $"Section '{section.Id}' joins group '{group}', which the front matter does not declare; add 'group {group}: words that ask for it'.");
            }
        }

        foreach (var (id, (_, line)) in groups)
        {
            if (sections.Count(s => s.Groups.Contains(id, StringComparer.Ordinal)) < 2)
            {
                report.Fail(line, $"Group '{id}' needs at least two sections: add a 'group: {id}' line under each section it lists.");
            }
        }
    }

    private static (List<KnowledgeSection> Sections, Dictionary<string, int> Lines) ReadSections(
        Reporter report, string[] lines, int bodyStart, string articleId, string articleTitle, string? source)
    {
        var sections = new List<KnowledgeSection>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        SectionBuilder? current = null;
        var skipping = false;

        void Finish()
        {
            if (current?.Build(report, articleId, articleTitle, source) is { } section)
            {
                sections.Add(section);
            }

            current = null;
        }

        for (var i = bodyStart; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            var lineNumber = i + 1;

            if (line.StartsWith(SectionPrefix, StringComparison.Ordinal))
            {
                Finish();
                skipping = false;
                var match = HeadingPattern().Match(line);
                if (!match.Success)
                {
                    report.Fail(lineNumber, $"Section headings must look like '## Title {{#stable-id}}' with a lowercase-hyphen id, got '{line}'.");
                    skipping = true;
                    continue;
                }

                var id = match.Groups["id"].Value;
                if (!ids.TryAdd(id, lineNumber))
                {
                    report.Fail(lineNumber, $"Duplicate section id '{id}' (first used on line {ids[id]}).");
                    skipping = true;
                    continue;
                }

                current = new SectionBuilder(id, match.Groups["title"].Value.Trim(), lineNumber);
                continue;
            }

            if (skipping)
            {
                continue;
            }

            if (current is null)
            {
                if (line.Trim().Length > 0)
                {
                    report.Fail(lineNumber, "Text before the first '## Title {#id}' heading would never be shown; put it in a section.");
                    skipping = true;
                }

                continue;
            }

            current.Add(report, line, lineNumber);
        }

        Finish();
        var kept = sections.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return (sections, ids.Where(e => kept.Contains(e.Key)).ToDictionary(StringComparer.Ordinal));
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\''))
            ? value[1..^1]
            : value;

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^## (?<title>.*?\S)\s*\{#(?<id>[a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")]
    private static partial Regex HeadingPattern();

    /// <summary>Throws the first problem when loading; collects them all when validating.</summary>
    private sealed class Reporter(string filePath, List<KnowledgeFormatException>? problems)
    {
        public void Fail(int line, string message)
        {
            var problem = new KnowledgeFormatException(filePath, line, message);
            if (problems is null)
            {
                throw problem;
            }

            problems.Add(problem);
        }
    }

    /// <summary>Collects one section's lines; Markdown soft line breaks are joined so the text reads as paragraphs.</summary>
    private sealed class SectionBuilder(string id, string title, int headingLine)
    {
        private readonly List<string> _paragraphs = [];
        private readonly StringBuilder _paragraph = new();
        private IReadOnlyList<string> _keywords = [];
        private IReadOnlyList<string> _groups = [];
        private bool _seenText;

        public void Add(Reporter report, string line, int lineNumber)
        {
            var trimmed = line.Trim();
            if (!_seenText && trimmed.StartsWith(KeywordsPrefix, StringComparison.OrdinalIgnoreCase))
            {
                _keywords = SplitList(trimmed[KeywordsPrefix.Length..]);
                return;
            }

            if (!_seenText && trimmed.StartsWith(GroupPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var groups = SplitList(trimmed[GroupPrefix.Length..]);
                foreach (var bad in groups.Where(g => !IdPattern().IsMatch(g)))
                {
                    report.Fail(lineNumber, $"'group:' lists group ids (lowercase letters, digits and hyphens), got '{bad}'.");
                }

                _groups = groups.Where(g => IdPattern().IsMatch(g)).ToList();
                return;
            }

            if (trimmed.Length == 0)
            {
                EndParagraph();
                return;
            }

            _seenText = true;
            if (_paragraph.Length > 0)
            {
                _paragraph.Append(' ');
            }

            _paragraph.Append(trimmed);
        }

        public KnowledgeSection? Build(Reporter report, string articleId, string articleTitle, string? source)
        {
            EndParagraph();
            if (_paragraphs.Count == 0)
            {
                report.Fail(headingLine, $"Section '{id}' has no text to show patients.");
                return null;
            }

            return new KnowledgeSection(id, title, string.Join("\n\n", _paragraphs), _keywords, articleId, articleTitle, source)
            {
                Groups = _groups,
            };
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
