using System.Data.Common;
using BackPainBot.Handoffs.Notifications;
using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs;

/// <summary>
/// Handoff store in a single SQLite file: the default provider, for one bot instance. Safe to share between concurrent
/// turns (a pooled connection per operation); each save is durable when it returns, and concurrent saves share a commit. Errors surface as exceptions
/// (usually <see cref="SqliteException"/>) whose messages never contain patient text.
/// </summary>
public sealed partial class SqliteHandoffStore : IHandoffStore, IDisposable
{
    /// <summary>Name of the database file inside the data directory.</summary>
    public const string DatabaseFileName = "handoffs.db";

    /// <summary>How long, in milliseconds, an operation waits for another writer before failing.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    private const string Columns = """
        id, conversation_id, channel, level, level_rank, status,
        contact_name, contact_phone, contact_email, preferred_time,
        created_at, created_at_utc_ticks, updated_at, flags, transcript, triage_audit,
        reason, question, conversation_reference, time_preference
        """;

    /// <summary>
    /// A save's <c>ON CONFLICT</c> update: the saved values, except that a staff-moved status and a stored conversation
    /// reference are kept (<see cref="HandoffUpsert"/>, shared with the other provider).
    /// </summary>
    private static readonly string UpsertAssignments = HandoffUpsert.Assignments(Columns);

    private readonly string _connectionString;
    private readonly SqliteWriteQueue _writes;

    /// <summary>Opens (creating and migrating if needed) the store described by a connection string.</summary>
    /// <param name="connectionString">
    /// A Microsoft.Data.Sqlite connection string. For tests, <c>Data Source=name;Mode=Memory;Cache=Shared</c> with a
    /// connection to the same string held open for as long as the database should live.
    /// </param>
    /// <exception cref="SqliteException">The database cannot be opened or migrated.</exception>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this build knows.</exception>
    public SqliteHandoffStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        Initialize();
        _writes = new SqliteWriteQueue(OpenConnection);
    }

    /// <summary>
    /// Opens the store in <c><paramref name="dataDirectory"/>/handoffs.db</c>, creating the folder and the database on
    /// first run.
    /// </summary>
    /// <param name="dataDirectory">Absolute path; the caller resolves relative settings against its content root.</param>
    /// <exception cref="ArgumentException">The path is not absolute.</exception>
    public static SqliteHandoffStore OpenDataDirectory(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);

        // Resolving against the working directory here would put the database wherever the service happened to start.
        if (!Path.IsPathFullyQualified(dataDirectory))
        {
            throw new ArgumentException(
                "The data directory must be an absolute path; resolve it against the content root first.",
                nameof(dataDirectory));
        }

        Directory.CreateDirectory(dataDirectory);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, DatabaseFileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        };
        return new SqliteHandoffStore(builder.ConnectionString);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Concurrent saves share one commit (<see cref="SqliteWriteQueue"/>); each returns once its own handoff is on disk.
    /// </remarks>
    public async Task SaveAsync(Handoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        NotificationsQueuedEventArgs? queued = null;
        await _writes.ExecuteAsync(
            (connection, transaction) => queued = WriteHandoff(connection, transaction, handoff), cancellationToken);

        // Only once the commit is durable: the worker must never deliver a handoff that was rolled back.
        OnNotificationsQueued(queued);
    }

    private static NotificationsQueuedEventArgs? WriteHandoff(SqliteConnection connection, SqliteTransaction transaction, Handoff handoff)
    {
        var levelRank = HandoffLevels.Rank(handoff.Level);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO handoffs ({Columns})
            VALUES ($id, $conversationId, $channel, $level, $levelRank, $status,
                    $contactName, $contactPhone, $contactEmail, $preferredTime,
                    $createdAt, $createdAtUtcTicks, $updatedAt, $flags, $transcript, $triageAudit,
                    $reason, $question, $conversationReference, $timePreference)
            ON CONFLICT (id) DO UPDATE SET {UpsertAssignments};
            """;

        var parameters = command.Parameters;
        parameters.AddWithValue("$id", FormatId(handoff.Id));
        parameters.AddWithValue("$conversationId", handoff.ConversationId);
        parameters.AddWithValue("$channel", handoff.Channel);
        parameters.AddWithValue("$level", handoff.Level);
        parameters.AddWithValue("$levelRank", levelRank);
        parameters.AddWithValue("$status", handoff.Status);
        parameters.AddWithValue("$contactName", (object?)handoff.Contact?.Name ?? DBNull.Value);
        parameters.AddWithValue("$contactPhone", (object?)handoff.Contact?.Phone ?? DBNull.Value);
        parameters.AddWithValue("$contactEmail", (object?)handoff.Contact?.Email ?? DBNull.Value);
        parameters.AddWithValue(
            "$preferredTime",
            handoff.PreferredTime is { } preferred ? FormatTime(preferred) : DBNull.Value);
        parameters.AddWithValue("$createdAt", FormatTime(handoff.CreatedAt));
        parameters.AddWithValue("$createdAtUtcTicks", handoff.CreatedAt.UtcTicks);
        parameters.AddWithValue("$updatedAt", FormatTime(handoff.UpdatedAt));
        parameters.AddWithValue("$flags", HandoffJson.SerializeList(handoff.Flags));
        parameters.AddWithValue("$transcript", HandoffJson.SerializeList(handoff.Transcript));
        parameters.AddWithValue("$triageAudit", HandoffJson.SerializeList(handoff.TriageAudit));
        parameters.AddWithValue("$reason", handoff.Reason);
        parameters.AddWithValue("$question", (object?)handoff.Question ?? DBNull.Value);
        parameters.AddWithValue("$conversationReference", (object?)handoff.ConversationReference ?? DBNull.Value);
        parameters.AddWithValue("$timePreference", (object?)handoff.TimePreference ?? DBNull.Value);

