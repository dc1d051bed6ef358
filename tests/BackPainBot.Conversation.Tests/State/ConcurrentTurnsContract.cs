using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Handoffs.State;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>
/// Turns of one conversation arriving at two bot instances at once, each instance the real bot with its own adapter,
/// state storage and conversation lock on one shared database, run once per provider: no turn's changes are lost, a
/// turn that escapes the lock fails instead of overwriting, and a conversation can move between instances turn by turn.
/// </summary>
public abstract class ConcurrentTurnsContract : IAsyncLifetime
{
    private const int TurnsPerInstance = 20;

    private readonly List<IAsyncDisposable> _resources = [];

    [SkippableFact]
    public async Task TurnsOfOneConversationOnTwoInstancesAtOnce_NoChangeIsLost()
    {
        var a = await StartBotAsync();
        var b = await StartBotAsync();

        await Task.WhenAll(Task.Run(() => ThankAsync(a, "a")), Task.Run(() => ThankAsync(b, "b")));

        var data = (await a.StoredDataAsync())!;
        Assert.Equal(2 * TurnsPerInstance, data.MessageCount);
        var kept = data.PatientMessages(ConversationData.MaxTranscriptEntries);
        Assert.Equal(kept.Count, kept.Distinct().Count());
        Assert.Contains($"thanks a{TurnsPerInstance}", kept);
        Assert.Contains($"thanks b{TurnsPerInstance}", kept);
    }

    [SkippableFact]
    public async Task TurnThatRanWithoutTheLock_FailsInsteadOfOverwritingTheOtherTurn()
    {
        var paused = new PausingStateStore(await StartStoreAsync());
        var a = new BotHarness(stateStore: paused);
        var b = new BotHarness(stateStore: await StartStoreAsync());
        await b.SayAsync("thanks b1");

        // a reads the state b saved, then stops just before saving its own; b saves another turn meanwhile.
        var pause = paused.PauseNextWrite();
        var aTurn = a.SayAsync("thanks a1");
        await pause.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        await b.SayAsync("thanks b2");
        pause.Release();

        await Assert.ThrowsAsync<StateConflictException>(() => aTurn);
        var data = (await b.StoredDataAsync())!;
        Assert.Equal(2, data.MessageCount);
        Assert.Equal(["thanks b1", "thanks b2"], data.PatientMessages(10));
    }

    [SkippableFact]
    public async Task TurnsAtOnceWithoutTheLock_EveryTurnEitherSavesOnTheLatestStateOrFails()
    {
        var a = new BotHarness(stateStore: await StartStoreAsync());
        var b = new BotHarness(stateStore: await StartStoreAsync());
        await a.SayAsync("thanks");

        var outcomes = await Task.WhenAll(Task.Run(() => TryThankAsync(a, "a")), Task.Run(() => TryThankAsync(b, "b")));

        var saved = outcomes.Sum(o => o.Saved);
        Assert.Equal(2 * TurnsPerInstance, saved + outcomes.Sum(o => o.Conflicts));
        Assert.Equal(1 + saved, (await a.StoredDataAsync())!.MessageCount);
    }

    [SkippableFact]
    public async Task BookingStartedOnOneInstance_ContinuesOnTheOtherTurnByTurn()
    {
        var a = await StartBotAsync();
        var b = await StartBotAsync();

        Assert.Equal(a.Responses.AskName, (await a.SayAsync("I'd like to book an appointment"))[^1].Text);
        Assert.Equal(b.Responses.AskContact, Assert.Single(await b.SayAsync("My name is Jane Smith")).Text);
        Assert.Equal(a.Responses.AskTime, Assert.Single(await a.SayAsync("(801) 555-0142")).Text);
        var confirm = Assert.Single(await b.SayAsync("as soon as possible"));

        Assert.Contains("Name: Jane Smith", confirm.Text);
        Assert.Contains("Contact: (801) 555-0142", confirm.Text);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var resource in Enumerable.Reverse(_resources))
        {
            await resource.DisposeAsync();
        }
    }

    /// <summary>
    /// The state store of one more bot instance on the shared database (the provider's single store when it is a
    /// single-instance one); skips when the provider is unavailable.
    /// </summary>
    protected abstract Task<IConversationStateStore> StartStoreAsync();

    /// <summary>The conversation lock of the instance whose store <see cref="StartStoreAsync"/> last returned.</summary>
    protected abstract IConversationLock LockOfLastInstance();

    protected T Track<T>(T resource)
        where T : IAsyncDisposable
    {
        _resources.Add(resource);
        return resource;
    }

    private async Task<BotHarness> StartBotAsync()
    {
        var store = await StartStoreAsync();
        return new BotHarness(stateStore: store, turnLock: LockOfLastInstance());
    }

    private static async Task ThankAsync(BotHarness bot, string instance)
    {
        for (var i = 1; i <= TurnsPerInstance; i++)
        {
            Assert.Equal(bot.Responses.YoureWelcome, Assert.Single(await bot.SayAsync($"thanks {instance}{i}")).Text);
        }
    }

    private static async Task<(int Saved, int Conflicts)> TryThankAsync(BotHarness bot, string instance)
    {
        var (saved, conflicts) = (0, 0);
        for (var i = 1; i <= TurnsPerInstance; i++)
        {
            try
            {
                await bot.SayAsync($"thanks {instance}{i}");
                saved++;
            }
            catch (StateConflictException)
            {
                conflicts++;
            }
        }

        return (saved, conflicts);
    }
}
