using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Finds where a warning sign is felt: "a pinching feeling near my hip", "tingling down into my thigh", "numbness in my
/// toes". The sign (pinching, tingling, numbness, cramps) is what the question is about, and the article says to seek
/// care for it; the body part only says where it is felt. Without this "hip" or "knee" (other body parts, out of scope by
/// the synonyms, as in "my hip hurts") next to the back would be read as the place that hurts and refuse the question.
/// Only the preposition and the place are found, so a question about the hip itself is still refused; the back or the
/// spine as the place is the article's subject and is kept.
/// </summary>
internal static partial class SymptomPlaceSpans
{
    /// <summary>Character ranges (start inclusive, end exclusive) of where the sign is felt ("near my hip").</summary>
    public static List<(int Start, int End)> Find(string question)
    {
        var spans = new List<(int, int)>();
        foreach (Match match in Pattern().Matches(question))
        {
            var place = match.Groups["place"];
            spans.Add((place.Index, place.Index + place.Length));
        }

        return spans;
    }

    // A warning sign, perhaps "feeling" or "sensation", then up to two words ("that goes") and where it is felt.
    [GeneratedRegex(
        @"\b(?:pinch|pinching|pinched|pinchy|tingle|tingles|tingling|tingly|numb|numbness|pins\s+and\s+needles|pins-and-needles|cramp|cramps|cramping)\b(?:\s+(?:feeling|sensation))?(?:\s+\w+){0,2}?\s+(?<place>(?:near|around|in|into|down|down\s+into|towards?|by|close\s+to|next\s+to)\s+(?:my|the|his|her|one|both)\s+(?:(?:left|right|lower|upper)\s+)?(?!back\b|spine\b|lower\b)\w+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
