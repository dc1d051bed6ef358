using System.Text.Json.Serialization;

namespace BackPainBot.Triage.Rules;

// The shape of knowledge/red-flags.json. Everything is nullable so that the loader, not the JSON reader, reports
// what is missing, naming the rule.

internal sealed class RuleFile
{
    public string? Description { get; set; }

    [JsonPropertyName("_readme")]
    public List<string>? Readme { get; set; }

    /// <summary>Named word groups that phrases use as <c>@name</c>: each name's entries are words or word sequences.</summary>
    public Dictionary<string, List<string>>? Terms { get; set; }

    public List<RuleEntry>? Rules { get; set; }

    public List<SignalEntry>? Signals { get; set; }

    public List<CombinationEntry>? Combinations { get; set; }

    public ContextEntry? Context { get; set; }

    public SpellingEntry? Spelling { get; set; }

    public ScreeningEntry? Screening { get; set; }
}

internal sealed class RuleEntry
{
    public string? Code { get; set; }

    public string? Level { get; set; }

    public string? Condition { get; set; }

    public string? Advice { get; set; }

    public List<string>? Phrases { get; set; }

    public List<string>? Except { get; set; }

    public bool HistoryIsRedFlag { get; set; }

    public bool AnswersQuestion { get; set; }

    public List<string>? Keeps { get; set; }

    public List<string>? NotReadFrom { get; set; }
}

internal sealed class SignalEntry
{
    public string? Code { get; set; }

    public string? Description { get; set; }

    public List<string>? Phrases { get; set; }

    public List<string>? Except { get; set; }

    public bool HistoryIsRedFlag { get; set; }
}

internal sealed class CombinationEntry
{
    public List<string>? When { get; set; }

    public string? Then { get; set; }

    public bool SameSentence { get; set; }

    public bool SameMessage { get; set; }
}

internal sealed class ContextEntry
{
    public List<string>? Pseudo { get; set; }

    public List<string>? Termination { get; set; }

    public List<string>? SameSubject { get; set; }

    public List<string>? ClauseStarters { get; set; }

    public List<string>? FirstPerson { get; set; }

    public List<string>? Own { get; set; }

    public List<string>? NotInGaps { get; set; }

    public List<string>? ReferBack { get; set; }

    public List<string>? Fillers { get; set; }

    public List<string>? ReportsBack { get; set; }

    public List<string>? DeniesAfter { get; set; }

    public List<string>? AnswersNo { get; set; }

    public List<string>? Asks { get; set; }

    public List<TriggerEntry>? Triggers { get; set; }
}

internal sealed class TriggerEntry
{
    public string? Category { get; set; }

    public string? Direction { get; set; }

    public int? Window { get; set; }

    public bool EndsAtFirstPerson { get; set; }

    public bool UnlessOwn { get; set; }

    public bool WholeClause { get; set; }

    public bool WhenAsked { get; set; }

    public bool AsksWriter { get; set; }

    public List<string>? Terms { get; set; }
}

internal sealed class SpellingEntry
{
    public List<string>? TypoTolerant { get; set; }

    public List<string>? NeverTypos { get; set; }

    public Dictionary<string, string>? Respell { get; set; }
}

internal sealed class ScreeningEntry
{
    public ScreeningTriggerEntry? Trigger { get; set; }

    public List<ScreeningQuestionEntry>? Questions { get; set; }
}

internal sealed class ScreeningTriggerEntry
{
    public List<string>? BackPain { get; set; }

    public List<string>? LegSymptoms { get; set; }

    public List<DoubtEntry>? Doubt { get; set; }
}

internal sealed class DoubtEntry
{
    public List<string>? Signals { get; set; }

    public List<string>? Questions { get; set; }
}

internal sealed class ScreeningQuestionEntry
{
    public string? Code { get; set; }

    public string? Question { get; set; }

    public List<string>? AnsweredBy { get; set; }

    public bool DoubtOnly { get; set; }
}
