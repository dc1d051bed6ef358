using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests.Entities;

/// <summary>
/// Entity extraction with Recognizers.Text. The first extractor builds the recognizer models (about a second); later
/// ones reuse the recognizers' own cache, so each test can have its own clock.
/// </summary>
public sealed class EntityExtractorTests
{
    private static readonly TimeSpan MountainStandard = TimeSpan.FromHours(-7);
    private static readonly TimeSpan MountainDaylight = TimeSpan.FromHours(-6);

    private readonly EntityExtractor _extractor = Extractor(FixedClock.WinterWednesday);

    [Theory]
    [InlineData("my shoes have 450 miles on them", 450)]
    [InlineData("I've run 700 km in these", 434.96)]
    [InlineData("about 300 kilometers", 186.41)]
    [InlineData("about four hundred miles", 400)]
    public void ExtractMiles_Distance_ReturnsMiles(string message, double miles)
    {
        Assert.Equal(miles, _extractor.ExtractMiles(message)!.Value, precision: 2);
    }

    [Theory]
    [InlineData("my shoes are old")]
    [InlineData("pain is 8 out of 10")]
    [InlineData("I ran for 20 minutes")]
    public void ExtractMiles_NoDistance_ReturnsNull(string message)
    {
        Assert.Null(_extractor.ExtractMiles(message));
    }

    [Theory]
    [InlineData("it has hurt for 2 months", 60)]
    [InlineData("6 weeks", 42)]
    [InlineData("for a month now", 30)]
    [InlineData("since three weeks", 21)]
    [InlineData("I've had this pain for 10 days", 10)]
    public void ExtractDuration_Duration_ReturnsIt(string message, int days)
    {
        Assert.Equal(TimeSpan.FromDays(days), _extractor.ExtractDuration(message));
    }

