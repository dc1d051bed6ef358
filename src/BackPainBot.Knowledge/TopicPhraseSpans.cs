using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Finds where a question restates the article's own topic as a description: "when do I need a chiropractor for back
/// pain that comes from my ankles", "who treats back pain coming from the feet", "back pain that starts in the feet",
/// "linked to my feet", "ankle-related back pain", "back pain from her feet", "from foot and ankle trouble". The question is about what it names
/// besides (the chiropractor); the description is what every section is about, and without this its words ("ankles",
/// "comes from") pull the question to the section on why ankles matter. Its words weigh like a later step's
/// (<see cref="BeforeClauseSpans"/>): less, when the rest of the question names a clinic word.
/// </summary>
internal static partial class TopicPhraseSpans
{
    /// <summary>Character ranges (start inclusive, end exclusive) of the descriptions.</summary>
    public static List<(int Start, int End)> Find(string question) => TextSpans.Of(Pattern(), question);

    [GeneratedRegex(
        @"\b(?:that\s+|which\s+)?(?:(?:comes?|coming|came|stems?|stemming|starts?|starting|started|originates?|originating)\s+(?:from|in)|(?:linked|related|connected|due)\s+to|caused\s+by)\s+(?:my|the|your|our|his|her|their)\s+(?:ankles?|feet|foot|legs?)\b|\b(?:ankle|foot|feet)\s*-?\s*related\b|\bpain\s+from\s+(?:my|the|your|our|his|her|their)\s+(?:ankles?|feet|foot|legs?)\b|\bfrom\s+(?:(?:my|the|his|her|their)\s+)?(?:foot|feet|ankles?)(?:\s+(?:and|or|&)\s+(?:foot|feet|ankles?))?\s+(?:trouble|troubles|problems?|issues?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
