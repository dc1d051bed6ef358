using System.Globalization;
using BackPainBot.Triage.Entities;
using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.DateTime;
using Microsoft.Recognizers.Text.Number;
using Microsoft.Recognizers.Text.NumberWithUnit;
using Microsoft.Recognizers.Text.Sequence;

namespace BackPainBot.Triage;

/// <summary>
/// Finds distances, durations, pain scores, contact details and preferred times with Microsoft.Recognizers.Text.
/// The recognizer models are built (and warmed up) once in the constructor; one instance serves every thread.
/// Times are resolved in the clinic's time zone relative to the injected clock.
/// </summary>
public sealed class EntityExtractor : IEntityExtractor
{
    private const double KilometersPerMile = 1.609344;
    private const int MaxPainScore = 10;

    private static readonly string[] PainKeywords = ["pain", "score", "rate", "rated", "rating", "level", "hurts", "scale"];

    // Words that may stand between "pain" and its score: "my pain is about a 7", "I'd rate it an 8".
    private static readonly string[] PainFillers =
    [
        "is", "s", "at", "of", "about", "around", "like", "a", "an", "maybe", "probably", "currently", "now", "today", "was",
        "been", "has", "sits", "gets", "to", "up", "i'd", "say", "would", "it", "me", "my", "the", "solid", "easily", "roughly",
        "approximately", "honestly", "right", "level", "score", "scale", "out", "on", "its", "it's", "pretty", "much",
    ];

    private static readonly string[] ScoreSuffixes = ["/", "out of", "outta", "on a scale", "on the scale", "on a pain scale", "on the pain scale"];

    private readonly TimeProvider _clock;
    private readonly TimeZoneInfo _timeZone;
    private readonly IModel _dimension;
    private readonly DateTimeModel _dateTime;
    private readonly IModel _number;
    private readonly IModel _phone;
    private readonly IModel _email;

