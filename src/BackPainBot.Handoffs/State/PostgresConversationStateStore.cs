using Npgsql;
using NpgsqlTypes;

namespace BackPainBot.Handoffs.State;

/// <summary>
/// Conversation states of the <c>postgres</c> provider, in the shared database: every read and every conditional write
/// is one SQL statement, and nothing is cached in the process, so any instance can serve any turn.
/// </summary>
/// <remarks>
/// A conditional write is a single <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE etag = @expected</c>: it inserts a
/// state no longer stored, replaces one whose ETag still matches, and changes nothing (so it throws
/// <see cref="StateConflictException"/>) when another instance wrote first. The row lock PostgreSQL takes for the
/// update makes the check and the write one step.
/// </remarks>
public sealed class PostgresConversationStateStore : IConversationStateStore
{
    /// <summary>The migration series of this store in <see cref="PostgresDatabase.Migrate"/>.</summary>
    public const string Component = "bot_state";

    private const string UpsertSql = """
        INSERT INTO bot_state (key, state, etag, updated_at) VALUES (@key, @state, @etag, @now)
        ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, etag = EXCLUDED.etag, updated_at = EXCLUDED.updated_at
        """;

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _idleLifetime;

    /// <summary>Opens the store in <paramref name="database"/>, migrating its schema if needed.</summary>
    /// <param name="database">The shared database.</param>
    /// <param name="clock">Clock for write times and idle expiry; instances should agree on the time.</param>
    /// <param name="idleLifetime">How long a state is kept after its last write.</param>
    public PostgresConversationStateStore(PostgresDatabase database, TimeProvider clock, TimeSpan idleLifetime)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleLifetime, TimeSpan.Zero);
        _database = database;
        _clock = clock;
        _idleLifetime = idleLifetime;
        database.Migrate(Component, Migrations);
    }

    /// <summary>The schema of <see cref="Component"/>. Append new ones; never edit a released one.</summary>
    public static IReadOnlyList<PostgresDatabase.Migration> Migrations { get; } =
    [
        // Every turn rewrites its row. No index but the key's, and room left in each page, so those updates are HOT
        // (heap-only) and leave no index entries to vacuum; the sweep, every few minutes, can scan.
        new(1, """
            CREATE TABLE bot_state (
                key        text        NOT NULL PRIMARY KEY,
                state      bytea       NOT NULL,
                etag       text        NOT NULL,
                updated_at timestamptz NOT NULL
            ) WITH (fillfactor = 70);
            """),
    ];

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, StoredState>> ReadAsync(
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<string, StoredState>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return result;
        }

        await using var command = _database.DataSource.CreateCommand(
            "SELECT key, state, etag, updated_at FROM bot_state WHERE key = ANY(@keys) AND updated_at >= @cutoff");
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", [.. keys]));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", (_clock.GetUtcNow() - _idleLifetime).ToUniversalTime()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = new StoredState(
                reader.GetFieldValue<byte[]>(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(string key, byte[] json, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(json);
        var etag = StateETags.New();
        var conditional = !StateETags.IsUnconditional(expectedETag);
        await using var command = _database.DataSource.CreateCommand(
            conditional ? UpsertSql + " WHERE bot_state.etag = @expected" : UpsertSql);
        command.Parameters.Add(new NpgsqlParameter<string>("key", key));
        command.Parameters.Add(new NpgsqlParameter<byte[]>("state", NpgsqlDbType.Bytea) { TypedValue = json });
        command.Parameters.Add(new NpgsqlParameter<string>("etag", etag));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", _clock.GetUtcNow().ToUniversalTime()));
        if (conditional)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("expected", expectedETag!));
        }

        // A conflicting row is left alone by the WHERE, so no row is affected.
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new StateConflictException(key);
        }

        return etag;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }

        await using var command = _database.DataSource.CreateCommand("DELETE FROM bot_state WHERE key = ANY(@keys)");
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", [.. keys]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Every instance sweeps; sweeps that overlap delete each row once.</remarks>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _database.DataSource.CreateCommand("DELETE FROM bot_state WHERE updated_at < @cutoff");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", (_clock.GetUtcNow() - _idleLifetime).ToUniversalTime()));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Every write is committed before it returns; nothing is held back.</remarks>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
