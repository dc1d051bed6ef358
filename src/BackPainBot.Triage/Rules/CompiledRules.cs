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
/// <param name="When">Each part is one of several codes ("leg-weakness-one|both-legs").</param>
/// <param name="Scope">How far apart the parts may be: one sentence, one message, or the messages of a conversation.</param>
internal sealed record Combination(string[][] When, RedFlagRule Then, CombinationScope Scope)
{
    /// <summary>True when the parts must be in one sentence.</summary>
    public bool SameSentence => Scope == CombinationScope.Sentence;

    /// <summary>True when the parts may also be in different messages of a conversation.</summary>
    public bool AcrossMessages => Scope == CombinationScope.Conversation;

    public bool IsPart(string code)
    {
        foreach (var part in When)
        {
            if (Array.IndexOf(part, code) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>When to ask the screening questions, and which codes answer each.</summary>
/// <param name="BackPain">Codes that report back pain (a signal, or sciatica).</param>
/// <param name="LegSymptoms">Codes that report leg symptoms.</param>
/// <param name="Questions">
/// Each question with the codes whose report or denial answers it, and whether only a doubt signal prompts it (back
/// pain with leg symptoms does not).
/// </param>
/// <param name="Doubt">
/// For each doubt signal (a broad mention near an emergency family: toilet words, weak legs, a crash), the codes of the
/// questions it prompts when nothing urgent or worse has been flagged.
/// </param>
internal sealed record ScreeningRules(
    FrozenSet<string> BackPain,
    FrozenSet<string> LegSymptoms,
    IReadOnlyList<(ScreeningQuestion Question, FrozenSet<string> AnsweredBy, bool DoubtOnly)> Questions,
    FrozenDictionary<string, FrozenSet<string>> Doubt)
{
    public static ScreeningRules None { get; } =
        new(FrozenSet<string>.Empty, FrozenSet<string>.Empty, [], FrozenDictionary<string, FrozenSet<string>>.Empty);
}

/// <summary>Where the parts of a combination must be found.</summary>
internal enum CombinationScope
{
    /// <summary>In one sentence of one message (<c>sameSentence</c>).</summary>
    Sentence,

    /// <summary>Anywhere in one message (<c>sameMessage</c>).</summary>
    Message,

    /// <summary>In one message or spread over the messages of a conversation (the default).</summary>
    Conversation,
}

internal enum TriggerCategory
{
    Negated,
    Historical,
    Resolved,
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
/// <param name="UnlessOwn">True when the trigger does nothing in a sentence with a word of <c>context.own</c> ("I", "my").</param>
/// <param name="WholeClause">
/// True when the trigger reaches its whole clause, over termination terms ("what if my back got worse and I started
/// leaking"), up to a new clause after punctuation, the sentence end or, with <paramref name="WhenAsked"/>, the question.
/// </param>
/// <param name="WhenAsked">
/// True when the trigger counts only in a sentence that goes on to ask for advice (<c>context.asks</c>: "should I", "would
/// that be"), and reaches only the words before that question ("if I slip on ice, do I need an x-ray?").
/// </param>
/// <param name="AsksWriter">
/// True for a question someone else asks the writer ("the nurse asked if", "the form asks"): a bare answer of
/// <c>context.answersNo</c> after it ("I said no", "- no and no") denies what it asked.
/// </param>
internal sealed record Trigger(
    TriggerCategory Category, TriggerDirection Direction, int? Window, bool EndsAtFirstPerson, bool UnlessOwn = false, bool WholeClause = false, bool WhenAsked = false,
    bool AsksWriter = false);

/// <summary>The rule file compiled for matching. Immutable.</summary>
internal sealed class CompiledRules
{
    public required Vocabulary Vocabulary { get; init; }

    public required PhraseMatcher<Concept> Concepts { get; init; }

    public required PhraseMatcher<Concept> Exceptions { get; init; }

    public required PhraseMatcher<Trigger> Triggers { get; init; }

    public required PhraseMatcher<bool> Pseudo { get; init; }

    /// <summary>
    /// Terms that end a trigger's reach ("but", "and my"). The payload is false for a coordinated verb that goes on about
    /// the same person ("and has"): it ends negation, history and hypotheticals, not someone else's symptoms.
    /// </summary>
    public required PhraseMatcher<bool> Termination { get; init; }

    public required FrozenSet<int> ClauseStarters { get; init; }

    public required FrozenSet<int> FirstPerson { get; init; }

    /// <summary>Words that show a sentence is about the writer ("I", "my"), for triggers marked <c>unlessOwn</c>.</summary>
    public FrozenSet<int> Own { get; init; } = FrozenSet<int>.Empty;

    public required FrozenSet<int> NotInGaps { get; init; }

    /// <summary>Words such as "it" and "that" that, before a resolved trigger, point back to an earlier message.</summary>
    public required FrozenSet<int> ReferBack { get; init; }

    /// <summary>Words a phrase may pass over between two of its words ("really", "even").</summary>
    public required FrozenSet<int> Fillers { get; init; }

    /// <summary>
    /// Phrases by which a later sentence says the writer has what an earlier question asked about ("does back pain cause
    /// leg cramps? I get them most days"): the question's mentions are then reports. Empty when the file lists none.
    /// </summary>
    public PhraseMatcher<bool> ReportsBack { get; init; } = new([]);

    /// <summary>
    /// Phrases by which a later sentence or clause says the writer has nothing of what an earlier question asked about
    /// ("is it true that a pulsing in the stomach can mean an aneurysm? I have no pain", "the nurse asked about numbness,
    /// I said no"): the question's hypothetical mentions are then set aside as denied. A phrase whose payload is true is
    /// a bare answer (<c>context.answersNo</c>: "I don't", "no and no") and counts only as the whole of its clause.
    /// Empty when the file lists none.
    /// </summary>
    public PhraseMatcher<bool> DeniesAfter { get; init; } = new([]);

    /// <summary>
    /// Phrases that ask for advice about what came before ("should I", "do I need", "would that be"), for triggers marked
    /// <c>whenAsked</c>. Empty when the file lists none.
    /// </summary>
    public PhraseMatcher<bool> Asks { get; init; } = new([]);

    public required ScreeningRules Screening { get; init; }

    /// <summary>
    /// For a rule, the less urgent rules it names alongside itself (<c>keeps</c>): their flags stay when its phrase covers
    /// the same words or a combination gives it from them ("my left leg is getting weaker" is also one-leg weakness).
    /// </summary>
    public FrozenDictionary<string, FrozenSet<string>> Keeps { get; init; } = FrozenDictionary<string, FrozenSet<string>>.Empty;

    public bool KeepsAlongside(string code, string lessUrgent) =>
        Keeps.TryGetValue(code, out var kept) && kept.Contains(lessUrgent);

    /// <summary>
    /// For a rule, the rules whose words the second opinion may not read as it (<c>notReadFrom</c>): "my toes go dead
    /// when I walk far" is numbness, which the model must not turn into one-leg weakness.
    /// </summary>
    public FrozenDictionary<string, FrozenSet<string>> NotReadFrom { get; init; } = FrozenDictionary<string, FrozenSet<string>>.Empty;

    public bool IsNotReadFrom(string code, string other) =>
        NotReadFrom.TryGetValue(code, out var others) && others.Contains(other);

    public required Combination[] Combinations { get; init; }

    /// <summary>Codes of the rules whose past mention still counts (<c>historyIsRedFlag</c>), for the second opinion.</summary>
    public FrozenSet<string> HistoryCounts { get; init; } = FrozenSet<string>.Empty;
}
