using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs.State;

/// <summary>
/// Conversation states of the single-instance <c>sqlite</c> provider: served from process memory and written behind to
/// the <c>bot_state</c> table of the handoff database, so they outlive a restart without a turn ever waiting for the
/// disk.
/// </summary>
/// <remarks>
/// <para>
/// Reads come from memory; a key not yet in memory (the first turn after a restart) is read from the database once.
/// ETags are checked in memory, atomically, when a turn saves, and a written state is in memory at once. A background
/// flush writes the states changed since the last one in a single transaction, every
/// <see cref="DefaultFlushInterval"/> by default, and once more on dispose. A turn therefore costs no synchronous disk
/// work, and one commit carries every conversation that changed in that interval.
/// </para>
/// <para>
/// The price: a crash (not a clean shutdown) loses up to one flush interval of dialog state, so a patient might be
/// asked their last answer again. Nothing that matters clinically is lost: handoffs, with their transcript and triage
/// audit, are stored durably and separately, before the patient is told they were passed on. The memory copy is
/// authoritative, so one database file must not be shared by several bot processes; several instances use the
/// <c>postgres</c> provider. On a clean shutdown the host flushes once requests have finished, so nothing is lost.
/// </para>
/// </remarks>
public sealed class SqliteConversationStateStore : IConversationStateStore, IAsyncDisposable, IDisposable
{
    /// <summary>How often changed states are written to the database: at most this much is lost in a crash.</summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _idleLifetime;
    private readonly Action<Exception>? _onFlushError;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _unflushed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _flusher;
    private int _disposed;

