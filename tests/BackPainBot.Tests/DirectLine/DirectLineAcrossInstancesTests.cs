using BackPainBot.DirectLine;
using BackPainBot.Handoffs;
using BackPainBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BackPainBot.Tests.DirectLine;

/// <summary>
/// Two instances on one PostgreSQL database, each with its own data source, listener and store, as two hosts behind a
/// load balancer: a patient streams from one while the bot's replies are appended on the other.
/// </summary>
public sealed class DirectLineAcrossInstancesTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
    private readonly List<IAsyncDisposable> _owned = [];
    private PostgresTestDatabase? _database;

    [PostgresFact]
    public async Task Wait_OnInstanceA_WakesWhenInstanceBAppendsAndReadsTheActivity()
    {
        var a = await InstanceAsync("a");
        var b = await InstanceAsync("b");
        await a.Store.StartAsync("c", "u", default);
        await a.Store.AppendAsync("c", id => "\"welcome\"", default);

        var waiting = a.Store.WaitForActivitiesAsync("c", 0, default);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        var appended = await b.Store.AppendAsync("c", id => $"\"reply {id}\"", default);

        Assert.True(await waiting.WaitAsync(Patience));
        var page = (await a.Store.ReadAsync("c", 0, 10, default))!;
        Assert.Equal([$"\"reply {appended}\""], page.Activities);
        Assert.Equal(1, page.Watermark);
    }

    [PostgresFact]
    public async Task Append_FromBothInstancesAtOnce_NumbersNeverCollideOrReorder()
    {
        var a = await InstanceAsync("a");
        var b = await InstanceAsync("b");
        await a.Store.StartAsync("c", "u", default);

        var ids = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            (i % 2 == 0 ? a : b).Store.AppendAsync("c", id => $"\"{id}\"", default)));

        var expected = Enumerable.Range(0, 60).Select(n => SqlDirectLineStore.ActivityId("c", n)).ToArray();
        Assert.Equal(expected, ids.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Select(id => $"\"{id}\""), (await b.Store.ReadAsync("c", null, 100, default))!.Activities);
    }

    [PostgresFact]
    public async Task Wait_ListenerConnectionDropped_WakesOnceItReconnectsAndHearsLaterAppends()
    {
        var a = await InstanceAsync("a");
        var b = await InstanceAsync("b");
        await a.Store.StartAsync("c", "u", default);
        await a.Store.AppendAsync("c", id => "\"welcome\"", default);
        var waiting = a.Store.WaitForActivitiesAsync("c", 0, default);
        await Task.Delay(200);

        // The database drops A's listener; B's reply is notified while A is not listening, so only A's catch-up on
        // reconnecting can wake the stream.
        await TerminateListenerAsync(_database!.Name, "instance-a");
        await b.Store.AppendAsync("c", id => "\"first reply\"", default);

        Assert.True(await waiting.WaitAsync(Patience));
        await a.Notifications.WhenListeningAsync(default).WaitAsync(Patience);
        var next = a.Store.WaitForActivitiesAsync("c", 1, default);
        await Task.Delay(200);
        Assert.False(next.IsCompleted);
        await b.Store.AppendAsync("c", id => "\"second reply\"", default);
        Assert.True(await next.WaitAsync(Patience));
        Assert.Equal(["\"first reply\"", "\"second reply\""], (await a.Store.ReadAsync("c", 0, 10, default))!.Activities);
    }

    [PostgresFact]
    public async Task Wait_ConversationRemovedByTheOtherInstance_ReturnsFalse()
    {
        var a = await InstanceAsync("a");
        var b = await InstanceAsync("b");
        await a.Store.StartAsync("c", "u", default);
        var waiting = a.Store.WaitForActivitiesAsync("c", null, default);
        await Task.Delay(200);

        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await b.Store.RemoveIdleAsync(default));

        Assert.False(await waiting.WaitAsync(Patience));
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

    private async Task<Instance> InstanceAsync(string name)
    {
        _database ??= PostgresTestDatabase.Create();

        // Named, so a test can find this instance's listener among the server's sessions.
        var connectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { ApplicationName = "instance-" + name }.ConnectionString;
        var database = PostgresDatabase.Open(connectionString);
        var notifications = new PostgresNotifications(database, NullLogger<PostgresNotifications>.Instance);
        var store = new PostgresDirectLineStore(database, notifications, new DirectLineOptions(), _clock);
        var instance = new Instance(database, notifications, store);
        _owned.Add(instance);
        await notifications.StartAsync(default);
        await notifications.WhenListeningAsync(default).WaitAsync(Patience);
        return instance;
    }

    /// <summary>Ends the listener session of the instance whose connections carry <paramref name="applicationName"/>, as a database restart would.</summary>
    internal static async Task TerminateListenerAsync(string databaseName, string applicationName)
    {
        await using var admin = new NpgsqlConnection(PostgresTestServer.AdminConnectionString);
        await admin.OpenAsync();
        // In the select list, so it runs only for the sessions the WHERE clause picked.
        await using var kill = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @database AND application_name = @name AND query LIKE 'LISTEN%';",
            admin);
        kill.Parameters.AddWithValue("database", databaseName);
        kill.Parameters.AddWithValue("name", applicationName);
        var killed = new List<bool>();
        await using var reader = await kill.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            killed.Add(reader.GetBoolean(0));
        }

        Assert.Equal([true], killed);
    }

    private sealed record Instance(PostgresDatabase Database, PostgresNotifications Notifications, PostgresDirectLineStore Store) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Store.Dispose();
            await Notifications.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
