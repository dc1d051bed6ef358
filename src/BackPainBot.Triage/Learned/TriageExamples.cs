namespace BackPainBot.Triage.Learned;

/// <summary>One labelled example message the second opinion learns from (<c>knowledge/triage-examples.tsv</c>).</summary>
/// <param name="Level">The level the message calls for; none for a self-care question or a look-alike.</param>
/// <param name="Context">Who or when the flags at that level are about; null when the level is none.</param>
/// <param name="Codes">The rule codes the message should raise; empty when the level is none.</param>
/// <param name="Message">The message as a patient would type it.</param>
/// <param name="Line">The line of the file it was read from (1-based).</param>
public sealed record TriageExample(TriageLevel Level, MentionContext? Context, IReadOnlyList<string> Codes, string Message, int Line);

/// <summary>The examples file is missing or wrong. The message names the file and every bad line; start-up stops with it.</summary>
public sealed class TriageExamplesException : Exception
{
    /// <summary>Creates the exception for the examples file <paramref name="source"/> with its problems.</summary>
    public TriageExamplesException(string source, IReadOnlyList<string> problems, Exception? inner = null)
        : base(Describe(source, problems), inner)
    {
        Problems = problems;
    }

    /// <summary>Each problem on its own, e.g. <c>triage-examples.tsv line 12: unknown level 'critical'</c>.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(string source, IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? $"Triage examples file '{source}' is invalid: {problems[0]}"
            : $"Triage examples file '{source}' has {problems.Count} problems:\n - " + string.Join("\n - ", problems);
}

/// <summary>
/// Reads and validates the clinic's labelled example messages: tab-separated level, context, codes and message, one
/// message a line, <c>#</c> comments and blank lines skipped. Every code must be a rule of the rule file, and the
/// level must be the highest level among the codes, so a typo in a label cannot teach the model a wrong level.
/// </summary>
public static class TriageExamples
{
    /// <summary>Reads the examples file at <paramref name="path"/> and checks it against <paramref name="rules"/>.</summary>
    /// <exception cref="TriageExamplesException">The file is missing or a line is wrong; each problem names its line.</exception>
    public static IReadOnlyList<TriageExample> Load(string path, IReadOnlyList<RedFlagRule> rules)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new TriageExamplesException(path, ["the file does not exist (setting Triage:SecondOpinion:ExamplesPath)"]);
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TriageExamplesException(path, [$"the file could not be read: {ex.Message}"], ex);
        }

        return Parse(text, rules, path);
    }

    /// <summary>
    /// Checks the examples file at <paramref name="path"/> as start-up would, for the validation command: every
    /// problem, each naming the file and line, or an empty list when the file is valid.
    /// </summary>
    public static IReadOnlyList<string> Validate(string path, IReadOnlyList<RedFlagRule> rules)
    {
        try
        {
            _ = Load(path, rules);
            return [];
        }
        catch (TriageExamplesException ex)
        {
            return [.. ex.Problems.Select(p => $"{path}: {p}")];
        }
    }

    /// <summary>Parses examples text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="TriageExamplesException">A line is wrong, or there is no example of a flag at all.</exception>
    public static IReadOnlyList<TriageExample> Parse(string text, IReadOnlyList<RedFlagRule> rules, string source = "triage-examples.tsv")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rules);
        var levels = rules.ToDictionary(r => r.Code, r => r.Level, StringComparer.Ordinal);
        var examples = new List<TriageExample>();
        var problems = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var problem = ParseLine(line, i + 1, levels, out var example);
            if (problem is not null)
            {
                problems.Add($"line {i + 1}: {problem}");
            }
            else
            {
                examples.Add(example!);
            }
        }

        if (problems.Count == 0 && !examples.Exists(e => e.Level != TriageLevel.None))
        {
            problems.Add("no example raises a flag: the model would have nothing to learn");
        }

        if (problems.Count > 0)
        {
            throw new TriageExamplesException(source, problems);
        }

        return examples;
    }

    private static string? ParseLine(string line, int number, Dictionary<string, TriageLevel> levels, out TriageExample? example)
    {
        example = null;
        var columns = line.Split('\t');
        if (columns.Length != 4)
        {
            return $"expected 4 tab-separated columns (level, context, codes, message), found {columns.Length}";
        }

        if (LabelledMessage.ParseLabel(columns[0], columns[1], columns[2], out var level, out var context, out var codes) is { } problem)
        {
            return problem;
        }

        if (level == TriageLevel.None && codes.Length > 0)
        {
            return "a message at level none raises no code (use -)";
        }

        if (level != TriageLevel.None && codes.Length == 0)
        {
            return "a message with a level needs at least one code";
        }

        var highest = TriageLevel.None;
        foreach (var code in codes)
        {
            if (!levels.TryGetValue(code, out var codeLevel))
            {
                return $"unknown code '{code}' (not a rule of the red-flag rule file)";
            }

            highest = codeLevel > highest ? codeLevel : highest;
        }

        // "Emergency" with only routine codes would teach the model a level no code has; a combination's parts listed
        // with it (fever-infection beside infection-with-neurological-signs) are fine.
        if (highest != level)
        {
            return $"the level is {LabelledMessage.LevelName(level)} but its highest code is {LabelledMessage.LevelName(highest)}";
        }

        var message = columns[3];
        if (string.IsNullOrWhiteSpace(message))
        {
            return "the message is empty";
        }

        example = new TriageExample(level, context, codes, message, number);
        return null;
    }
}