    /// <summary>Builds the recognizer models; takes a second or two, so create one instance at start-up.</summary>
    /// <param name="clock">The clock "tomorrow" and "next Tuesday" are relative to.</param>
    /// <param name="clinic">Its <see cref="ClinicOptions.TimeZone"/> (IANA) is where times are resolved.</param>
    /// <exception cref="ArgumentException">The clinic's time zone is not a known IANA time zone.</exception>
    public EntityExtractor(TimeProvider clock, ClinicOptions clinic)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(clinic);
        _clock = clock;
        _timeZone = FindTimeZone(clinic.TimeZone);
        _dimension = new NumberWithUnitRecognizer(Culture.English).GetDimensionModel();
        _dateTime = new DateTimeRecognizer(Culture.English).GetDateTimeModel();
        _number = new NumberRecognizer(Culture.English).GetNumberModel();
        var sequence = new SequenceRecognizer(Culture.English);
        _phone = sequence.GetPhoneNumberModel();
        _email = sequence.GetEmailModel();
        WarmUp();
    }

    /// <summary>The clinic's time zone, in which times are resolved.</summary>
    public TimeZoneInfo TimeZone => _timeZone;

    /// <inheritdoc />
    public double? ExtractMiles(string message)
    {
        if (string.IsNullOrEmpty(message) || !TextHints.MayHaveDistance(message))
        {
            return null;
        }

        foreach (var result in _dimension.Parse(message))
        {
            if (!TryGetDouble(result, "value", out var value))
            {
                continue;
            }

            switch (Get(result, "unit"))
            {
                case "Mile":
                    return value;
                case "Kilometer":
                    return value / KilometersPerMile;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public TimeSpan? ExtractDuration(string message)
    {
        if (string.IsNullOrEmpty(message) || !TextHints.HasDuration(message))
        {
            return null;
        }

        var now = LocalNow();
        foreach (var result in _dateTime.Parse(message, now))
        {
            foreach (var value in Values(result))
            {
                var type = Field(value, "type");
                if (type == "duration" && double.TryParse(Field(value, "value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                {
                    return TimeSpan.FromSeconds(seconds);
                }

                // "since last month": how long from the start of that range until now.
                if (Field(value, "Mod") == "since" && ParseLocal(Field(value, "start"), now) is { } start && start < now)
                {
                    return now - start;
                }
            }
        }

        return null;
    }

    /// <inheritdoc />
    public int? ExtractPainScore(string message)
    {
        if (string.IsNullOrEmpty(message) || !TextHints.MayHavePainScore(message))
        {
            return null;
        }

        foreach (var result in _number.Parse(message))
        {
            if (!TryGetDouble(result, "value", out var value))
            {
                continue;
            }

            var score = Get(result, "subtype") switch
            {
                "fraction" => FractionOfTen(result.Text, value),
                "integer" => ScoreInContext(message, result, value),
                _ => null,
            };
            if (score is >= 0 and <= MaxPainScore)
            {
                return score;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public string? ExtractPhone(string message)
    {
        // Seven digits is the shortest number the recognizer reports; anything shorter cannot be a phone number.
        if (string.IsNullOrEmpty(message) || TextHints.CountDigits(message) < 7)
        {
            return null;
        }

        foreach (var result in _phone.Parse(message))
        {
            var text = result.Text.Trim();
            var digits = string.Concat(text.Where(char.IsAsciiDigit));
            var international = text.StartsWith('+');
            if (international ? digits.Length is >= 8 and <= 15 : IsNorthAmerican(digits))
            {
                return international ? "+" + digits : digits;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public string? ExtractEmail(string message)
    {
        if (string.IsNullOrEmpty(message) || !message.Contains('@'))
        {
            return null;
        }

        var result = _email.Parse(message).FirstOrDefault();
        if (result is null)
        {
            return null;
        }

        // The recognizer lower-cases what it returns; the original spelling is kept.
        return result.Start >= 0 && result.End < message.Length && result.End >= result.Start
            ? message.Substring(result.Start, result.End - result.Start + 1)
            : result.Text;
    }

    /// <inheritdoc />
    public DateTimeOffset? ExtractPreferredTime(string message)
    {
        if (string.IsNullOrEmpty(message) || !TextHints.HasTime(message))
        {
            return null;
        }

        var now = _clock.GetUtcNow();
        var localNow = TimeZoneInfo.ConvertTime(now, _timeZone).DateTime;
        foreach (var result in _dateTime.Parse(message, localNow))
        {
            if (LooksLikeScore(result.Text))
            {
                continue;
            }

            DateTimeOffset? best = null;
            foreach (var value in Values(result))
            {
                if (FutureStart(value, localNow, now) is { } candidate && (best is null || candidate < best))
                {
                    best = candidate;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    private DateTimeOffset? FutureStart(IDictionary<string, string> value, DateTime localNow, DateTimeOffset now)
    {
        DateTime? start;
        DateTime? end;
        switch (Field(value, "type"))
        {
            case "datetime":
                start = ParseLocal(Field(value, "value"), localNow);
                end = null;
                break;
            case "date":
                start = ParseLocal(Field(value, "value"), localNow);
                end = start?.AddDays(1);
                break;
            case "time":
                // "at 3pm": today if still ahead, otherwise tomorrow.
                start = ParseLocal(Field(value, "value"), localNow);
                if (start < localNow)
                {
                    start = start.Value.AddDays(1);
                }

                end = null;
                break;
            case "datetimerange" or "daterange" or "timerange":
                start = ParseLocal(Field(value, "start"), localNow);
                end = ParseLocal(Field(value, "end"), localNow);
                break;
            default:
                return null;
        }

        if (start is { } s && ToClinicTime(s) is var startTime && startTime >= now)
        {
            return startTime;
        }

        // A range that has begun but not ended ("today", "this afternoon"): the earliest moment left is now.
        if (end is { } e && ToClinicTime(e) > now)
        {
            var nextMinute = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), now.Offset).AddMinutes(1);
            return TimeZoneInfo.ConvertTime(nextMinute, _timeZone);
        }

        return null;
    }

    private DateTimeOffset ToClinicTime(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // In the spring-forward gap the wall clock skips an hour; 2:30 that night is 3:30.
        if (_timeZone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, _timeZone.GetUtcOffset(local));
    }

    private DateTime LocalNow() => TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), _timeZone).DateTime;

    private static DateTime? ParseLocal(string? value, DateTime today)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTime.TryParseExact(value, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
        {
            return dateTime;
        }

        return TimeOnly.TryParseExact(value, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? today.Date + time.ToTimeSpan()
            : null;
    }

    private static int? FractionOfTen(string text, double value)
    {
        var separator = new[] { "/", " out of ", " outta ", " over " }
            .Select(s => (s, index: text.IndexOf(s, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(p => p.index > 0);
        if (separator.s is null)
        {
            return null;
        }

        var denominator = text[(separator.index + separator.s.Length)..].Trim();
        return denominator is "10" or "ten" ? (int)Math.Round(value * 10) : null;
    }

    private static int? ScoreInContext(string message, ModelResult result, double value)
    {
        if (value is < 0 or > MaxPainScore || value != Math.Floor(value))
        {
            return null;
        }

        var after = message[Math.Min(message.Length, result.End + 1)..].TrimStart();
        if (ScoreSuffixes.Any(s => after.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            return (int)value;
        }

        // "pain is a 7", "I'd rate it 8": a pain word, then only small words, then the number.
        var before = message[..Math.Max(0, result.Start)];
        foreach (var word in WordsBackwards(before).Take(6))
        {
            if (PainKeywords.Contains(word))
            {
                return (int)value;
            }

            if (!PainFillers.Contains(word))
            {
                break;
            }
        }

        return null;
    }

    private static IEnumerable<string> WordsBackwards(string text)
    {
        var words = text.ToLowerInvariant()
            .Split([' ', ',', ':', ';', '-', '(', ')', '"', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = words.Length - 1; i >= 0; i--)
        {
            var word = words[i].Replace('\u2019', '\'');
            if (word.EndsWith("'s", StringComparison.Ordinal))
            {
                // "pain's a 5" is "pain is a 5".
                yield return "is";
                yield return word[..^2];
                continue;
            }

            yield return word.Trim('.', '!', '?');
        }
    }

    private static bool IsNorthAmerican(string digits) =>
        (digits.Length == 10 && digits[0] is >= '2' and <= '9')
        || (digits.Length == 11 && digits[0] == '1' && digits[1] is >= '2' and <= '9');

    // The date recognizer reads "8/10" as 10 August; in this bot it is a pain score.
    private static bool LooksLikeScore(string text) =>
        text.EndsWith("/10", StringComparison.Ordinal) && text.Length <= 5 && text[..^3].All(char.IsAsciiDigit);

    private static IEnumerable<IDictionary<string, string>> Values(ModelResult result) =>
        result.Resolution?.TryGetValue("values", out var values) == true && values is IEnumerable<IDictionary<string, string>> list
            ? list
            : [];

    private static string? Field(IDictionary<string, string> value, string key) =>
        value.TryGetValue(key, out var field) ? field : null;

    private static string? Get(ModelResult result, string key) =>
        result.Resolution?.TryGetValue(key, out var value) == true ? value?.ToString() : null;

    private static bool TryGetDouble(ModelResult result, string key, out double value) =>
        double.TryParse(Get(result, key), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static TimeZoneInfo FindTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new ArgumentException($"Clinic:TimeZone '{id}' is not a known IANA time zone (e.g. America/Denver).", nameof(id), ex);
        }
    }

    // The recognizers compile their expressions on first use; paying that at start-up keeps the first patient's
    // reply fast.
    private void WarmUp()
    {
        const string sample = "For three weeks, about 450 miles or 700 km; pain is 8 out of 10. Next Tuesday at 3pm? Call (801) 555-0142 or jane@example.com";
        _ = _dimension.Parse(sample);
        _ = _dateTime.Parse(sample, LocalNow());
        _ = _number.Parse(sample);
        _ = _phone.Parse(sample);
        _ = _email.Parse(sample);
    }
}
