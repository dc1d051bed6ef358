using BackPainBot.DirectLine;
using BackPainBot.Handoffs;
using BackPainBot.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackPainBot.Tests.DirectLine;

/// <summary>What every Direct Line store does, run once per provider by the subclasses below.</summary>
public abstract class DirectLineStoreContractTests
{
    protected ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    [SkippableFact]
    public async Task Append_PastTheActivityCap_DropsTheOldestAndKeepsNumbering()
    {
        var store = Store(new DirectLineOptions { MaxActivitiesPerConversation = 10 });
        await store.StartAsync("c", "u", default);

        string? last = null;
        for (var i = 0; i < 25; i++)
        {
            last = await store.AppendAsync("c", id => $"{{\"id\":\"{id}\"}}", default);
        }

        var page = (await store.ReadAsync("c", null, 100, default))!;
        Assert.Equal(10, page.Activities.Count);
        Assert.Contains("c|0000015", page.Activities[0]);
        Assert.Equal("c|0000024", last);
        Assert.Equal(24, page.Watermark);
    }

    [SkippableFact]
    public async Task Append_PastTheByteCap_DropsTheOldest()
    {
        var store = Store(new DirectLineOptions { MaxConversationBytes = 64 * 1024, MaxActivityBytes = 1024 });
        await store.StartAsync("c", "u", default);
        var big = new string('x', 10_000);

        for (var i = 0; i < 10; i++)
        {
            await store.AppendAsync("c", id => $"{{\"id\":\"{id}\",\"text\":\"{big}\"}}", default);
        }

        var page = (await store.ReadAsync("c", null, 100, default))!;
        Assert.InRange(page.Activities.Sum(a => a.Length * 2), 1, 64 * 1024);
        Assert.Equal(3, page.Activities.Count);
        Assert.Equal(9, page.Watermark);
    }

    [SkippableFact]
    public async Task Append_OneActivityLargerThanTheByteCap_KeepsJustThatOne()
    {
        var store = Store(new DirectLineOptions { MaxConversationBytes = 4096, MaxActivityBytes = 1024 });
        await store.StartAsync("c", "u", default);
        await store.AppendAsync("c", id => "\"small\"", default);

        await store.AppendAsync("c", id => "\"" + new string('x', 5000) + "\"", default);

        var page = (await store.ReadAsync("c", null, 100, default))!;
        Assert.Single(page.Activities);
        Assert.Equal(1, page.Watermark);
    }

    [SkippableFact]
    public async Task Append_UnknownConversation_ReturnsNullWithoutRendering()
    {
        var store = Store(new DirectLineOptions());
        var rendered = false;

        var id = await store.AppendAsync("nobody", id => { rendered = true; return "{}"; }, default);

        Assert.Null(id);
        Assert.False(rendered);
    }

    [SkippableFact]
    public async Task Append_AfterTheIdleTimeout_ReturnsNullAndForgetsTheConversation()
    {
        var store = Store(new DirectLineOptions { IdleTimeout = TimeSpan.FromMinutes(10) });
        await store.StartAsync("c", "u", default);
        await store.AppendAsync("c", id => "{}", default);

        Clock.Advance(TimeSpan.FromMinutes(11));
        var id = await store.AppendAsync("c", id => "{}", default);

        Assert.Null(id);
        Assert.Equal(0, await store.RemoveIdleAsync(default));
        Assert.Equal(ConversationStart.Created, await store.StartAsync("c", "u", default));
    }

