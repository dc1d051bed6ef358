using System.Collections.Frozen;
using BackPainBot.Triage.Matching;

namespace BackPainBot.Triage.Rules;

/// <summary>Something a phrase can point at: a red-flag rule, or a signal that only counts in combinations.</summary>
/// <param name="Rule">The red-flag rule; null for a signal.</param>
internal sealed record Concept(string Code, RedFlagRule? Rule, bool HistoryIsRedFlag)
{
    public TriageLevel Level => Rule?.Level ?? TriageLevel.None;
}

/// <summary>Red flags that together call for another rule: fever with leg weakness is an emergency.</summary>
internal sealed record Combination(string[] When, RedFlagRule Then, bool SameSentence);

internal enum TriggerCategory
{
    Negated,
    Historical,
    Hypothetical,
    OtherPerson,
}

internal enum TriggerDirection
{
    Forward,
    Backward,
}

/// <summary>A context trigger and how far it reaches.</summary>
/// <param name="Window">Words it reaches at most; null for the rest of the sentence.</param>
/// <param name="EndsAtFirstPerson">True when "I", "I'm" and the like end its reach.</param>
internal sealed record Trigger(TriggerCategory Category, TriggerDirection Direction, int? Window, bool EndsAtFirstPerson);

/// <summary>The rule file compiled for matching. Immutable.</summary>
internal sealed class CompiledRules
{
    public required Vocabulary Vocabulary { get; init; }

    public required PhraseMatcher<Concept> Concepts { get; init; }

    public required PhraseMatcher<Concept> Exceptions { get; init; }

    public required PhraseMatcher<Trigger> Triggers { get; init; }

    public required PhraseMatcher<bool> Pseudo { get; init; }

    public required PhraseMatcher<bool> Termination { get; init; }

    public required FrozenSet<int> ClauseStarters { get; init; }

    public required FrozenSet<int> FirstPerson { get; init; }

    public required FrozenSet<int> NotInGaps { get; init; }

    public required Combination[] Combinations { get; init; }
}