    [Fact]
    public void ExtractDuration_SinceARange_CountsFromItsStartToNow()
    {
        // Now is 25 November 10:00; "last month" began on 1 October.
        var duration = _extractor.ExtractDuration("it started since last month");

        Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 0) - new DateTime(2026, 10, 1), duration);
    }

    [Theory]
    [InlineData("my back hurts")]
    [InlineData("next Tuesday at 3pm")]
    public void ExtractDuration_NoDuration_ReturnsNull(string message)
    {
        Assert.Null(_extractor.ExtractDuration(message));
    }

    [Theory]
    [InlineData("pain is 8 out of 10", 8)]
    [InlineData("8/10", 8)]
    [InlineData("it's about 10/10 today", 10)]
    [InlineData("pain is a 7", 7)]
    [InlineData("my back pain's a five", 5)]
    [InlineData("I'd say 7 on a scale of 1 to 10", 7)]
    [InlineData("it's like a six out of ten", 6)]
    [InlineData("pain level: 3", 3)]
    [InlineData("I'd rate it 9", 9)]
    public void ExtractPainScore_Score_ReturnsIt(string message, int score)
    {
        Assert.Equal(score, _extractor.ExtractPainScore(message));
    }

    [Theory]
    [InlineData("12 out of 10")]
    [InlineData("4/5")]
    [InlineData("I've had pain for 6 weeks")]
    [InlineData("I ran 5 miles")]
    [InlineData("I'm 45 and my back hurts")]
    [InlineData("my back hurts")]
    public void ExtractPainScore_NoScoreOutOfTen_ReturnsNull(string message)
    {
        Assert.Null(_extractor.ExtractPainScore(message));
    }

    [Theory]
    [InlineData("(801) 555-0142", "8015550142")]
    [InlineData("801-555-0142", "8015550142")]
    [InlineData("8015550142", "8015550142")]
    [InlineData("801.555.0142", "8015550142")]
    [InlineData("call me at +1 801 555 0142 please", "+18015550142")]
    [InlineData("1 801 555 0142", "18015550142")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void ExtractPhone_PhoneNumber_ReturnsDigits(string message, string phone)
    {
        Assert.Equal(phone, _extractor.ExtractPhone(message));
    }

    [Theory]
    [InlineData("555-0142")]
    [InlineData("pain is 8/10")]
    [InlineData("12/01/2026")]
    [InlineData("call 911")]
    [InlineData("no number here")]
    public void ExtractPhone_NoPhoneNumber_ReturnsNull(string message)
    {
        Assert.Null(_extractor.ExtractPhone(message));
    }

    [Theory]
    [InlineData("jane.smith@example.com please", "jane.smith@example.com")]
    [InlineData("Email: J.Doe+bp@Mail.Example.org.", "J.Doe+bp@Mail.Example.org")]
    public void ExtractEmail_Address_ReturnsItAsTyped(string message, string email)
    {
        Assert.Equal(email, _extractor.ExtractEmail(message));
    }

    [Theory]
    [InlineData("no email here")]
    [InlineData("jane at example dot com")]
    [InlineData("@clinic")]
    public void ExtractEmail_NoAddress_ReturnsNull(string message)
    {
        Assert.Null(_extractor.ExtractEmail(message));
    }

    [Fact]
    public void ExtractPreferredTime_NextTuesdayInWinter_ReturnsMountainStandardTime()
    {
        var time = _extractor.ExtractPreferredTime("Could I come in next Tuesday at 3pm?");

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 15, 0, 0, MountainStandard), time);
        Assert.Equal(MountainStandard, time!.Value.Offset);
    }

    [Fact]
    public void ExtractPreferredTime_NextTuesdayAfterSpringForward_ReturnsMountainDaylightTime()
    {
        // Asked on Wednesday 4 March (MST); clocks go forward on Sunday 8 March, so Tuesday 10 March is MDT.
        var extractor = Extractor(FixedClock.BeforeSpringForward);

        var time = extractor.ExtractPreferredTime("next Tuesday at 3pm");

        Assert.Equal(new DateTimeOffset(2026, 3, 10, 15, 0, 0, MountainDaylight), time);
        Assert.Equal(MountainDaylight, time!.Value.Offset);
    }

    [Theory]
    [InlineData("tomorrow at 10", 2026, 11, 26, 10)]
    [InlineData("Friday morning", 2026, 11, 27, 8)]
    [InlineData("Tuesday at 3pm", 2026, 12, 1, 15)]
    [InlineData("tomorrow", 2026, 11, 26, 0)]
    [InlineData("December 3rd at 2:30 pm", 2026, 12, 3, 14)]
    public void ExtractPreferredTime_FutureTime_ReturnsStartInClinicTime(string message, int year, int month, int day, int hour)
    {
        var time = _extractor.ExtractPreferredTime(message);

        Assert.NotNull(time);
        Assert.Equal(new DateTime(year, month, day, hour, 0, 0), time.Value.DateTime.AddMinutes(-time.Value.Minute));
        Assert.Equal(MountainStandard, time.Value.Offset);
    }

    [Fact]
    public void ExtractPreferredTime_Summer_UsesDaylightOffset()
    {
        var extractor = Extractor(FixedClock.SummerWednesday);

        Assert.Equal(new DateTimeOffset(2026, 7, 2, 10, 0, 0, MountainDaylight), extractor.ExtractPreferredTime("tomorrow at 10"));
    }

    [Fact]
    public void ExtractPreferredTime_UtcAlreadyTomorrow_ResolvesTomorrowInTheClinicsTimeZone()
    {
        // 03:00 UTC on 26 November is still 20:00 on 25 November in Denver.
        var extractor = Extractor(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, MountainStandard), extractor.ExtractPreferredTime("tomorrow at 10"));
    }

    [Fact]
    public void ExtractPreferredTime_OtherClinicTimeZone_ResolvesThere()
    {
        var extractor = new EntityExtractor(new FixedClock(FixedClock.WinterWednesday), new ClinicOptions { TimeZone = "America/New_York" });

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(-5)), extractor.ExtractPreferredTime("tomorrow at 10"));
    }

    [Fact]
    public void ExtractPreferredTime_TodayWhileStillToday_ReturnsTheNextMinute()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 1, 0, MountainStandard), _extractor.ExtractPreferredTime("today please"));
    }

    [Theory]
    [InlineData("today at 9am")]
    [InlineData("yesterday at 5")]
    [InlineData("last Monday")]
    [InlineData("this morning at 8")]
    public void ExtractPreferredTime_PastTime_ReturnsNull(string message)
    {
        Assert.Null(_extractor.ExtractPreferredTime(message));
    }

    [Theory]
    [InlineData("whenever suits")]
    [InlineData("my pain is 8/10")]
    [InlineData("")]
    public void ExtractPreferredTime_NoTime_ReturnsNull(string message)
    {
        Assert.Null(_extractor.ExtractPreferredTime(message));
    }

    [Fact]
    public void Constructor_UnknownTimeZone_NamesTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EntityExtractor(TimeProvider.System, new ClinicOptions { TimeZone = "Mars/Olympus" }));

        Assert.Contains("Clinic:TimeZone 'Mars/Olympus'", ex.Message);
    }

    private static EntityExtractor Extractor(DateTimeOffset now) => new(new FixedClock(now), new ClinicOptions());
}
