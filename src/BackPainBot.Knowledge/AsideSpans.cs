using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Finds asides that say how to answer or why the patient does something, not what the question is about: "explain it
/// like I'm five", "in plain English", "I power walk to burn calories". Without this "toddler" (a child) or "calories"
/// (diet), both out of scope on their own, would refuse a question about ankles or strides.
/// </summary>
internal static partial class AsideSpans
{
    /// <summary>Character ranges (start inclusive, end exclusive) of the asides.</summary>
    public static List<(int Start, int End)> Find(string question) => TextSpans.Of(Pattern(), question);

    [GeneratedRegex(
        @"\b(?:like|as\s+if|as\s+though)\s+(?:i[’']?m|i\s+am|im|i\s+was)\s+(?:a\s+)?(?:5|five|a\s+five\s+year\s+old|toddler|child|kid|baby|little\s+kid|dummy|idiot)\b|\bfor\s+(?:dummies|a\s+(?:5|five)\s+year\s+old)\b|\bin\s+(?:plain|simple)\s+(?:english|terms|words)\b|\b(?:to|and|for)\s+burn\s+(?:off\s+|some\s+|more\s+|extra\s+)?(?:calories|cals)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
