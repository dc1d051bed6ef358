using System.Text;
using BackPainBot.Conversation.State;
using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Handoffs.State;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>
/// What every conversation state store promises, run once per provider: through <see cref="ConversationStateStorage"/>,
/// as Bot Framework's <c>ConversationState</c> uses it, and on the store itself for writers racing.
/// </summary>
public abstract class ConversationStateStoreContract : IAsyncLifetime
{
    protected const string Key = "test/conversations/c1";
    protected const string OtherKey = "test/conversations/c2";
    protected static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(24);

    private readonly List<IAsyncDisposable> _resources = [];

    private protected MovableClock Clock { get; } = new();

    [SkippableFact]
    public async Task ReadAsync_AfterWrite_ReturnsTheStateWithItsETag()
    {
        var storage = await NewStorageAsync();

        await storage.WriteAsync(Changes(Key, Sample(messageCount: 3)));
        var state = await ReadAsync(storage, Key);

        Assert.Equal(3, DataOf(state).MessageCount);
        Assert.Equal(["my left leg is weak", "ok"], DataOf(state).PatientMessages(10));
        Assert.False(string.IsNullOrEmpty(Assert.IsType<string>(state[ConversationStateStorage.ETagKey])));
    }

    [SkippableFact]
    public async Task ReadAsync_UnknownKey_ReturnsNothing()
    {
        var storage = await NewStorageAsync();

        Assert.Empty(await storage.ReadAsync([Key]));
    }

    [SkippableFact]
    public async Task WriteAsync_WithTheETagItRead_ReplacesTheStateUnderANewETag()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(Changes(Key, Sample(messageCount: 1)));
        var state = await ReadAsync(storage, Key);
        var readETag = state[ConversationStateStorage.ETagKey];

        DataOf(state).MessageCount = 2;
        await storage.WriteAsync(new Dictionary<string, object> { [Key] = state });
        var reread = await ReadAsync(storage, Key);

