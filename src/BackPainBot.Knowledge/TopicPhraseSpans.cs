using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Finds where a question restates the article's own topic as a description: "when do I need a chiropractor for back
/// pain that comes from my ankles", "who treats back pain coming from the feet". The question is about what it names
/// besides (the chiropractor); the description is what every section is about, and without this its words ("ankles",
/// "comes from") pull the question to the section on why ankles matter. Its words weigh like a later step's
/// (<see cref="BeforeClauseSpans"/>): less, when the rest of the question names a clinic word.
/// </summary>
internal static partial class TopicPhraseSpans
{
    /// <summary>Adds the character ranges (start inclusive, end exclusive) of the descriptions to <paramref name="spans"/>.</summary>
    public static void AddTo(string question, List<(int Start, int End)> spans)
    {
        foreach (var match in Pattern().EnumerateMatches(question))
        {
            spans.Add((match.Index, match.Index + match.Length));
        }
    }

    [GeneratedRegex(
        @"\b(?:that\s+|which\s+)?(?:comes?|coming|came|stems?|stemming|starts?|starting|originates?|originating)\s+from\s+(?:my|the|your|our|his|her|their)\s+(?:ankles?|feet|foot|legs?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
