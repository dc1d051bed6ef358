namespace BackPainBot.Conversation.Tests.Support;

/// <summary>A clock that stands still, so dates like "next Tuesday" resolve the same way in every run.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>Wednesday 25 November 2026, 10:00 in Denver (17:00 UTC).</summary>
    public static readonly DateTimeOffset Default = new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;
}
