using System.Collections.Concurrent;
using BackPainBot.Handoffs.Notifications;
using BackPainBot.Testing;

namespace BackPainBot.Handoffs.Tests.Notifications;

/// <summary>
/// Several bot instances draining one outbox at once, as separate processes do: each with its own store and
/// connections on one shared database (subclasses below: one SQLite file, one PostgreSQL database).
/// </summary>
public abstract class NotificationOutboxConcurrencyTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestHandoffs.Monday9am;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly List<StoreInstance> _instances = [];

    public void Dispose()
    {
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        DisposeDatabase();
        GC.SuppressFinalize(this);
    }

    /// <summary>Another instance on the test's shared database, creating the database on first call.</summary>
    private protected abstract StoreInstance OpenInstance();

    private protected abstract void DisposeDatabase();

    [SkippableFact]
    public async Task ClaimAsync_TwoInstancesDrainingTogether_EachRowDeliveredOnce()
    {
        var instances = await PrepareAsync(instanceCount: 2, handoffCount: 40);

        var claims = new ConcurrentBag<(string Owner, string Key)>();
        async Task ClaimUntilEmptyAsync(INotificationOutbox outbox, string owner)
        {
            while (true)
            {
                var batch = await outbox.ClaimAsync(owner, Now, Lease, 3);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var message in batch)
                {
                    claims.Add((owner, message.IdempotencyKey));
                    Assert.True(await outbox.CompleteAsync(message.Id, owner, Now, 200));
                }
            }
        }

        await Task.WhenAll(instances.Select((instance, i) => Task.Run(() => ClaimUntilEmptyAsync(instance.Outbox, $"instance-{i}"))));

        Assert.Equal(80, claims.Count);
        Assert.Equal(80, claims.Select(c => c.Key).Distinct().Count());
    }

    [SkippableFact]
    public async Task ClaimAsync_FourInstancesClaimingAtOnce_NeverHoldTheSameRow()
    {
        var instances = await PrepareAsync(instanceCount: 4, handoffCount: 60);

        // Nobody completes anything: every row stays leased to whoever claimed it, so a row claimed twice while leased
        // would show up in two owners' lists.
        var held = new ConcurrentDictionary<long, string>();
        var repeats = new ConcurrentBag<long>();
        async Task ClaimUntilNothingIsLeftAsync(INotificationOutbox outbox, string owner)
        {
            while (await outbox.ClaimAsync(owner, Now, Lease, 4) is { Count: > 0 } batch)
            {
                foreach (var message in batch)
                {
                    if (!held.TryAdd(message.Id, owner))
                    {
                        repeats.Add(message.Id);
                    }
                }
            }
        }

        await Task.WhenAll(instances.Select((instance, i) => Task.Run(() => ClaimUntilNothingIsLeftAsync(instance.Outbox, $"instance-{i}"))));

        Assert.Empty(repeats);
        Assert.Equal(120, held.Count);
        Assert.Empty(await instances[0].Outbox.ClaimAsync("late-instance", Now, Lease, 100));
    }

    private async Task<IReadOnlyList<StoreInstance>> PrepareAsync(int instanceCount, int handoffCount)
    {
        for (var i = 0; i < instanceCount; i++)
        {
            _instances.Add(OpenInstance());
        }

        await _instances[0].Outbox.SyncDestinationsAsync(
            [new NotificationDestination("crm", NotificationDestinationKind.Webhook),
             new NotificationDestination("pager", NotificationDestinationKind.Webhook)],
            Now);
        for (var i = 0; i < handoffCount; i++)
        {
            await _instances[i % instanceCount].Handoffs.SaveAsync(TestHandoffs.Minimal(i % 4 == 0 ? "emergency" : "routine"));
        }

        return _instances;
    }
}

/// <summary>Instances sharing one SQLite file, as several processes on one machine would.</summary>
public sealed class SqliteNotificationOutboxConcurrencyTests : NotificationOutboxConcurrencyTests
{
    private readonly TempDirectory _folder = new();

    private protected override StoreInstance OpenInstance()
    {
        var store = SqliteHandoffStore.OpenDataDirectory(_folder.Path);
        return new StoreInstance(store, NotificationOutboxFactory.Create(store), store);
    }

    private protected override void DisposeDatabase()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}

/// <summary>Instances sharing one PostgreSQL database, each with its own data source, as separate hosts have.</summary>
public sealed class PostgresNotificationOutboxConcurrencyTests : NotificationOutboxConcurrencyTests
{
    private PostgresTestDatabase? _database;

    private protected override StoreInstance OpenInstance()
    {
        PostgresTestServer.SkipIfUnavailable();
        _database ??= PostgresTestDatabase.Create();
        var database = PostgresDatabase.Open(_database.ConnectionString);
        var store = new PostgresHandoffStore(database);
        return new StoreInstance(store, NotificationOutboxFactory.Create(store), database);
    }

    private protected override void DisposeDatabase() => _database?.Dispose();
}
