namespace BackPainBot.Triage.Tests.Support;

/// <summary>A clock that stands still, so "next Tuesday" resolves the same way in every run.</summary>
internal sealed class FixedClock(DateTimeOffset now, TimeZoneInfo? zone = null) : TimeProvider
{
    /// <summary>Wednesday 25 November 2026, 10:00 in Denver (MST, UTC-7).</summary>
    public static readonly DateTimeOffset WinterWednesday = new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero);

    /// <summary>Wednesday 4 March 2026, 10:00 in Denver (MST); daylight saving time starts on Sunday 8 March.</summary>
    public static readonly DateTimeOffset BeforeSpringForward = new(2026, 3, 4, 17, 0, 0, TimeSpan.Zero);

    /// <summary>Wednesday 1 July 2026, 10:00 in Denver (MDT, UTC-6).</summary>
    public static readonly DateTimeOffset SummerWednesday = new(2026, 7, 1, 16, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>The given time zone, or the machine's.</summary>
    public override TimeZoneInfo LocalTimeZone => zone ?? base.LocalTimeZone;
}