    /// <summary>Opens the store in the database described by a connection string, migrating it if needed.</summary>
    /// <param name="connectionString">As for <see cref="SqliteHandoffStore(string)"/>.</param>
    /// <param name="clock">Clock for write times and idle expiry.</param>
    /// <param name="idleLifetime">How long a state is kept after its last write.</param>
    /// <param name="flushInterval">
    /// How often changes are written; <see cref="Timeout.InfiniteTimeSpan"/> for only when <see cref="FlushAsync"/>,
    /// <see cref="SweepAsync"/> or dispose asks (tests).
    /// </param>
    /// <param name="onFlushError">
    /// Told when a background flush fails; the changes stay pending and the next flush tries again. Exceptions from
    /// SQLite carry no state.
    /// </param>
    /// <exception cref="SqliteException">The database cannot be opened or migrated.</exception>
    public SqliteConversationStateStore(
        string connectionString,
        TimeProvider clock,
        TimeSpan idleLifetime,
        TimeSpan? flushInterval = null,
        Action<Exception>? onFlushError = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleLifetime, TimeSpan.Zero);
        var interval = flushInterval ?? DefaultFlushInterval;
        if (interval != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(flushInterval));
        }

        _connectionString = connectionString;
        _clock = clock;
        _idleLifetime = idleLifetime;
        _onFlushError = onFlushError;
        using (var connection = SqliteConnections.Open(connectionString))
        {
            // WAL, as the handoff store sets it, whichever store opens a new file first: a flush never blocks readers.
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode = WAL;";
                command.ExecuteNonQuery();
            }

            SqliteMigrations.Apply(connection);
        }

        _flusher = interval == Timeout.InfiniteTimeSpan ? Task.CompletedTask : Task.Run(() => FlushPeriodicallyAsync(interval));
    }

    /// <summary>Opens the store in <c><paramref name="dataDirectory"/>/handoffs.db</c>, beside the handoffs.</summary>
    /// <param name="dataDirectory">Absolute path; created if missing.</param>
    /// <param name="clock">Clock for write times and idle expiry.</param>
    /// <param name="idleLifetime">How long a state is kept after its last write.</param>
    /// <param name="onFlushError">Told when a background flush fails.</param>
    /// <exception cref="ArgumentException">The path is not absolute.</exception>
    public static SqliteConversationStateStore OpenDataDirectory(
        string dataDirectory, TimeProvider clock, TimeSpan idleLifetime, Action<Exception>? onFlushError = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        if (!Path.IsPathFullyQualified(dataDirectory))
        {
            throw new ArgumentException("The data directory must be an absolute path.", nameof(dataDirectory));
        }

        Directory.CreateDirectory(dataDirectory);
        return new SqliteConversationStateStore(
            SqliteConnections.FileConnectionString(dataDirectory), clock, idleLifetime, onFlushError: onFlushError);
    }

    /// <summary>States written or deleted in memory and not yet in the database.</summary>
    public int PendingCount => _unflushed.Count;

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, StoredState>> ReadAsync(
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var cutoff = _clock.GetUtcNow() - _idleLifetime;
        var result = new Dictionary<string, StoredState>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (GetEntry(key).State is { } state && state.UpdatedAt >= cutoff)
            {
                result[key] = state;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, StoredState>>(result);
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The store is closing.</exception>
    public Task<string> WriteAsync(string key, byte[] json, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(json);
        ThrowIfDisposed();
        var now = _clock.GetUtcNow();
        var written = new Entry(new StoredState(json, StateETags.New(), now), now);
        while (true)
        {
            var current = GetEntry(key);
            if (!StateETags.IsUnconditional(expectedETag) && current.State is { } stored && stored.ETag != expectedETag)
            {
                throw new StateConflictException(key);
            }

            // Compare-and-swap on the exact entry checked, so two turns holding the same ETag cannot both succeed.
            if (_entries.TryUpdate(key, written, current))
            {
                _unflushed.TryAdd(key, 0);
                return Task.FromResult(written.State!.ETag);
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The store is closing.</exception>
    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ThrowIfDisposed();
        var now = _clock.GetUtcNow();
        foreach (var key in keys)
        {
            // Remembered as absent until flushed and idle, so a read in between cannot bring the old row back.
            _entries[key] = new Entry(null, now);
            _unflushed.TryAdd(key, 0);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>Flushes pending changes first, so the count is of states actually removed from the database.</remarks>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        var cutoff = _clock.GetUtcNow() - _idleLifetime;
        foreach (var item in _entries)
        {
            if (item.Value.At < cutoff && !_unflushed.ContainsKey(item.Key))
            {
                // Only the entry seen here: a turn that wrote it meanwhile keeps its state.
                _entries.TryRemove(item);
            }
        }

        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM bot_state WHERE updated_at_ticks < $cutoff;";
        command.Parameters.AddWithValue("$cutoff", cutoff.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Writes every pending change in one transaction.</remarks>
    /// <exception cref="SqliteException">The write failed; the changes stay pending.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            FlushPending();
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>
    /// Stops the background flush and writes what is still pending. The host flushes earlier, on stopping
    /// (<see cref="FlushAsync"/>); this is for what came after, and for users without a host.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _flusher;
        try
        {
            await FlushAsync();
        }
        catch (Exception ex) when (ex is SqliteException or IOException)
        {
            _onFlushError?.Invoke(ex);
        }

        // As the handoff store does: close the pooled connections, so the file is released and its WAL checkpointed
        // even when this store is the last to write on shutdown.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _stopping.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync" />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Entry GetEntry(string key)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            return entry;
        }

        // Whoever adds first wins: a turn's write that lands while this reads the database is never replaced by the
        // older row.
        return _entries.GetOrAdd(key, Load(key));
    }

    private Entry Load(string key)
    {
        using var connection = SqliteConnections.Open(_connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, etag, updated_at_ticks FROM bot_state WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return new Entry(null, _clock.GetUtcNow());
        }

        var updatedAt = new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero);
        return new Entry(new StoredState((byte[])reader.GetValue(0), reader.GetString(1), updatedAt), updatedAt);
    }

    private void FlushPending()
    {
        if (_unflushed.IsEmpty)
        {
            return;
        }

        // Each key is taken off the pending list before its entry is read, so a write landing meanwhile marks it again
        // and is written by the next flush; the database always ends with the latest entry.
        var batch = new List<(string Key, StoredState? State)>();
        foreach (var key in _unflushed.Keys)
        {
            _unflushed.TryRemove(key, out _);
            if (_entries.TryGetValue(key, out var entry))
            {
                batch.Add((key, entry.State));
            }
        }

        try
        {
            using var connection = SqliteConnections.Open(_connectionString);
            using var transaction = connection.BeginTransaction(deferred: false);
            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO bot_state (key, state, etag, updated_at_ticks) VALUES ($key, $state, $etag, $ticks)
                ON CONFLICT (key) DO UPDATE SET
                    state = excluded.state, etag = excluded.etag, updated_at_ticks = excluded.updated_at_ticks;
                """;
            var upsertKey = upsert.Parameters.Add("$key", SqliteType.Text);
            var upsertState = upsert.Parameters.Add("$state", SqliteType.Blob);
            var upsertETag = upsert.Parameters.Add("$etag", SqliteType.Text);
            var upsertTicks = upsert.Parameters.Add("$ticks", SqliteType.Integer);
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM bot_state WHERE key = $key;";
            var deleteKey = delete.Parameters.Add("$key", SqliteType.Text);

            foreach (var (key, state) in batch)
            {
                if (state is null)
                {
                    deleteKey.Value = key;
                    delete.ExecuteNonQuery();
                }
                else
                {
                    upsertKey.Value = key;
                    upsertState.Value = state.Json;
                    upsertETag.Value = state.ETag;
                    upsertTicks.Value = state.UpdatedAt.UtcTicks;
                    upsert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }
        catch
        {
            foreach (var (key, _) in batch)
            {
                _unflushed.TryAdd(key, 0);
            }

            throw;
        }
    }

    private async Task FlushPeriodicallyAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await FlushAsync(_stopping.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _onFlushError?.Invoke(ex);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposing: the final flush follows.
        }
    }

    private void ThrowIfDisposed() =>
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);

    /// <summary>What memory knows of a key: its state, or that it has none; and when that was last true, for sweeping.</summary>
    private sealed class Entry(StoredState? state, DateTimeOffset at)
    {
        public StoredState? State { get; } = state;

        public DateTimeOffset At { get; } = at;
    }
}
