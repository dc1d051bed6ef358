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
    /// <summary>
    /// Adds to <paramref name="spans"/> the story clauses that are not part of the question: one that only says something
    /// is fine ("my legs feel normal and I can pee fine, which surface is best to run on": a denial of a symptom, not a
    /// topic), and, when the question asks for more (<paramref name="asksForMore"/>: "what else", "any other tips"), one
    /// that says what was already done ("ok I already bought new shoes, what else can I do"). A clause with a condition
    /// or a turn ("fine until I put on weight", "fine when I walk") is still the story.
    /// </summary>
    public static void AddSetAside(string question, bool asksForMore, List<(int Start, int End)> spans)
    {
        // "my feet are fine, so why would they be the cause" refers back to what is fine: then it is the topic.
        var fine = FineStatement().IsMatch(question) && !ReferredBack().IsMatch(question);
        if (!fine && !asksForMore)
        {
            return;
        }

        foreach (var (start, end) in Find(question))
        {
            var clause = question.AsSpan(start, end - start);
            if (Condition().IsMatch(clause))
            {
                continue;
            }

            if ((fine && FineStatement().IsMatch(clause)) || (asksForMore && DoneStatement().IsMatch(clause)))
            {
                spans.Add((start, end));
            }
        }
    }

    public static bool IsSubject(string question, int clauseStart, int start, int end) =>
        clauseStart <= start && end <= question.Length
        && Determiners().IsMatch(question.AsSpan(clauseStart, start - clauseStart))
        && Predicate().IsMatch(question[end..]);

    private static void Add(List<(int Start, int End, bool Asks)> clauses, string text, int start, int end, bool questionMark)
    {
        var clause = text[start..end];

        // A tag after a statement ("a bit of pain is fine to walk through, no?", "it's the shoes, right?") makes the
        // statement the question.
        if (questionMark && clauses.Count > 0 && TagQuestion().IsMatch(clause))
        {
            clauses[^1] = clauses[^1] with { Asks = true };
            return;
        }

        if (clause.Any(char.IsLetter))
        {
            clauses.Add((start, end, questionMark || Asking().IsMatch(clause) || Choice().IsMatch(clause)));
        }
    }

    [GeneratedRegex(
        @"^\W*(?:no|right|yeah|yes|yea|ya|eh|correct|true|innit|isn[’']?t\s+it|don[’']?t\s+you\s+think|or\s+not)\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TagQuestion();

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

    // Something said to be fine: "my legs feel normal", "both legs are ok", "peeing is fine", "I can pee fine", "I can go to
    // the toilet normally".
    [GeneratedRegex(
        @"\b(?:is|are|feel|feels|felt|seem|seems|was|were|works|work|working)\s+(?:totally\s+|perfectly\s+|completely\s+|all\s+|absolutely\s+|pretty\s+|both\s+|still\s+)?(?:fine|ok|okay|normal|alright|all\s+right)\b|\b(?:fine|normally|ok|okay)\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FineStatement();

    [GeneratedRegex(@"\b(?:they|them|those|these)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReferredBack();

    // Something already done: "I already bought new shoes", "got new trainers last week", "have replaced my shoes".
    [GeneratedRegex(
        @"\b(?:already|bought|got|replaced|tried|changed|switched|did|done|have\s+been|i've\s+been|ive\s+been)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoneStatement();

    // A condition or a turn inside the clause: then the clause is still the story.
    [GeneratedRegex(
        @"\b(?:until|till|til|unless|except|since|when|whenever|if|now|anymore|then|after|before|but|though|apart)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Condition();

    // Sentence and clause ends: punctuation, a spaced dash, "but" and its kin.
    [GeneratedRegex(
        @"[.!?;:,\n]+|\s[-–—]+\s|\b(?:but|though|although)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    // A short clause that is a choice: "bin or charity shop", "carry on or call it".
    [GeneratedRegex(
        @"^\W*(?:\w+\s+){0,3}or\s+\w+(?:\s+\w+){0,2}\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Choice();

    // A clause that opens (after "so", "and", "honestly"...) with a question word, an auxiliary or a request.
    [GeneratedRegex(
        @"^\s*(?:(?:so|and|then|now|also|just|honestly|seriously|ok|okay|well|like|hey|hi|hello|lol|basically|anyway|but|or|please|pls|plz)\s+)*(?:how|hows|how's|what|whats|what's|wat|wot|why|whys|(?:when|where)(?=\s+(?:should|do|does|did|is|are|am|was|were|can|could|will|would|must|shall|to)\b)|which|who|whose|is|isn't|isnt|are|aren't|arent|am|was|were|do|does|did|don't|dont|doesn't|doesnt|can|can't|cant|cn|could|cud|should|shouldn't|shouldnt|shud|shall|would|wouldn't|wud|will|won't|wont|may|might|must|any|anyone|anything|tell|explain|help|give|list|worth|time\s+to|ok\s+to|okay\s+to|fine\s+to|safe\s+to)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Asking();
}
