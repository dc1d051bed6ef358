using BackPainBot.Handoffs;
using BackPainBot.Staff;
using BackPainBot.Testing;
using BackPainBot.Tests.DirectLine;
using Microsoft.Extensions.Options;

namespace BackPainBot.Tests.Staff;

/// <summary>What every sign-in throttle does, run once per provider by the subclasses below.</summary>
public abstract class SignInThrottleContractTests
{
    protected static readonly StaffOptions Settings = new()
    {
        MaxFailedSignInsPerUser = 3,
        MaxFailedSignInsPerAddress = 5,
        SignInWindow = TimeSpan.FromMinutes(15),
    };

    protected ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    [SkippableFact]
    public async Task FailuresForOneAccount_PastTheLimit_AreRefusedUntilTheOldestLeavesTheWindow()
    {
        var throttle = Throttle();
        for (var i = 0; i < 3; i++)
        {
            Assert.False((await throttle.CheckAsync("dana", "10.0.0.1")).Blocked);
            await throttle.RecordFailureAsync("dana", "10.0.0.1");
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        // From another address and in another case: still the same account.
        var (blocked, retryAfter) = await throttle.CheckAsync("DANA", "10.0.0.2");
        Assert.True(blocked);
        Assert.Equal(TimeSpan.FromMinutes(12), retryAfter);

        Clock.Advance(TimeSpan.FromMinutes(12));
        Assert.False((await throttle.CheckAsync("dana", "10.0.0.2")).Blocked);
    }

    [SkippableFact]
    public async Task FailuresFromOneAddress_PastTheLimit_RefuseEveryAccount()
    {
        var throttle = Throttle();
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await throttle.RecordFailureAsync(name, "10.0.0.9");
        }

        Assert.True((await throttle.CheckAsync("alex", "10.0.0.9")).Blocked);
        Assert.False((await throttle.CheckAsync("alex", "10.0.0.10")).Blocked);
    }

    [SkippableFact]
    public async Task SuccessfulSignIn_ClearsTheAccountsFailuresButNotTheAddresss()
    {
        var throttle = Throttle();
        for (var i = 0; i < 5; i++)
        {
            await throttle.RecordFailureAsync(i < 3 ? "dana" : "x" + i, "10.0.0.1");
        }

        await throttle.RecordSuccessAsync("Dana");

        Assert.False((await throttle.CheckAsync("dana", "10.0.0.2")).Blocked);
        Assert.True((await throttle.CheckAsync("dana", "10.0.0.1")).Blocked);
    }

    protected abstract ISignInThrottle Throttle();
}

public sealed class InMemorySignInThrottleTests : SignInThrottleContractTests
{
    protected override ISignInThrottle Throttle() => new SignInThrottle(Options.Create(Settings), Clock);
}

public sealed class PostgresSignInThrottleTests : SignInThrottleContractTests, IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>Two instances on one database count the same failures: spreading guesses over them gains nothing.</summary>
    [SkippableFact]
    public async Task FailuresOnTwoInstances_AddUp()
    {
        var one = Throttle();
        var two = Throttle(sameDatabase: true);

        await one.RecordFailureAsync("dana", "10.0.0.1");
        await two.RecordFailureAsync("dana", "10.0.0.2");
        await one.RecordFailureAsync("dana", "10.0.0.3");

        Assert.True((await two.CheckAsync("dana", "10.0.0.4")).Blocked);
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }

    protected override ISignInThrottle Throttle() => Throttle(sameDatabase: false);

    private ISignInThrottle Throttle(bool sameDatabase)
    {
        PostgresTestServer.SkipIfUnavailable();
        var test = sameDatabase ? _owned.OfType<PostgresTestDatabase>().Last() : Own(PostgresTestDatabase.Create());
        var database = Own(PostgresDatabase.Open(test.ConnectionString));
        _ = new PostgresHandoffStore(database); // migrates the handoff, staff and notification tables
        return new PostgresSignInThrottle(database, Options.Create(Settings), Clock);
    }

    private T Own<T>(T owned)
        where T : IDisposable
    {
        _owned.Add(owned);
        return owned;
    }
}
