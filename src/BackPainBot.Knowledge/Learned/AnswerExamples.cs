using System.Text;

namespace BackPainBot.Knowledge;

/// <summary>One example question for the learned second opinion: the sections that answer it, or none (refuse).</summary>
/// <param name="SectionIds">Acceptable section ids; empty for a question the bot should refuse.</param>
/// <param name="Question">The example question, as a patient would type it.</param>
/// <param name="Line">Line in the examples file (1-based), for error messages.</param>
internal sealed record AnswerExample(IReadOnlyList<string> SectionIds, string Question, int Line);

/// <summary>
/// Reads <c>answer-examples.tsv</c>: the clinic's example questions that train the learned second opinion on answers
/// (<see cref="AnswerModel"/>). One example a line, <c>section-id&lt;TAB&gt;question</c>; several acceptable sections
/// are joined by <c>|</c>, and <c>-</c> marks a question the bot should refuse. Lines starting with <c>#</c> are comments.
/// </summary>
internal static class AnswerExamples
{
    public const string FileName = "answer-examples.tsv";

    /// <summary>
    /// The examples in <paramref name="path"/>, or an empty list when there is no such file (the search then runs
    /// without the second opinion). Problems (bad columns, unknown section ids, duplicate questions) throw the first
    /// as a <see cref="KnowledgeFormatException"/> when <paramref name="problems"/> is null; otherwise each is added to
    /// it and its line is left out.
    /// </summary>
    public static IReadOnlyList<AnswerExample> Load(string path, IReadOnlyCollection<string> sectionIds, List<KnowledgeFormatException>? problems = null)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        return Parse(path, File.ReadAllLines(path, Encoding.UTF8), sectionIds, problems);
    }

    public static IReadOnlyList<AnswerExample> Parse(string path, IReadOnlyList<string> lines, IReadOnlyCollection<string> sectionIds, List<KnowledgeFormatException>? problems = null)
    {
        var known = sectionIds as ISet<string> ?? new HashSet<string>(sectionIds, StringComparer.Ordinal);
        var examples = new List<AnswerExample>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var problem = Read(path, i + 1, line, known, seen, out var example);
            if (problem is not null)
            {
                if (problems is null)
                {
                    throw problem;
                }

                problems.Add(problem);
                continue;
            }

            examples.Add(example!);
        }

        return examples;
    }

    private static KnowledgeFormatException? Read(string path, int line, string text, ISet<string> known, Dictionary<string, int> seen, out AnswerExample? example)
    {
        example = null;
        var columns = text.Split('\t');
        if (columns.Length != 2 || columns[0].Trim().Length == 0 || columns[1].Trim().Length == 0)
        {
            return new KnowledgeFormatException(path, line, "Expected 'section-id<TAB>question' (ids joined by '|', or '-' for a question the bot should refuse).");
        }

        var label = columns[0].Trim();
        var ids = label == "-" ? [] : label.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (label != "-" && ids.Length == 0)
        {
            return new KnowledgeFormatException(path, line, "No section id before the tab; use '-' for a question the bot should refuse.");
        }

        foreach (var id in ids)
        {
            if (!known.Contains(id))
            {
                return new KnowledgeFormatException(path, line, $"Unknown section id '{id}': no article has a section with this id.");
            }
        }

        var question = columns[1].Trim();
        var key = KnowledgeIndex.NormalizeTitle(question);
        if (!seen.TryAdd(key, line))
        {
            return new KnowledgeFormatException(path, line, $"Duplicate example: the same question is on line {seen[key]}.");
        }

        example = new AnswerExample(ids, question, line);
        return null;
    }
}
