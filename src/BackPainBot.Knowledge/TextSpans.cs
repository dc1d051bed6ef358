using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>Where a pattern matches in a question, as character ranges the search can weigh differently.</summary>
internal static class TextSpans
{
    /// <summary>Character ranges (start inclusive, end exclusive) of <paramref name="pattern"/>'s matches.</summary>
    public static List<(int Start, int End)> Of(Regex pattern, string question)
    {
        var spans = new List<(int, int)>();
        foreach (Match match in pattern.Matches(question))
        {
            spans.Add((match.Index, match.Index + match.Length));
        }

        return spans;
    }
}
