using BackPainBot.Handoffs;
using BackPainBot.Handoffs.State;
using BackPainBot.Testing;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>
/// The lock contract on PostgreSQL (the state store is the lock), each instance with its own connection pool, and the
/// promise that a turn whose database session dies cannot keep the conversation locked.
/// </summary>
public sealed class PostgresConversationLockTests : ConversationLockContract
{
    private PostgresTestDatabase? _database;

    [PostgresFact]
    public async Task Holder_WhoseDatabaseSessionDies_ReleasesTheLock()
    {
        var (one, other) = await CreateAsync();
        var held = await one.AcquireAsync(Key);

        var admin = Track(PostgresDatabase.Open(_database!.ConnectionString));
        // Only this test's database: other test assemblies run at the same time on the same server, and their
        // migrations hold advisory locks too.
        await using (var kill = admin.DataSource.CreateCommand("""
            SELECT pg_terminate_backend(pid) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """))
        {
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        await (await other.AcquireAsync(Key).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
        await held.DisposeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override Task<(IConversationLock One, IConversationLock Other)> CreateAsync(TimeSpan? waitLimit = null)
    {
        PostgresTestServer.SkipIfUnavailable();
        _database ??= PostgresTestDatabase.Create();
        var one = Track(PostgresDatabase.Open(_database.ConnectionString));
        var other = Track(PostgresDatabase.Open(_database.ConnectionString));
        return Task.FromResult<(IConversationLock, IConversationLock)>((Store(one), Store(other)));

        PostgresConversationStateStore Store(PostgresDatabase database) =>
            new(database, TimeProvider.System, TimeSpan.FromHours(24), waitLimit);
    }
}
