namespace BackPainBot.Conversation.Tests.Support;

/// <summary>A clock that moves only when told, for idle expiry.</summary>
internal sealed class MovableClock : TimeProvider
{
    private DateTimeOffset _now = FixedClock.Default;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
