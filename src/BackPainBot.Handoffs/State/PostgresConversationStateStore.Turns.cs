using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace BackPainBot.Handoffs.State;

/// <summary>The conversation lock of the <c>postgres</c> provider: a turn's hold on a conversation, across instances.</summary>
/// <remarks>
/// <para>
/// Turns of one conversation on the same instance queue in process first (<see cref="InProcessConversationLock"/>), so
/// each instance spends at most one connection per conversation waiting. The lock belongs to a transaction that holds
/// no row and no snapshot between statements, and whatever goes wrong (the turn throws, the connection breaks, the
/// process dies) the transaction ends and PostgreSQL releases the lock with it; closing a connection mid-transaction
/// rolls it back.
/// </para>
/// <para>
/// Keys are hashed to 32 bits (<c>hashtext</c>) in a two-key space of their own, apart from the single-key locks the
/// migrations take; two conversations that share a hash only wait for each other's turns. A turn that somehow ran
/// without the lock still saves with its ETag, so it fails rather than overwrite.
/// </para>
/// </remarks>
public sealed partial class PostgresConversationStateStore
{
    /// <summary>First key of every conversation lock (the two-key form): "BPCV".</summary>
    private const int LockSpace = 0x4250_4356;

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> AcquireAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var started = Stopwatch.GetTimestamp();
        var local = await _localLock.AcquireAsync(key, cancellationToken);
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
            var waitMilliseconds = Math.Max(1, (long)Math.Ceiling((_lockWaitLimit - Stopwatch.GetElapsedTime(started)).TotalMilliseconds));
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("BEGIN"),
                    new NpgsqlBatchCommand("SELECT set_config('lock_timeout', $1, true)")
                    {
                        Parameters = { new NpgsqlParameter<string> { TypedValue = waitMilliseconds.ToString(CultureInfo.InvariantCulture) } },
                    },
                    new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))")
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<int> { TypedValue = LockSpace },
                            new NpgsqlParameter<string> { TypedValue = key },
                        },
                    },
                    new NpgsqlBatchCommand(ReadSql)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<string> { TypedValue = key },
                            new NpgsqlParameter<DateTimeOffset> { TypedValue = Cutoff() },
                        },
                    },
                },
            };

            StoredState? state = null;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                // set_config's row, then the lock's, then the state's.
                await reader.NextResultAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    state = new StoredState(reader.GetFieldValue<byte[]>(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
                }
            }

            var turn = new Turn(this, key, connection, state, local);
            _turns[key] = turn;
            return turn;
        }
        catch (Exception ex)
        {
            if (connection is not null)
            {
                // Closing mid-transaction rolls back, which ends the lock if it was granted.
                await connection.DisposeAsync();
            }

            await local.DisposeAsync();
            if (ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable })
            {
                throw new ConversationBusyException(key, _lockWaitLimit, ex);
            }

            throw;
        }
    }

    /// <summary>
    /// A turn's hold on a conversation: the connection whose transaction holds the advisory lock, and the state read
    /// when it was taken. The turn's first save is written and committed on it, which ends the lock; a turn that saves
    /// nothing rolls back when it is disposed.
    /// </summary>
    private sealed class Turn(
        PostgresConversationStateStore store, string key, NpgsqlConnection connection, StoredState? state, IAsyncDisposable local)
        : IAsyncDisposable
    {
        private const int Open = 0;
        private const int InUse = 1;
        private const int Ended = 2;

        private StoredState? _state = state;
        private int _status = Open;
        private int _disposed;

        /// <summary>The state read when the turn took the conversation, while its transaction is open.</summary>
        public bool TryGetState(out StoredState? state)
        {
            state = _state;
            return Volatile.Read(ref _status) == Open;
        }

        /// <summary>After a delete: the conversation now has no state.</summary>
        public void Forget() => _state = null;

        /// <summary>
        /// Writes and commits in one round trip, ending the lock; false when the transaction is not open (already
        /// committed, or in use by a concurrent call), for the caller to write without it.
        /// </summary>
        /// <exception cref="StateConflictException">The ETag does not match; nothing was written.</exception>
        public async Task<bool> TryWriteAsync(StoredState written, string? expectedETag, CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _status, InUse, Open) != Open)
            {
                return false;
            }

            var conditional = !StateETags.IsUnconditional(expectedETag);
            var upsert = new NpgsqlBatchCommand(conditional ? ConditionalUpsertSql : UpsertSql);
            AddUpsertParameters(upsert.Parameters, key, written, conditional ? expectedETag : null);
            try
            {
                await using var batch = new NpgsqlBatch(connection) { BatchCommands = { upsert, new NpgsqlBatchCommand("COMMIT") } };
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
            finally
            {
                // Committed, or failed and left to the rollback that closing the connection does: over either way.
                Volatile.Write(ref _status, Ended);
            }

            if (upsert.RecordsAffected == 0)
            {
                throw new StateConflictException(key);
            }

            return true;
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            var status = Interlocked.Exchange(ref _status, Ended);
            store._turns.TryRemove(new KeyValuePair<string, Turn>(key, this));
            try
            {
                if (status == Open)
                {
                    await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                    await rollback.ExecuteNonQueryAsync(CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException)
            {
                // The session is gone, and its lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
                await local.DisposeAsync();
            }
        }
    }
}
