using BackPainBot.Handoffs;
using BackPainBot.Handoffs.State;
using BackPainBot.Testing;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>
/// The store contract on the PostgreSQL provider, and what several instances need: a state one instance writes is what
/// another reads next, and an ETag read on one instance guards a write on another.
/// </summary>
public sealed class PostgresConversationStateStoreTests : ConversationStateStoreContract
{
    private PostgresTestDatabase? _database;

    [PostgresFact]
    public async Task StateWrittenByOneInstance_IsReadByAnother()
    {
        var one = await CreateStoreAsync();
        var other = await OpenAnotherInstanceAsync();

        var etag = await one.WriteAsync(Key, "{\"n\":1}"u8.ToArray(), expectedETag: null);
        var stored = (await other.ReadAsync([Key]))[Key];

        Assert.Equal("{\"n\":1}"u8.ToArray(), stored.Json);
        Assert.Equal(etag, stored.ETag);
    }

    [PostgresFact]
    public async Task WriteAsync_ETagReadOnOneInstance_GuardsTheWriteOnAnother()
    {
        var one = await CreateStoreAsync();
        var other = await OpenAnotherInstanceAsync();
        var read = await one.WriteAsync(Key, "{\"n\":1}"u8.ToArray(), expectedETag: null);

        await other.WriteAsync(Key, "{\"n\":2}"u8.ToArray(), read);

        await Assert.ThrowsAsync<StateConflictException>(() => one.WriteAsync(Key, "{\"n\":3}"u8.ToArray(), read));
        Assert.Equal("{\"n\":2}"u8.ToArray(), (await one.ReadAsync([Key]))[Key].Json);
    }

    [PostgresFact]
    public async Task Turn_ReadsTheStateItTookAndItsSaveEndsTheLock()
    {
        var store = (PostgresConversationStateStore)await CreateStoreAsync();
        var other = (PostgresConversationStateStore)await OpenAnotherInstanceAsync();
        var first = await store.WriteAsync(Key, "{\"n\":1}"u8.ToArray(), expectedETag: null);

        await using var turn = await store.AcquireAsync(Key);
        var read = (await store.ReadAsync([Key]))[Key];
        var saved = await store.WriteAsync(Key, "{\"n\":2}"u8.ToArray(), read.ETag);

        Assert.Equal(first, read.ETag);
        await (await other.AcquireAsync(Key).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
        Assert.Equal(saved, (await other.ReadAsync([Key]))[Key].ETag);
    }

    [PostgresFact]
    public async Task Turn_SavingAStaleState_ThrowsAndEndsTheLock()
    {
        var store = (PostgresConversationStateStore)await CreateStoreAsync();
        var other = (PostgresConversationStateStore)await OpenAnotherInstanceAsync();
        var stale = await store.WriteAsync(Key, "{\"n\":1}"u8.ToArray(), expectedETag: null);
        await store.WriteAsync(Key, "{\"n\":2}"u8.ToArray(), stale);

        await using var turn = await store.AcquireAsync(Key);
        await Assert.ThrowsAsync<StateConflictException>(() => store.WriteAsync(Key, "{\"n\":3}"u8.ToArray(), stale));

        await (await other.AcquireAsync(Key).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
        Assert.Equal("{\"n\":2}"u8.ToArray(), (await other.ReadAsync([Key]))[Key].Json);
    }

    [PostgresFact]
    public async Task Turn_SavingTwice_SecondSaveStillNeedsTheETagOfTheFirst()
    {
        var store = (PostgresConversationStateStore)await CreateStoreAsync();

        await using var turn = await store.AcquireAsync(Key);
        var first = await store.WriteAsync(Key, "{\"n\":1}"u8.ToArray(), expectedETag: null);
        await store.WriteAsync(Key, "{\"n\":2}"u8.ToArray(), first);

        await Assert.ThrowsAsync<StateConflictException>(() => store.WriteAsync(Key, "{\"n\":3}"u8.ToArray(), first));
        Assert.Equal("{\"n\":2}"u8.ToArray(), (await store.ReadAsync([Key]))[Key].Json);
    }

    [PostgresFact]
    public async Task Turn_StateDeletedDuringTheTurn_ReadsAsAbsent()
    {
        var store = (PostgresConversationStateStore)await CreateStoreAsync();
        await store.WriteAsync(Key, "{}"u8.ToArray(), expectedETag: null);

        await using var turn = await store.AcquireAsync(Key);
        await store.DeleteAsync([Key]);

        Assert.Empty(await store.ReadAsync([Key]));
    }

    [PostgresFact]
    public async Task Open_MigratesTheBotStateComponentOnce()
    {
        await CreateStoreAsync();
        await OpenAnotherInstanceAsync();

        var database = Track(PostgresDatabase.Open(_database!.ConnectionString));
        Assert.Equal([1], await database.AppliedVersionsAsync(PostgresConversationStateStore.Component));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override Task<IConversationStateStore> CreateStoreAsync()
    {
        PostgresTestServer.SkipIfUnavailable();
        _database ??= PostgresTestDatabase.Create();
        return OpenAnotherInstanceAsync();
    }

    /// <summary>Another instance: its own connection pool and store on the same database.</summary>
    private Task<IConversationStateStore> OpenAnotherInstanceAsync()
    {
        var database = Track(PostgresDatabase.Open(_database!.ConnectionString));
        return Task.FromResult<IConversationStateStore>(new PostgresConversationStateStore(database, Clock, IdleLifetime));
    }
}
