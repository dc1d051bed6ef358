using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Handoffs.State;
using Microsoft.Data.Sqlite;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>
/// The store contract on the SQLite provider, and what its write-behind adds: a turn's write is in memory at once and
/// in the database after the next flush, and a restarted process reads what the previous one flushed.
/// </summary>
public sealed class SqliteConversationStateStoreTests : ConversationStateStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task WriteAsync_ReturnsBeforeTheDatabaseHasIt_AndFlushWritesIt()
    {
        var store = NewStore();

        await store.WriteAsync(Key, "{}"u8.ToArray(), expectedETag: null);
        Assert.Equal(1, store.PendingCount);
        Assert.Equal(0, RowCount());

        await store.FlushAsync();

        Assert.Equal(0, store.PendingCount);
        Assert.Equal(1, RowCount());
    }

    [Fact]
    public async Task BackgroundFlush_WritesChangesWithoutBeingAsked()
    {
        await using var store = new SqliteConversationStateStore(
            ConnectionString, Clock, IdleLifetime, flushInterval: TimeSpan.FromMilliseconds(20));

        await store.WriteAsync(Key, "{}"u8.ToArray(), expectedETag: null);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (RowCount() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, RowCount());
    }

    [Fact]
    public async Task NewProcess_ReadsTheStateAndETagTheLastOneWrote()
    {
        var first = NewStore();
        await first.WriteAsync(Key, "{\"n\":1}"u8.ToArray(), expectedETag: null);
        var etag = await first.WriteAsync(Key, "{\"n\":2}"u8.ToArray(), expectedETag: null);
        await first.DisposeAsync();

        var second = NewStore();
        var stored = (await second.ReadAsync([Key]))[Key];

        Assert.Equal("{\"n\":2}"u8.ToArray(), stored.Json);
        Assert.Equal(etag, stored.ETag);
        await second.WriteAsync(Key, "{\"n\":3}"u8.ToArray(), etag);
        await Assert.ThrowsAsync<StateConflictException>(() => second.WriteAsync(Key, "{}"u8.ToArray(), etag));
    }

    [Fact]
    public async Task DeleteAsync_OfAFlushedState_IsNotUndoneByReadingTheDatabase()
    {
        var store = NewStore();
        await store.WriteAsync(Key, "{}"u8.ToArray(), expectedETag: null);
        await store.FlushAsync();

        await store.DeleteAsync([Key]);

        Assert.Empty(await store.ReadAsync([Key]));
        await store.DisposeAsync();
        Assert.Equal(0, RowCount());
        Assert.Empty(await NewStore().ReadAsync([Key]));
    }

    [Fact]
    public async Task Flush_StateWrittenSeveralTimes_StoresTheLatest()
    {
        var store = NewStore();
        string etag = "";
        for (var i = 0; i < 5; i++)
        {
            etag = await store.WriteAsync(Key, System.Text.Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), expectedETag: null);
        }

        await store.DisposeAsync();

        var stored = (await NewStore().ReadAsync([Key]))[Key];
        Assert.Equal(etag, stored.ETag);
        Assert.Equal("{\"n\":4}"u8.ToArray(), stored.Json);
    }

    [Fact]
    public async Task Conversation_BookingStartedBeforeARestart_ContinuesAfterIt()
    {
        var before = NewStore();
        var bot = new BotHarness(stateStore: before, turnLock: new InProcessConversationLock());
        Assert.Equal(bot.Responses.AskName, (await bot.SayAsync("I'd like to book an appointment"))[^1].Text);
        await before.DisposeAsync();

        var after = new BotHarness(stateStore: NewStore(), turnLock: new InProcessConversationLock());

        Assert.Equal(after.Responses.AskContact, Assert.Single(await after.SayAsync("My name is Jane Smith")).Text);
    }

    public void Dispose() => _folder.Dispose();

    protected override Task<IConversationStateStore> CreateStoreAsync() => Task.FromResult<IConversationStateStore>(NewStore());

    private string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(_folder.Path, "handoffs.db"),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    // Flushed only when asked, so the tests decide when the database sees a change.
    private SqliteConversationStateStore NewStore() =>
        Track(new SqliteConversationStateStore(ConnectionString, Clock, IdleLifetime, flushInterval: Timeout.InfiniteTimeSpan));

    private long RowCount()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM bot_state;";
        return (long)command.ExecuteScalar()!;
    }
}
