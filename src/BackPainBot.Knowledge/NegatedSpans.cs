using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Finds the parts of a question a patient denies ("no numbness or tingling, just stiffness") or sets aside ("besides
/// seeing a chiropractor", "other than an appointment"), so denied symptoms do not pull the answer towards "when to
/// stop and seek care" and an alternative set aside is not what the question asks for. A cue opens a span that runs to the next punctuation mark or
/// "but"/"just"/"only".
/// </summary>
/// <remarks>
/// Deliberately narrow: "not" is left out because patients use it inside real questions ("should I not run on
/// concrete?"), and dropping a topic word there would lose the answer. Red-flag negation is triage's job; this only
/// keeps ranking honest.
/// </remarks>
internal static partial class NegatedSpans
{
    /// <summary>Character ranges (start inclusive, end exclusive) of denied words.</summary>
    public static List<(int Start, int End)> Find(string question)
    {
        var spans = new List<(int, int)>();
        foreach (Match match in Pattern().Matches(question))
        {
            var scope = match.Groups["scope"];
            spans.Add((scope.Index, scope.Index + scope.Length));
        }

        return spans;
    }

    public static bool Contains(List<(int Start, int End)> spans, int offset)
    {
        foreach (var (start, end) in spans)
        {
            if (offset >= start && offset < end)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(
        @"\b(?:no|without|besides|other\s+than|apart\s+from|aside\s+from|except(?:\s+for)?|never\s+(?:had|have|get|got)|(?:do\s*n[o']?t|don’t|haven[’']?t|have\s+not|didn[’']?t)\s+(?:have|had|get|feel|got))\b(?<scope>(?:(?!\b(?:but|just|only|though|although)\b)[^.,;:!?\n])*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
