using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace BackPainBot.Handoffs.State;

/// <summary>
/// Conversation states of the <c>postgres</c> provider, in the shared database, and the conversation lock every
/// instance on it shares: nothing is cached between turns, so any instance can serve any turn.
/// </summary>
/// <remarks>
/// <para>
/// A conditional write is a single <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE etag = @expected</c>: it inserts a
/// state no longer stored, replaces one whose ETag still matches, and changes nothing (so it throws
/// <see cref="StateConflictException"/>) when another turn wrote first. The row lock PostgreSQL takes for the update
/// makes the check and the write one step.
/// </para>
/// <para>
/// As the conversation lock (<see cref="AcquireAsync"/>), a turn holds a transaction-scoped advisory lock on a
/// connection of its own, and the same round trip reads the conversation's state; the turn's read is served from
/// that, and its save is written and committed, ending the lock, in one more round trip. A turn thus costs two round
/// trips, the same as an unlocked read and write.
/// </para>
/// </remarks>
public sealed partial class PostgresConversationStateStore : IConversationStateStore, IConversationLock
{
    /// <summary>The migration series of this store in <see cref="PostgresDatabase.Migrate"/>.</summary>
    public const string Component = "bot_state";

    private const string ReadSql = "SELECT state, etag, updated_at FROM bot_state WHERE key = $1 AND updated_at >= $2";

    private const string UpsertSql = """
        INSERT INTO bot_state (key, state, etag, updated_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, etag = EXCLUDED.etag, updated_at = EXCLUDED.updated_at
        """;

    private const string ConditionalUpsertSql = UpsertSql + " WHERE bot_state.etag = $5";

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _idleLifetime;
    private readonly TimeSpan _lockWaitLimit;
    private readonly InProcessConversationLock _localLock;

    /// <summary>The turns of this process holding a conversation now, by key; at most one each (the local lock).</summary>
    private readonly ConcurrentDictionary<string, Turn> _turns = new(StringComparer.Ordinal);

    /// <summary>Opens the store in <paramref name="database"/>, migrating its schema if needed.</summary>
    /// <param name="database">The shared database.</param>
    /// <param name="clock">Clock for write times and idle expiry; instances should agree on the time.</param>
    /// <param name="idleLifetime">How long a state is kept after its last write.</param>
    /// <param name="lockWaitLimit">
    /// Longest a turn waits for the turn ahead of it; <see cref="InProcessConversationLock.DefaultWaitLimit"/> when null.
    /// </param>
    public PostgresConversationStateStore(
        PostgresDatabase database, TimeProvider clock, TimeSpan idleLifetime, TimeSpan? lockWaitLimit = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleLifetime, TimeSpan.Zero);
        _database = database;
        _clock = clock;
        _idleLifetime = idleLifetime;
        _lockWaitLimit = lockWaitLimit ?? InProcessConversationLock.DefaultWaitLimit;
        _localLock = new InProcessConversationLock(_lockWaitLimit);
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
        var unheld = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            // A conversation held by a turn of this process was read when the turn took it, and no one can have
            // written it since.
            if (_turns.TryGetValue(key, out var turn) && turn.TryGetState(out var state))
            {
                if (state is not null)
                {
                    result[key] = state;
                }
            }
            else
            {
                unheld.Add(key);
            }
        }

        if (unheld.Count == 0)
        {
            return result;
        }

        await using var command = _database.DataSource.CreateCommand(
            "SELECT key, state, etag, updated_at FROM bot_state WHERE key = ANY($1) AND updated_at >= $2");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. unheld] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = Cutoff() });
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
        var written = new StoredState(json, StateETags.New(), _clock.GetUtcNow().ToUniversalTime());
        if (_turns.TryGetValue(key, out var turn) && await turn.TryWriteAsync(written, expectedETag, cancellationToken))
        {
            return written.ETag;
        }

        await using var command = _database.DataSource.CreateCommand();
        Upsert(command, key, written, expectedETag);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new StateConflictException(key);
        }

        return written.ETag;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }

        await using var command = _database.DataSource.CreateCommand("DELETE FROM bot_state WHERE key = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys] });
        await command.ExecuteNonQueryAsync(cancellationToken);
        foreach (var key in keys)
        {
            if (_turns.TryGetValue(key, out var turn))
            {
                turn.Forget();
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Every instance sweeps; sweeps that overlap delete each row once.</remarks>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _database.DataSource.CreateCommand("DELETE FROM bot_state WHERE updated_at < $1");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = Cutoff() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Every write is committed before it returns; nothing is held back.</remarks>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private DateTimeOffset Cutoff() => (_clock.GetUtcNow() - _idleLifetime).ToUniversalTime();

    /// <summary>Makes <paramref name="command"/> the write of <paramref name="written"/>, conditional on an ETag unless it is null or <c>*</c>.</summary>
    private static void Upsert(NpgsqlCommand command, string key, StoredState written, string? expectedETag)
    {
        var conditional = !StateETags.IsUnconditional(expectedETag);
        command.CommandText = conditional ? ConditionalUpsertSql : UpsertSql;
        AddUpsertParameters(command.Parameters, key, written, conditional ? expectedETag : null);
    }

    private static void AddUpsertParameters(NpgsqlParameterCollection parameters, string key, StoredState written, string? expectedETag)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = written.Json });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = written.ETag });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = written.UpdatedAt });
        if (expectedETag is not null)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = expectedETag });
        }
    }
}
