using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace BackPainBot.Handoffs.State;

/// <summary>
/// The conversation lock of the <c>postgres</c> provider, shared by every instance on the database: a transaction-scoped
/// advisory lock on a hash of the key, held on a connection of its own for as long as the turn runs.
/// </summary>
/// <remarks>
/// <para>
/// Turns of one conversation on the same instance queue in process first (<see cref="InProcessConversationLock"/>), so
/// each instance spends at most one connection per conversation waiting. The lock belongs to a transaction that does
/// nothing else: no snapshot is held between statements and no row is locked, and whatever goes wrong (the turn throws,
/// the connection breaks, the process dies) the transaction ends and PostgreSQL releases the lock with it.
/// </para>
/// <para>
/// Keys are hashed to 32 bits (<c>hashtext</c>) in a two-key space of their own, apart from the single-key locks the
/// migrations take. Two conversations that share a hash only wait for each other's turns. State is still written with
/// its ETag, so a turn that somehow ran without the lock fails instead of overwriting another's state.
/// </para>
/// </remarks>
public sealed class PostgresConversationLock : IConversationLock
{
    /// <summary>First key of every conversation lock (the two-key form): "BPCV".</summary>
    private const int LockSpace = 0x4250_4356;

    private readonly PostgresDatabase _database;
    private readonly InProcessConversationLock _local;
    private readonly TimeSpan _waitLimit;

    /// <param name="database">The shared database.</param>
    /// <param name="waitLimit">Longest a turn waits for the lock; <see cref="InProcessConversationLock.DefaultWaitLimit"/> when null.</param>
    public PostgresConversationLock(PostgresDatabase database, TimeSpan? waitLimit = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _waitLimit = waitLimit ?? InProcessConversationLock.DefaultWaitLimit;
        _local = new InProcessConversationLock(_waitLimit);
    }

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> AcquireAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var started = Stopwatch.GetTimestamp();
        var local = await _local.AcquireAsync(key, cancellationToken);
        NpgsqlConnection? connection = null;
        NpgsqlTransaction? transaction = null;
        try
        {
            connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            var remaining = _waitLimit - Stopwatch.GetElapsedTime(started);
            var timeoutMilliseconds = Math.Max(1, (long)Math.Ceiling(remaining.TotalMilliseconds));
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("SELECT set_config('lock_timeout', $1, true)")
                    {
                        Parameters = { new NpgsqlParameter<string> { TypedValue = timeoutMilliseconds.ToString(CultureInfo.InvariantCulture) } },
                    },
                    new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))")
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<int> { TypedValue = LockSpace },
                            new NpgsqlParameter<string> { TypedValue = key },
                        },
                    },
                },
            };
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return new Holder(connection, transaction, local);
        }
        catch (Exception ex)
        {
            await ReleaseAsync(connection, transaction, local);
            if (ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable })
            {
                throw new ConversationBusyException(key, _waitLimit, ex);
            }

            throw;
        }
    }

    private static async ValueTask ReleaseAsync(NpgsqlConnection? connection, NpgsqlTransaction? transaction, IAsyncDisposable local)
    {
        try
        {
            if (transaction is not null)
            {
                // Disposing rolls back, which ends the lock; on a broken connection the server has ended it already.
                await transaction.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // The session is gone, and its locks with it.
        }
        finally
        {
            await local.DisposeAsync();
        }
    }

    private sealed class Holder(NpgsqlConnection connection, NpgsqlTransaction transaction, IAsyncDisposable local) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _released, 1) == 0 ? ReleaseAsync(connection, transaction, local) : ValueTask.CompletedTask;
    }
}