        // Staff notifications are queued in the same transaction (and savepoint): a crash can neither lose them nor
        // announce a handoff that was never saved.
        var queued = QueueNotifications(connection, transaction, handoff, levelRank);
        command.ExecuteNonQuery();
        return queued;
    }

    /// <inheritdoc />
    public async Task<Handoff?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM handoffs WHERE id = $id;";
        command.Parameters.AddWithValue("$id", FormatId(id));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadHandoff(reader) : null;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<IReadOnlyList<Handoff>> ListAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Ordering by the UTC instant, not the stored text: two handoffs written with different offsets would otherwise
        // sort by their local clock readings. The id makes ties deterministic.
        command.CommandText = $"""
            SELECT {Columns} FROM handoffs
            ORDER BY level_rank DESC, created_at_utc_ticks, id
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", limit);

        return await StoreRows.ReadAllAsync(command, ReadHandoff, cancellationToken);
    }

    /// <summary>
    /// Finishes the queued writes, then closes the pooled connections so the database file is released (and its WAL
    /// checkpointed).
    /// </summary>
    public void Dispose()
    {
        _writes.Dispose();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>The write queue, for tests that hold it or count its commits.</summary>
    internal SqliteWriteQueue Writes => _writes;

    /// <summary>A new open connection with the per-connection settings applied; tests use it to inspect the database.</summary>
    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            ApplyConnectionSettings(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            ApplyConnectionSettings(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static void ApplyConnectionSettings(SqliteConnection connection)
    {
        // synchronous and busy_timeout belong to the connection, not the file, so every (possibly pooled) connection gets
        // them. FULL makes a commit wait for the disk, which is what lets a saved red flag survive a crash or power loss.
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
        command.ExecuteNonQuery();
    }

    private void Initialize()
    {
        using var connection = OpenConnection();

        // WAL is remembered by the file and lets staff read the queue while a turn writes. In-memory databases answer
        // "memory" and keep their own journal, which is fine. It cannot change inside a transaction, hence before
        // migrating.
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }

        SqliteMigrations.Apply(connection);
    }

    private static Handoff ReadHandoff(DbDataReader reader)
    {
        var preferredTime = GetNullableString(reader, "preferred_time");

        return new Handoff
        {
            Id = Guid.ParseExact(reader.GetString(reader.GetOrdinal("id")), "D"),
            ConversationId = reader.GetString(reader.GetOrdinal("conversation_id")),
            Channel = reader.GetString(reader.GetOrdinal("channel")),
            Level = reader.GetString(reader.GetOrdinal("level")),
            Status = reader.GetString(reader.GetOrdinal("status")),

            // Contact details are stored as columns so staff can search them.
            Contact = StoreRows.Contact(
                GetNullableString(reader, "contact_name"),
                GetNullableString(reader, "contact_phone"),
                GetNullableString(reader, "contact_email")),
            PreferredTime = preferredTime is null ? null : ParseTime(preferredTime),
            TimePreference = GetNullableString(reader, "time_preference"),
            CreatedAt = ParseTime(reader.GetString(reader.GetOrdinal("created_at"))),
            UpdatedAt = ParseTime(reader.GetString(reader.GetOrdinal("updated_at"))),
            Flags = HandoffJson.DeserializeList<string>(reader.GetString(reader.GetOrdinal("flags"))),
            Transcript = HandoffJson.DeserializeList<TranscriptEntry>(reader.GetString(reader.GetOrdinal("transcript"))),
            TriageAudit = HandoffJson.DeserializeList<TriageAuditEntry>(reader.GetString(reader.GetOrdinal("triage_audit"))),
            Reason = reader.GetString(reader.GetOrdinal("reason")),
            Question = GetNullableString(reader, "question"),
            ConversationReference = GetNullableString(reader, "conversation_reference"),
        };
    }

    private static string? GetNullableString(DbDataReader reader, string column) =>
        StoreRows.ReadNullableString(reader, reader.GetOrdinal(column));

    // Guids bind as BLOBs by default; the primary key is text so staff tools and the sqlite3 shell can read it.
    private static string FormatId(Guid id) => id.ToString("D");

    private static string FormatTime(DateTimeOffset value) => SqliteCommands.FormatTime(value);

    private static DateTimeOffset ParseTime(string value) => SqliteCommands.ParseTime(value);
}
