using System.Collections.Frozen;

namespace BackPainBot.Triage.Entities;

/// <summary>
/// Cheap checks run before a recognizer: most messages hold no number, time or address, and the recognizers'
/// regular expressions are far slower than a scan of the words.
/// </summary>
internal static class TextHints
{
    private static readonly FrozenSet<string> NumberWords = Words(
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
        "seventy", "eighty", "ninety", "hundred", "thousand", "dozen", "couple", "few", "several", "half");

    private static readonly FrozenSet<string> DurationWords = Words(
        "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "fortnight", "fortnights", "month", "months",
        "year", "years", "since");

    private static readonly FrozenSet<string> TimeWords = Words(
        "today", "tonight", "tomorrow", "tmrw", "tmr", "morning", "afternoon", "evening", "night", "noon", "midday", "midnight",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur",
        "thurs", "fri", "sat", "sun", "weekend", "week", "next", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "am", "pm");

    // Units the distance recognizer would have to find for ExtractMiles to return anything.
    private static readonly FrozenSet<string> DistanceWords = Words(
        "mile", "miles", "mi", "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres", "k");

    // A pain score is only read next to one of these (or a '/'): "pain is 7", "8 out of 10", "7 on a scale".
    private static readonly FrozenSet<string> ScoreWords = Words(
        "pain", "score", "rate", "rated", "rating", "level", "hurts", "scale", "out", "outta");

    public static bool HasNumber(string text) => HasDigit(text) || HasWord(text, NumberWords);

    /// <summary>A number and a mile or kilometre unit ("450 miles", "700km", "four hundred miles").</summary>
    public static bool MayHaveDistance(string text) => HasNumber(text) && (HasWord(text, DistanceWords) || HasDigitThenUnit(text));

    /// <summary>A number and a score word or '/' ("8/10", "pain is a 7", "six out of ten").</summary>
    public static bool MayHavePainScore(string text) => HasNumber(text) && (text.Contains('/') || HasWord(text, ScoreWords));

    public static bool HasDuration(string text) => HasWord(text, DurationWords);

    public static bool HasTime(string text) => HasNumber(text) || HasWord(text, TimeWords);

    public static bool HasDigit(string text) => text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;

    public static int CountDigits(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }

    // "700km", "5mi": a unit written straight after the digits is not a word of its own.
    private static bool HasDigitThenUnit(string text)
    {
        var span = text.AsSpan();
        for (var i = 1; i < span.Length; i++)
        {
            if (char.IsAsciiDigit(span[i - 1]) && char.IsLetter(span[i]))
            {
                var end = i;
                while (end < span.Length && char.IsLetter(span[end]))
                {
                    end++;
                }

                if (DistanceWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(span[i..end]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasWord(string text, FrozenSet<string> words)
    {
        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && !char.IsLetter(span[i]))
            {
                i++;
            }

            var start = i;
            while (i < span.Length && char.IsLetter(span[i]))
            {
                i++;
            }

            if (i > start && lookup.Contains(span[start..i]))
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenSet<string> Words(params string[] words) => words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
