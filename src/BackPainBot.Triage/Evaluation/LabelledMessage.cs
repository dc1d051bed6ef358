namespace BackPainBot.Triage;

/// <summary>One message of the evaluation set with what triage should make of it.</summary>
/// <param name="Split">Which part of the set: <c>tune</c> (rules may be improved on its misses) or <c>heldout</c> (only measured).</param>
/// <param name="Level">The expected level: the highest among the flags, hypothetical and other-person ones included.</param>
/// <param name="Context">The expected context of the flags at that level; null when the level is none.</param>
/// <param name="Codes">Rule codes that must be among the flags; empty when none are expected.</param>
/// <param name="Message">The message as a patient would type it.</param>
public sealed record LabelledMessage(string Split, TriageLevel Level, MentionContext? Context, IReadOnlyList<string> Codes, string Message)
{
    /// <summary>Line in the file it was read from (1-based), so a miss can be found; 0 when not read from a file.</summary>
    public int Line { get; init; }

    /// <summary>The level's name as written in the file: none, routine, urgent, emergency.</summary>
    public static string LevelName(TriageLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>The context's name as written in the file: reported, hypothetical, other-person, or - for none.</summary>
    public static string ContextName(MentionContext? context) => context switch
    {
        MentionContext.Reported => "reported",
        MentionContext.Hypothetical => "hypothetical",
        MentionContext.OtherPerson => "other-person",
        _ => "-",
    };

    /// <summary>
    /// Reads the tab-separated evaluation file: split, level, context, codes, message. Lines starting with <c>#</c>,
    /// blank lines and a header line starting with <c>split</c> are skipped.
    /// </summary>
    /// <exception cref="FormatException">A line is malformed; the message gives its number.</exception>
    public static IReadOnlyList<LabelledMessage> ParseTsv(string text, string source = "triage-eval.tsv")
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<LabelledMessage>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("split\t", StringComparison.Ordinal))
            {
                continue;
            }

            rows.Add(ParseLine(line, source, i + 1));
        }

        return rows;
    }

    /// <summary>
    /// Reads the label columns a labelled message has in every file that keeps them (this evaluation set and the second
    /// opinion's examples): the level, the context (<c>-</c> exactly when the level is none) and the comma-separated
    /// codes (<c>-</c> for none). Returns what is wrong with them, or null.
    /// </summary>
    internal static string? ParseLabel(
        string levelColumn, string contextColumn, string codesColumn, out TriageLevel level, out MentionContext? context, out string[] codes)
    {
        context = null;
        codes = [];
        TriageLevel? parsedLevel = levelColumn.Trim() switch
        {
            "none" => TriageLevel.None,
            "routine" => TriageLevel.Routine,
            "urgent" => TriageLevel.Urgent,
            "emergency" => TriageLevel.Emergency,
            _ => null,
        };
        level = parsedLevel ?? TriageLevel.None;
        if (parsedLevel is null)
        {
            return $"unknown level '{levelColumn.Trim()}' (use none, routine, urgent or emergency)";
        }

        switch (contextColumn.Trim())
        {
            case "-":
                break;
            case "reported":
                context = MentionContext.Reported;
                break;
            case "hypothetical":
                context = MentionContext.Hypothetical;
                break;
            case "other-person":
                context = MentionContext.OtherPerson;
                break;
            case var other:
                return $"unknown context '{other}' (use reported, hypothetical, other-person or -)";
        }

        if ((level == TriageLevel.None) != (context is null))
        {
            return "the context must be - exactly when the level is none";
        }

        var trimmed = codesColumn.Trim();
        codes = trimmed == "-" ? [] : trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return null;
    }

    private static LabelledMessage ParseLine(string line, string source, int number)
    {
        var columns = line.Split('\t');
        if (columns.Length != 5)
        {
            throw Error(source, number, $"expected 5 tab-separated columns (split, level, context, codes, message), found {columns.Length}");
        }

        var split = columns[0].Trim();
        if (split.Length == 0)
        {
            throw Error(source, number, "the split is empty");
        }

        if (ParseLabel(columns[1], columns[2], columns[3], out var level, out var context, out var codes) is { } problem)
        {
            throw Error(source, number, problem);
        }

        if (level != TriageLevel.None && codes.Length == 0)
        {
            throw Error(source, number, "a message with a level needs at least one expected code");
        }

        var message = columns[4];
        if (string.IsNullOrWhiteSpace(message))
        {
            throw Error(source, number, "the message is empty");
        }

        return new LabelledMessage(split, level, context, codes, message) { Line = number };
    }

    private static FormatException Error(string source, int line, string problem) => new($"{source} line {line}: {problem}");
}
