using BackPainBot.Handoffs;
using BackPainBot.Handoffs.State;
using BackPainBot.Testing;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>
/// Concurrent turns on PostgreSQL: each instance has its own connection pool, state store and conversation lock, and
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
        _lastLock = new PostgresConversationLock(database);
        return Task.FromResult<IConversationStateStore>(
            new PostgresConversationStateStore(database, TimeProvider.System, TimeSpan.FromHours(24)));
    }

    protected override IConversationLock LockOfLastInstance() => _lastLock!;
}
