using System.Collections.Concurrent;
using BackPainBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BackPainBot.Handoffs.Tests;

/// <summary>Two "instances" (each its own data source and listener) on one database.</summary>
public sealed class PostgresNotificationsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<IAsyncDisposable> _owned = [];
    private PostgresTestDatabase? _database;

    [PostgresFact]
    public async Task Notify_FromAnotherInstance_ReachesTheSubscriberWithThePayloadOnly()
    {
        var (a, _) = await InstanceAsync();
        var (b, _) = await InstanceAsync();
        var received = new Inbox();
        a.Subscribe("test_events", received.Add, () => { });
        await a.StartAsync(default);
        await a.WhenListeningAsync(default).WaitAsync(Patience);

        await b.NotifyAsync("test_events", "conversation-1", default);

        Assert.Equal("conversation-1", await received.NextAsync());
    }

    [PostgresFact]
    public async Task Notify_FromTheSameInstance_IsNotDeliveredBack()
    {
        var (a, _) = await InstanceAsync();
        var (b, _) = await InstanceAsync();
        var received = new Inbox();
        a.Subscribe("test_events", received.Add, () => { });
        await a.StartAsync(default);
        await a.WhenListeningAsync(default).WaitAsync(Patience);

        await a.NotifyAsync("test_events", "mine", default);
        await b.NotifyAsync("test_events", "theirs", default);

        Assert.Equal("theirs", await received.NextAsync());
        Assert.True(received.IsEmpty);
    }

    [PostgresFact]
    public async Task Subscribe_AfterStart_ListensOnTheNewChannelAndResynchronisesIt()
    {
        var (a, _) = await InstanceAsync();
        var (b, _) = await InstanceAsync();
        a.Subscribe("first_channel", _ => { }, () => { });
        await a.StartAsync(default);
        await a.WhenListeningAsync(default).WaitAsync(Patience);
        var received = new Inbox();
        var resyncs = 0;

        a.Subscribe("second_channel", received.Add, () => Interlocked.Increment(ref resyncs));
        await a.WhenListeningAsync(default).WaitAsync(Patience);
        await b.NotifyAsync("second_channel", "hello", default);

        Assert.Equal("hello", await received.NextAsync());
        Assert.Equal(1, Volatile.Read(ref resyncs));
    }

    [PostgresFact]
    public async Task Listener_ConnectionKilled_ReconnectsResynchronisesAndHearsAgain()
    {
        var (a, _) = await InstanceAsync();
        var (b, admin) = await InstanceAsync();
        var received = new Inbox();
        var resyncs = new Inbox();
        a.Subscribe("test_events", received.Add, () => resyncs.Add("resync"));
        await a.StartAsync(default);
        await a.WhenListeningAsync(default).WaitAsync(Patience);
        await resyncs.NextAsync();

        await using (var kill = admin.DataSource.CreateCommand("SELECT pg_terminate_backend($1)"))
        {
            kill.Parameters.Add(new NpgsqlParameter { Value = a.ListenerProcessId });
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        Assert.Equal("resync", await resyncs.NextAsync());
        await b.NotifyAsync("test_events", "after", default);
        Assert.Equal("after", await received.NextAsync());
    }

    [PostgresFact]
    public async Task Notify_InsideATransactionRolledBack_IsNeverDelivered()
    {
        var (a, _) = await InstanceAsync();
        var (b, database) = await InstanceAsync();
        var received = new Inbox();
        a.Subscribe("test_events", received.Add, () => { });
        await a.StartAsync(default);
        await a.WhenListeningAsync(default).WaitAsync(Patience);

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using (var rolledBack = await connection.BeginTransactionAsync())
            {
                await b.NotifyAsync(connection, rolledBack, "test_events", ["never"], default);
                await rolledBack.RollbackAsync();
            }

            await using var committed = await connection.BeginTransactionAsync();
            await b.NotifyAsync(connection, committed, "test_events", ["one", "two"], default);
            await committed.CommitAsync();
        }

        Assert.Equal("one", await received.NextAsync());
        Assert.Equal("two", await received.NextAsync());
        Assert.True(received.IsEmpty);
    }

    [PostgresFact]
    public async Task Post_WithoutWaiting_IsSentShortly()
    {
        var (a, _) = await InstanceAsync();
        var (b, _) = await InstanceAsync();
        var received = new Inbox();
        a.Subscribe("test_events", received.Add, () => { });
        await a.StartAsync(default);
        await b.StartAsync(default);
        await a.WhenListeningAsync(default).WaitAsync(Patience);

        b.Post("test_events", "posted");

        Assert.Equal("posted", await received.NextAsync());
    }

    [PostgresTheory]
    [InlineData("Upper")]
    [InlineData("semi;colon")]
    [InlineData("9starts_with_digit")]
    [InlineData("")]
    public async Task Subscribe_ChannelThatIsNotAPlainIdentifier_IsRefused(string channel)
    {
        var (a, _) = await InstanceAsync();

        Assert.ThrowsAny<ArgumentException>(() => a.Subscribe(channel, _ => { }, () => { }));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        _database?.Dispose();
    }

    private Task<(PostgresNotifications Notifications, PostgresDatabase Database)> InstanceAsync()
    {
        _database ??= PostgresTestDatabase.Create();
        var database = PostgresDatabase.Open(_database.ConnectionString);
        var notifications = new PostgresNotifications(database, NullLogger<PostgresNotifications>.Instance);
        _owned.Add(database);
        _owned.Add(notifications);
        return Task.FromResult((notifications, database));
    }

    /// <summary>What a subscriber received, in order.</summary>
    private sealed class Inbox
    {
        private readonly BlockingCollection<string> _items = [];

        public bool IsEmpty
        {
            get
            {
                // Anything still in flight would arrive within this.
                Thread.Sleep(300);
                return _items.Count == 0;
            }
        }

        public void Add(string item) => _items.Add(item);

        public Task<string> NextAsync() => Task.Run(() =>
            _items.TryTake(out var item, Patience) ? item : throw new TimeoutException("Nothing arrived."));
    }
}
