using BackPainBot.Handoffs;
using BackPainBot.Handoffs.State;
using BackPainBot.Testing;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>
/// Concurrent turns on PostgreSQL: each instance has its own connection pool and its state store, which is its conversation lock too, and
/// they share nothing but the database, as two bot processes behind a load balancer do.
/// </summary>
public sealed class PostgresConcurrentTurnsTests : ConcurrentTurnsContract
{
    private PostgresTestDatabase? _database;
    private IConversationLock? _lastLock;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override Task<IConversationStateStore> StartStoreAsync()
    {
        PostgresTestServer.SkipIfUnavailable();
        _database ??= PostgresTestDatabase.Create();
        var database = Track(PostgresDatabase.Open(_database.ConnectionString));
        var store = new PostgresConversationStateStore(database, TimeProvider.System, TimeSpan.FromHours(24));
        _lastLock = store;
        return Task.FromResult<IConversationStateStore>(store);
    }

    protected override IConversationLock LockOfLastInstance() => _lastLock!;
}