    [SkippableFact]
    public async Task Append_ManyAtOnce_NumbersAreUniqueAndReadInOrder()
    {
        var store = Store(new DirectLineOptions());
        await store.StartAsync("c", "u", default);

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => store.AppendAsync("c", id => $"\"{id}\"", default)));

        var expected = Enumerable.Range(0, 40).Select(n => SqlDirectLineStore.ActivityId("c", n)).ToArray();
        Assert.Equal(expected, ids.Order(StringComparer.Ordinal));
        var page = (await store.ReadAsync("c", null, 100, default))!;
        Assert.Equal(expected.Select(id => $"\"{id}\""), page.Activities);
        Assert.Equal(39, page.Watermark);
    }

    [SkippableFact]
    public async Task Read_PageSmallerThanTheBacklog_ReturnsTheWatermarkToContinueFrom()
    {
        var store = Store(new DirectLineOptions());
        await store.StartAsync("c", "u", default);
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync("c", id => $"\"{id}\"", default);
        }

        var first = (await store.ReadAsync("c", null, 2, default))!;
        var second = (await store.ReadAsync("c", first.Watermark, 2, default))!;

        Assert.Equal(["\"c|0000000\"", "\"c|0000001\""], first.Activities);
        Assert.Equal(["\"c|0000002\"", "\"c|0000003\""], second.Activities);
        Assert.Equal(3, second.Watermark);
    }

    [SkippableFact]
    public async Task Read_NothingNew_KeepsTheWatermarkOrGivesTheLatest()
    {
        var store = Store(new DirectLineOptions());
        await store.StartAsync("c", "u", default);
        var empty = (await store.ReadAsync("c", null, 10, default))!;
        await store.AppendAsync("c", id => "{}", default);
        await store.AppendAsync("c", id => "{}", default);

        var caughtUp = (await store.ReadAsync("c", 1, 10, default))!;

        Assert.Empty(empty.Activities);
        Assert.Null(empty.Watermark);
        Assert.Empty(caughtUp.Activities);
        Assert.Equal(1, caughtUp.Watermark);
    }

    [SkippableFact]
    public async Task Start_Twice_AlreadyExistsAndKeepsTheOwner()
    {
        var store = Store(new DirectLineOptions());

        var first = await store.StartAsync("c", "u1", default);
        var second = await store.StartAsync("c", "u2", default);

        Assert.Equal(ConversationStart.Created, first);
        Assert.Equal(ConversationStart.AlreadyExists, second);
        Assert.Equal(new DirectLineConversation("c", "u1"), await store.TouchAsync("c", default));
    }

    [SkippableFact]
    public async Task Touch_AfterTheIdleTimeout_ForgetsTheConversation()
    {
        var store = Store(new DirectLineOptions { IdleTimeout = TimeSpan.FromMinutes(10) });
        await store.StartAsync("c", "u", default);

        Clock.Advance(TimeSpan.FromMinutes(9));
        var stillThere = await store.TouchAsync("c", default);
        Clock.Advance(TimeSpan.FromMinutes(11));
        var gone = await store.TouchAsync("c", default);

        Assert.NotNull(stillThere);
        Assert.Null(gone);
        Assert.Null(await store.ReadAsync("c", null, 10, default));
    }

    [SkippableFact]
    public async Task Read_WithinTheIdleTimeout_KeepsTheConversation()
    {
        var store = Store(new DirectLineOptions { IdleTimeout = TimeSpan.FromMinutes(10) });
        await store.StartAsync("c", "u", default);

        for (var i = 0; i < 4; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(6));
            Assert.NotNull(await store.ReadAsync("c", null, 10, default));
        }

        Assert.Equal(0, await store.RemoveIdleAsync(default));
    }

    [SkippableFact]
    public async Task RemoveIdle_IdleAndActiveConversations_RemovesOnlyTheIdle()
    {
        var store = Store(new DirectLineOptions { IdleTimeout = TimeSpan.FromMinutes(10) });
        await store.StartAsync("idle", "u1", default);
        await store.StartAsync("active", "u2", default);
        await store.AppendAsync("idle", id => "{}", default);

        Clock.Advance(TimeSpan.FromMinutes(8));
        await store.AppendAsync("active", id => "{}", default);
        Clock.Advance(TimeSpan.FromMinutes(8));
        var removed = await store.RemoveIdleAsync(default);

        Assert.Equal(1, removed);
        Assert.Equal(0, await store.RemoveIdleAsync(default));
        Assert.NotNull(await store.TouchAsync("active", default));
        Assert.Equal(ConversationStart.Created, await store.StartAsync("idle", "u3", default));
        Assert.Empty((await store.ReadAsync("idle", null, 10, default))!.Activities);
    }

    [SkippableFact]
    public async Task Start_AtTheConversationCap_IsFullUntilOneGoesIdle()
    {
        var store = Store(new DirectLineOptions { MaxConversations = 2, IdleTimeout = TimeSpan.FromMinutes(10) });
        await store.StartAsync("a", "u", default);
        await store.StartAsync("b", "u", default);

        var full = await store.StartAsync("c", "u", default);
        Clock.Advance(TimeSpan.FromMinutes(11));
        var afterIdle = await store.StartAsync("c", "u", default);

        Assert.Equal(ConversationStart.Full, full);
        Assert.Equal(ConversationStart.Created, afterIdle);
    }

    [SkippableFact]
    public async Task WaitForActivities_Append_WakesTheWaiter()
    {
        var store = Store(new DirectLineOptions());
        await store.StartAsync("c", "u", default);
        await store.AppendAsync("c", id => "{}", default);

        var waiting = store.WaitForActivitiesAsync("c", 0, default);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await store.AppendAsync("c", id => "{}", default);

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [SkippableFact]
    public async Task WaitForActivities_AlreadyBehind_ReturnsAtOnce()
    {
        var store = Store(new DirectLineOptions());
        await store.StartAsync("c", "u", default);
        await store.AppendAsync("c", id => "{}", default);

        Assert.True(await store.WaitForActivitiesAsync("c", null, default).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [SkippableFact]
    public async Task WaitForActivities_ConversationRemoved_ReturnsFalse()
    {
        var store = Store(new DirectLineOptions { IdleTimeout = TimeSpan.FromMinutes(1) });
        await store.StartAsync("c", "u", default);
        await store.AppendAsync("c", id => "{}", default);
        var waiting = store.WaitForActivitiesAsync("c", 0, default);
        await Task.Delay(100);

        Clock.Advance(TimeSpan.FromMinutes(2));
        await store.RemoveIdleAsync(default);

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [SkippableFact]
    public async Task WaitForActivities_Cancelled_Throws()
    {
        var store = Store(new DirectLineOptions());
        await store.StartAsync("c", "u", default);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WaitForActivitiesAsync("c", null, cancel.Token));
    }

    /// <summary>A new, empty store with these limits and <see cref="Clock"/>; skips the test when its database is missing.</summary>
    protected abstract IDirectLineStore Store(DirectLineOptions options);
}

/// <summary>The contract on SQLite: a shared in-memory database held open for the test's life.</summary>
public sealed class SqliteDirectLineStoreTests : DirectLineStoreContractTests, IDisposable
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = $"directline-{Guid.NewGuid():N}",
        Mode = SqliteOpenMode.Memory,
        Cache = SqliteCacheMode.Shared,
    }.ToString();

    private readonly SqliteConnection _keepAlive;

    public SqliteDirectLineStoreTests()
    {
        _keepAlive = new SqliteConnection(_connectionString);
        _keepAlive.Open();
    }

    [Fact]
    public void Open_MigratesTheSharedFileToVersionSix()
    {
        Store(new DirectLineOptions());

        using var command = _keepAlive.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_version WHERE version = 6;";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    public void Dispose() => _keepAlive.Dispose();

    protected override IDirectLineStore Store(DirectLineOptions options) => new SqliteDirectLineStore(_connectionString, options, Clock);
}

/// <summary>The contract on PostgreSQL: a fresh database per test, with the notifications listener running.</summary>
public sealed class PostgresDirectLineStoreTests : DirectLineStoreContractTests, IAsyncLifetime
{
    private PostgresTestDatabase? _database;
    private PostgresDatabase? _postgres;
    private PostgresNotifications? _notifications;
    private PostgresDirectLineStore? _store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _store?.Dispose();
        if (_notifications is not null)
        {
            await _notifications.DisposeAsync();
        }

        _postgres?.Dispose();
        _database?.Dispose();
    }

    protected override IDirectLineStore Store(DirectLineOptions options)
    {
        PostgresTestServer.SkipIfUnavailable();
        _database = PostgresTestDatabase.Create();
        _postgres = PostgresDatabase.Open(_database.ConnectionString);
        _notifications = new PostgresNotifications(_postgres, NullLogger<PostgresNotifications>.Instance);
        _notifications.StartAsync(default).GetAwaiter().GetResult();
        _store = new PostgresDirectLineStore(_postgres, _notifications, options, Clock);
        return _store;
    }
}
