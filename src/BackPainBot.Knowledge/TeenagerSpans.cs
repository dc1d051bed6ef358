using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Finds where a parent names a teenager by age ("my son is 15", "our 16 yr old", "my daughter (14)", "mum of a 13 year
/// old", "14yo"): the person the question is about, like "my partner" in a story. A teenager walks, runs, lands and puts
/// on weight as the article describes, so these words weigh nothing and the rest of the question is answered; without
/// this "my son" or "my daughter" (a child, out of scope by the synonyms) refuses it. A child of twelve or under ("my 5
/// year old", "my toddler") stays out of scope: a small child's feet and gait are growing, which the article does not
/// cover (<see cref="OutOfScopeRequest"/>).
/// </summary>
internal static partial class TeenagerSpans
{
    /// <summary>Character ranges (start inclusive, end exclusive) of the teenager and their age.</summary>
    public static List<(int Start, int End)> Find(string question) => TextSpans.Of(Pattern(), question);

    // A person word then the age ("my son is 15", "my lad's 16", "my son aged 17", "our teenager (16)"), or the age as
    // the person ("my 14-year-old", "a 13 year old", "15 y/o daughter", "14yo").
    [GeneratedRegex(
        @"\b(?:(?:my|our|his|her)\s+)?(?:son|daughter|boy|girl|lad|lass|kid|child|teen|teenager|grandson|granddaughter)(?:[’']s)?\s*(?:,\s*|\(\s*|is\s+|was\s+|who\s+is\s+|who's\s+|turned\s+|just\s+turned\s+)?(?:aged?\s+)?1[3-9]\b(?:\s*-?\s*(?:years?|yrs?)\s*-?\s*old\b|\s*(?:yo|y/o|yrs?)\b)?\s*\)?"
        + @"|\b(?:(?:my|our|his|her|a|an)\s+)?1[3-9]\s*-?\s*(?:(?:years?|yrs?)\s*-?\s*old|yo|y/o|y\.o\.?)(?:\s+(?:son|daughter|boy|girl|lad|lass|kid|child|teen|teenager|grandson|granddaughter))?\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
