using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Finds asides that say how to answer or why the patient does something, not what the question is about: "explain it
/// like I'm five", "in plain English", "I power walk to burn calories", "hello doctor", "sorry for my English", "according to you guys". Without
/// this "toddler" (a child) or "calories" (diet), both out of scope on their own, would refuse a question about ankles or
/// strides, and a greeting to the doctor would pull the answer towards "see a doctor".
/// </summary>
internal static partial class AsideSpans
{
    /// <summary>Character ranges (start inclusive, end exclusive) of the asides.</summary>
    public static List<(int Start, int End)> Find(string question) => TextSpans.Of(Pattern(), question);

    [GeneratedRegex(
        @"\b(?:like|as\s+if|as\s+though)\s+(?:i[’']?m|i\s+am|im|i\s+was)\s+(?:a\s+)?(?:5|five|a\s+five\s+year\s+old|toddler|child|kid|baby|little\s+kid|dummy|idiot)\b|\bfor\s+(?:dummies|a\s+(?:5|five)\s+year\s+old)\b|\bin\s+(?:plain|simple)\s+(?:english|terms|words)\b|\b(?:to|and|for)\s+burn\s+(?:off\s+|some\s+|more\s+|extra\s+)?(?:calories|cals)\b|^\W*(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening))\s+(?:there\s+)?(?:doctor|doc|dr|nurse|sir|madam|team|clinic)\b|\b(?:(?:sorry|excuse|apologies)\s+(?:for\s+)?(?:my\s+)?(?:bad\s+|poor\s+|broken\s+)?english|(?:my\s+)?english\s+(?:is\s+)?(?:not\s+(?:so\s+|very\s+)?good|bad|poor|not\s+my\s+first\s+language)|(?:i\s+am|i'm|im)\s+(?:still\s+)?learning\s+english)\b|\baccording\s+to\s+(?:you(?:\s+guys|\s+lot|\s+all)?|y'?all|your\s+(?:clinic|team|article|site|website|blog)|ur\s+(?:clinic|team|article|site|website|blog)|the\s+(?:clinic|article|site|website|blog))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
