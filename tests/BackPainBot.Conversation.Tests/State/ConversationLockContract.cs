using BackPainBot.Handoffs.State;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>What every conversation lock promises, run once per provider, with the lock seen from two instances.</summary>
public abstract class ConversationLockContract : IAsyncLifetime
{
    protected const string Key = "test/conversations/c1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<IAsyncDisposable> _resources = [];

    [SkippableFact]
    public async Task AcquireAsync_KeyHeldByAnotherInstance_WaitsUntilItIsReleased()
    {
        var (one, other) = await CreateAsync();
        var held = await one.AcquireAsync(Key);

        var waiting = other.AcquireAsync(Key).AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await (await waiting.WaitAsync(Patience)).DisposeAsync();
    }

    [SkippableFact]
    public async Task AcquireAsync_AnotherConversation_DoesNotWait()
    {
        var (one, other) = await CreateAsync();
        await using var held = await one.AcquireAsync(Key);

        await (await other.AcquireAsync("test/conversations/c2").AsTask().WaitAsync(Patience)).DisposeAsync();
    }

    [SkippableFact]
    public async Task AcquireAsync_HeldLongerThanTheWaitLimit_ThrowsBusy()
    {
        var (one, other) = await CreateAsync(waitLimit: TimeSpan.FromMilliseconds(300));
        await using var held = await one.AcquireAsync(Key);

        var busy = await Assert.ThrowsAsync<ConversationBusyException>(() => other.AcquireAsync(Key).AsTask().WaitAsync(Patience));

        Assert.Equal(Key, busy.Key);
    }

    [SkippableFact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndTheLockStillWorks()
    {
        var (one, other) = await CreateAsync();
        var held = await one.AcquireAsync(Key);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => other.AcquireAsync(Key, cancel.Token).AsTask().WaitAsync(Patience));
        await held.DisposeAsync();

        await (await other.AcquireAsync(Key).AsTask().WaitAsync(Patience)).DisposeAsync();
        await (await one.AcquireAsync(Key).AsTask().WaitAsync(Patience)).DisposeAsync();
    }

    [SkippableFact]
    public async Task AcquireAsync_ManyContendersOnTwoInstances_HoldItOneAtATime()
    {
        var (one, other) = await CreateAsync();
        var inside = 0;
        var mostInside = 0;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using (await (i % 2 == 0 ? one : other).AcquireAsync(Key))
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref mostInside, now);
                await Task.Delay(5);
                Interlocked.Decrement(ref inside);
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, mostInside);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var resource in Enumerable.Reverse(_resources))
        {
            await resource.DisposeAsync();
        }
    }

    /// <summary>The lock as two instances of the bot see it; skips when the provider is unavailable.</summary>
    protected abstract Task<(IConversationLock One, IConversationLock Other)> CreateAsync(TimeSpan? waitLimit = null);

    protected T Track<T>(T resource)
        where T : IAsyncDisposable
    {
        _resources.Add(resource);
        return resource;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
