using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Finds the clauses of a message that tell the story around its question rather than ask it: in "since starting new
/// medication I've gained 8 kilos, could the weight be why my back hurts" the first clause says what happened and the
/// second asks. A topic the articles do not cover that is only mentioned in the story (the medication, a child walked to
/// school, the weather, a knee that is fine) is the occasion, not what the patient asks about.
/// </summary>
/// <remarks>
/// A clause ends at a punctuation mark, a dash or "but"; it asks when it ends with a question mark or opens with a
/// question word, an auxiliary or a request ("could my feet...", "so why...", "any link", "tell me..."). A message with
/// no clause that asks ("I put on weight, now my back aches on walks") asks in its last clause.
/// </remarks>
internal static partial class StoryClauseSpans
{
    /// <summary>Character ranges (start inclusive, end exclusive) of the clauses that do not ask.</summary>
    public static List<(int Start, int End)> Find(string question)
    {
        var clauses = new List<(int Start, int End, bool Asks)>();
        var start = 0;
        foreach (Match boundary in Boundary().Matches(question))
        {
            Add(clauses, question, start, boundary.Index, boundary.Value.Contains('?', StringComparison.Ordinal));
            start = boundary.Index + boundary.Length;
        }

        Add(clauses, question, start, question.Length, false);
        var story = new List<(int, int)>();
        if (clauses.Count < 2)
        {
            return story;
        }

        var anyAsks = clauses.Exists(c => c.Asks);
        for (var i = 0; i < clauses.Count; i++)
        {
            var asks = anyAsks ? clauses[i].Asks : i == clauses.Count - 1;
            if (!asks)
            {
                story.Add((clauses[i].Start, clauses[i].End));
            }
        }

        return story;
    }

    /// <summary>
    /// Whether the words at <paramref name="start"/>..<paramref name="end"/> are what the story clause beginning at
    /// <paramref name="clauseStart"/> is about: its subject, doing or having something ("my kid has flat feet", "my
    /// son keeps complaining"). A subject that is only said to be fine ("my knees are fine") is not the story's topic.
    /// </summary>
    public static bool IsSubject(string question, int clauseStart, int start, int end) =>
        clauseStart <= start && end <= question.Length
        && Determiners().IsMatch(question.AsSpan(clauseStart, start - clauseStart))
        && Predicate().IsMatch(question[end..]);

    private static void Add(List<(int Start, int End, bool Asks)> clauses, string text, int start, int end, bool questionMark)
    {
        var clause = text[start..end];
        if (clause.Any(char.IsLetter))
        {
            clauses.Add((start, end, questionMark || Asking().IsMatch(clause)));
        }
    }

    // Only determiners and possessives before the subject.
    [GeneratedRegex(
        @"^\s*(?:(?:my|our|his|her|their|your|the|a|an|and|so|also|both|well|oh|hey|hi)\s+)*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Determiners();

    // A verb right after the subject, unless it says the subject is fine.
    [GeneratedRegex(
        @"^\s*(?:[’']s\s+)?(?:has|have|had|is|are|was|were|gets|got|keeps|kept|needs|does|did|can|can't|cant|cannot|won't|wont|complains|complained|feels|seems|started|starts)\b(?!\s+(?:totally\s+|perfectly\s+|completely\s+|all\s+|actually\s+|absolutely\s+)?(?:fine|ok|okay|good|great|normal|alright|all\s+right|not\s+the\s+problem)\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Predicate();

    // Sentence and clause ends: punctuation, a spaced dash, "but" and its kin.
    [GeneratedRegex(
        @"[.!?;:,\n]+|\s[-–—]+\s|\b(?:but|though|although)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    // A clause that opens (after "so", "and", "honestly"...) with a question word, an auxiliary or a request.
    [GeneratedRegex(
        @"^\s*(?:(?:so|and|then|now|also|just|honestly|seriously|ok|okay|well|like|hey|hi|hello|lol|basically|anyway|but|or|please|pls|plz)\s+)*(?:how|hows|how's|what|whats|what's|wat|wot|why|whys|(?:when|where)(?=\s+(?:should|do|does|did|is|are|am|was|were|can|could|will|would|must|shall|to)\b)|which|who|whose|is|isn't|isnt|are|aren't|arent|am|was|were|do|does|did|don't|dont|doesn't|doesnt|can|can't|cant|cn|could|cud|should|shouldn't|shouldnt|shud|shall|would|wouldn't|wud|will|won't|wont|may|might|must|any|anyone|anything|tell|explain|help|give|list|worth|time\s+to|ok\s+to|okay\s+to|fine\s+to|safe\s+to)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Asking();
}
