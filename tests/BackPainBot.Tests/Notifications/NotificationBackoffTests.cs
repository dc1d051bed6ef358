using BackPainBot.Notifications;

namespace BackPainBot.Tests.Notifications;

public sealed class NotificationBackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(30);

    [Fact]
    public void Delay_SameAttemptAndSeed_SameWait()
    {
        Assert.Equal(NotificationBackoff.Delay(3, First, Cap, seed: 42), NotificationBackoff.Delay(3, First, Cap, seed: 42));
    }

    [Fact]
    public void Delay_LaterAttempts_WaitLongerOnAverage()
    {
        static double Mean(int attempt) =>
            Enumerable.Range(0, 200).Average(seed => NotificationBackoff.Delay(attempt, First, Cap, seed: seed).TotalSeconds);

        Assert.True(Mean(1) < Mean(3));
        Assert.True(Mean(3) < Mean(6));
    }

    [Fact]
    public void Delay_ManyAttempts_NeverBeyondTheCap()
    {
        Assert.All(Enumerable.Range(1, 40), attempt =>
            Assert.InRange(NotificationBackoff.Delay(attempt, First, Cap, seed: attempt), TimeSpan.Zero, Cap));
    }

    [Fact]
    public void Delay_DestinationAsksForLonger_WaitsThatLong()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), NotificationBackoff.Delay(1, First, Cap, TimeSpan.FromMinutes(5), seed: 1));
    }

    [Fact]
    public void Delay_DestinationAsksBeyondTheCap_WaitsTheCap()
    {
        Assert.Equal(Cap, NotificationBackoff.Delay(1, First, Cap, TimeSpan.FromHours(5), seed: 1));
    }
}