        Assert.Equal(2, DataOf(reread).MessageCount);
        Assert.NotEqual(readETag, reread[ConversationStateStorage.ETagKey]);
        Assert.Equal(reread[ConversationStateStorage.ETagKey], state[ConversationStateStorage.ETagKey]);
    }

    [SkippableFact]
    public async Task WriteAsync_StaleETag_ThrowsAndKeepsTheNewerState()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(Changes(Key, Sample(messageCount: 1)));
        var first = await ReadAsync(storage, Key);
        var second = await ReadAsync(storage, Key);
        DataOf(second).MessageCount = 2;
        await storage.WriteAsync(new Dictionary<string, object> { [Key] = second });

        DataOf(first).MessageCount = 3;
        var conflict = await Assert.ThrowsAsync<StateConflictException>(
            () => storage.WriteAsync(new Dictionary<string, object> { [Key] = first }));

        Assert.Equal(Key, conflict.Key);
        Assert.Equal(2, DataOf(await ReadAsync(storage, Key)).MessageCount);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("*")]
    public async Task WriteAsync_NoETagOrWildcard_WritesUnconditionally(string? etag)
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(Changes(Key, Sample(messageCount: 1)));
        await storage.WriteAsync(Changes(Key, Sample(messageCount: 2)));

        var blind = Changes(Key, Sample(messageCount: 7));
        if (etag is not null)
        {
            ((IDictionary<string, object>)blind[Key])[ConversationStateStorage.ETagKey] = etag;
        }

        await storage.WriteAsync(blind);

        Assert.Equal(7, DataOf(await ReadAsync(storage, Key)).MessageCount);
    }

    [SkippableFact]
    public async Task WriteAsync_SavingTwiceInOneTurn_IsNotAConflictWithItself()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(Changes(Key, Sample(messageCount: 1)));
        var state = await ReadAsync(storage, Key);

        DataOf(state).MessageCount = 2;
        await storage.WriteAsync(new Dictionary<string, object> { [Key] = state });
        DataOf(state).MessageCount = 3;
        await storage.WriteAsync(new Dictionary<string, object> { [Key] = state });

        Assert.Equal(3, DataOf(await ReadAsync(storage, Key)).MessageCount);
    }

    [SkippableFact]
    public async Task WriteAsync_RacingWritersWithTheSameETag_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();
        var etag = await store.WriteAsync(Key, Json("{}"), expectedETag: null);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.WriteAsync(Key, Json($$"""{"writer":{{i}}}"""), etag);
                return true;
            }
            catch (StateConflictException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
        var stored = (await store.ReadAsync([Key]))[Key];
        Assert.Contains($"\"writer\":{Array.IndexOf(outcomes, true)}", Encoding.UTF8.GetString(stored.Json));
    }

    [SkippableFact]
    public async Task WriteAsync_UnregisteredProperty_ThrowsAndKeepsEveryKeyAsItWas()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(Changes(Key, Sample(messageCount: 1)));

        var changes = new Dictionary<string, object>
        {
            [Key] = new Dictionary<string, object> { [nameof(ConversationData)] = Sample(messageCount: 5) },
            [OtherKey] = new Dictionary<string, object> { ["Other"] = "not registered" },
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteAsync(changes));
        Assert.Equal(1, DataOf(await ReadAsync(storage, Key)).MessageCount);
        Assert.Empty(await storage.ReadAsync([OtherKey]));
    }

    [SkippableFact]
    public async Task DeleteAsync_RemovesTheStateOfThatKeyOnly()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(Changes(Key, Sample(messageCount: 1)));
        await storage.WriteAsync(Changes(OtherKey, Sample(messageCount: 2)));

        await storage.DeleteAsync([Key]);

        Assert.Empty(await storage.ReadAsync([Key]));
        Assert.Equal(2, DataOf(await ReadAsync(storage, OtherKey)).MessageCount);
    }

    [SkippableFact]
    public async Task WriteAsync_ETagOfADeletedState_StoresItAgain()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(Changes(Key, Sample(messageCount: 1)));
        var state = await ReadAsync(storage, Key);
        await storage.DeleteAsync([Key]);

        DataOf(state).MessageCount = 2;
        await storage.WriteAsync(new Dictionary<string, object> { [Key] = state });

        Assert.Equal(2, DataOf(await ReadAsync(storage, Key)).MessageCount);
    }

    [SkippableFact]
    public async Task ReadAsync_StateIdleLongerThanTheLifetime_ReadsAsAbsentBeforeAnySweep()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(Changes(Key, Sample(messageCount: 1)));

        Clock.Advance(IdleLifetime + TimeSpan.FromMinutes(1));

        Assert.Empty(await storage.ReadAsync([Key]));
    }

    [SkippableFact]
    public async Task SweepAsync_ForgetsOnlyTheStatesIdleLongerThanTheLifetime()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(Changes(Key, Sample(messageCount: 1)));
        Clock.Advance(TimeSpan.FromHours(23));
        await storage.WriteAsync(Changes(OtherKey, Sample(messageCount: 2)));
        Clock.Advance(TimeSpan.FromHours(2));

        var removed = await storage.SweepAsync();

        Assert.Equal(1, removed);
        Assert.Empty(await storage.ReadAsync([Key]));
        Assert.Equal(2, DataOf(await ReadAsync(storage, OtherKey)).MessageCount);
        Assert.Equal(0, await storage.SweepAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var resource in Enumerable.Reverse(_resources))
        {
            await resource.DisposeAsync();
        }
    }

    /// <summary>A new, empty store of the provider under test, on <see cref="Clock"/>; skips when the provider is unavailable.</summary>
    protected abstract Task<IConversationStateStore> CreateStoreAsync();

    /// <summary>Disposed after the test, last registered first.</summary>
    protected T Track<T>(T resource)
        where T : IAsyncDisposable
    {
        _resources.Add(resource);
        return resource;
    }

    protected async Task<ConversationStateStorage> NewStorageAsync() =>
        ConversationStateStorage.ForConversationData(await CreateStoreAsync());

    protected static async Task<IDictionary<string, object>> ReadAsync(ConversationStateStorage storage, string key) =>
        (IDictionary<string, object>)(await storage.ReadAsync([key]))[key];

    protected static ConversationData DataOf(IDictionary<string, object> state) => (ConversationData)state[nameof(ConversationData)];

    protected static Dictionary<string, object> Changes(string key, ConversationData data) =>
        new() { [key] = new Dictionary<string, object> { [nameof(ConversationData)] = data } };

    protected static ConversationData Sample(int messageCount)
    {
        var data = new ConversationData { MessageCount = messageCount, Flags = ["leg-weakness-one"] };
        data.AddToTranscript(FixedClock.Default, "patient", "my left leg is weak");
        data.AddToTranscript(FixedClock.Default.AddSeconds(1), "bot", "Please see a clinician within 24 to 48 hours.");
        data.AddToTranscript(FixedClock.Default.AddSeconds(2), "patient", "ok");
        return data;
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);
}
