using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Finds the clause that says what comes later in a question asking what to do first: "should I get assessed before I
/// buy new shoes", "before I start buying new shoes, should I get checked", "a check up first or just new shoes". The
/// question is about the first step; the later one (new shoes) is the occasion, and without this its words outweigh it.
/// </summary>
internal static partial class BeforeClauseSpans
{
    /// <summary>Character ranges (start inclusive, end exclusive) of the clauses.</summary>
    public static List<(int Start, int End)> Find(string question) => TextSpans.Of(Pattern(), question);

    // "before i pick out new shoes", "before buying", "first or just new shoes"; a clause ends at punctuation or where the
    // question starts again ("before i start buying new shoes and stuff should i get assessed first").
    [GeneratedRegex(
        @"\b(?:before\s+(?:i|we|you|buying|getting|spending|picking|changing|shopping|starting|switching|going)\b|(?:first|beforehand)\s+or\s+(?:just\s+)?)(?:(?!\s+(?:should|do|would|is|can|could|shall|must)\s+(?:i|we|you|it)\b)[^.?!;,])*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
