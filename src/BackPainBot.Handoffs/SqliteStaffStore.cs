using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs;

/// <summary>
/// Staff accounts and the console's workflow in the handoff database (<see cref="SqliteHandoffStore"/>'s file).
/// Every change is one transaction that also writes its audit entry, so a failed write leaves nothing half-done.
/// </summary>
public sealed class SqliteStaffStore : IStaffStore
{
    private const string SummaryColumns = """
        id, conversation_id, channel, level, flags, contact_name, contact_phone, contact_email, preferred_time, status,
        reason, created_at, updated_at, claimed_by, takeover_by, conversation_reference IS NOT NULL AS can_take_over,
        transcript_purged_at,
        (SELECT CASE WHEN SUM(o.status = 'failed') > 0 THEN 'failed'
                     WHEN SUM(o.status = 'pending') > 0 THEN 'pending'
                     WHEN SUM(o.status = 'delivered') > 0 THEN 'delivered' END
           FROM notification_outbox o WHERE o.handoff_id = handoffs.id) AS notification_status,
        time_preference
        """;

    private static readonly StoreColumns Columns = StoreColumns.Sqlite;

    private readonly string _connectionString;

    /// <summary>Opens (creating and migrating if needed) the database described by a connection string.</summary>
    /// <param name="connectionString">As for <see cref="SqliteHandoffStore(string)"/>.</param>
    public SqliteStaffStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        using var connection = SqliteConnections.Open(connectionString);
        SqliteMigrations.Apply(connection);
    }

    /// <summary>Opens the store in <c><paramref name="dataDirectory"/>/handoffs.db</c>, beside the handoffs.</summary>
    /// <param name="dataDirectory">Absolute path.</param>
    public static SqliteStaffStore OpenDataDirectory(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        if (!Path.IsPathFullyQualified(dataDirectory))
        {
            throw new ArgumentException("The data directory must be an absolute path.", nameof(dataDirectory));
        }

        Directory.CreateDirectory(dataDirectory);
        return new SqliteStaffStore(SqliteConnections.FileConnectionString(dataDirectory));
    }

    /// <inheritdoc />
    public async Task AddAsync(StaffUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO staff_users (id, user_name, role, password_hash, security_stamp, disabled, created_at)
            VALUES ($id, $name, $role, $hash, $stamp, $disabled, $createdAt);
            """;
        command.Parameters.AddWithValue("$id", user.Id.ToString("D"));
        command.Parameters.AddWithValue("$name", user.UserName);
        command.Parameters.AddWithValue("$role", user.Role);
        command.Parameters.AddWithValue("$hash", user.PasswordHash);
        command.Parameters.AddWithValue("$stamp", user.SecurityStamp);
        command.Parameters.AddWithValue("$disabled", user.Disabled ? 1 : 0);
        command.Parameters.AddWithValue("$createdAt", FormatTime(user.CreatedAt));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: the name is taken.
            throw new StaffUserExistsException(user.UserName);
        }
    }

    /// <inheritdoc />
    public Task<StaffUser?> FindByNameAsync(string userName, CancellationToken cancellationToken = default) =>
        FindUserAsync("user_name = $value", userName, cancellationToken);

    /// <inheritdoc />
    public Task<StaffUser?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        FindUserAsync("id = $value", id.ToString("D"), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StaffUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, user_name, role, password_hash, security_stamp, disabled, created_at FROM staff_users ORDER BY user_name;";
        return await StoreRows.ReadAllAsync(command, ReadUser, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> SetPasswordAsync(string userName, string passwordHash, string securityStamp, CancellationToken cancellationToken = default) =>
        UpdateUserAsync(
            "UPDATE staff_users SET password_hash = $hash, security_stamp = $stamp WHERE user_name = $name;",
            [("$hash", passwordHash), ("$stamp", securityStamp), ("$name", userName)],
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> RehashPasswordAsync(Guid id, string passwordHash, CancellationToken cancellationToken = default) =>
        UpdateUserAsync(
            "UPDATE staff_users SET password_hash = $hash WHERE id = $id;",
            [("$hash", passwordHash), ("$id", id.ToString("D"))],
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetDisabledAsync(string userName, bool disabled, string securityStamp, CancellationToken cancellationToken = default) =>
        UpdateUserAsync(
            "UPDATE staff_users SET disabled = $disabled, security_stamp = $stamp WHERE user_name = $name;",
            [("$disabled", disabled ? 1 : 0), ("$stamp", securityStamp), ("$name", userName)],
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffSummary>> QueueAsync(bool includeClosed, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();

        // Emergencies first, then by age (the UTC instant, not the stored local text); finished ones at the back.
        command.CommandText = $"""
            SELECT {SummaryColumns} FROM handoffs
            WHERE $includeClosed = 1 OR status NOT IN ('booked', 'closed')
            ORDER BY status IN ('booked', 'closed'), level_rank DESC, created_at_utc_ticks, id
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$includeClosed", includeClosed ? 1 : 0);
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadSummariesAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<HandoffSummary?> GetSummaryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        return await GetSummaryAsync(connection, null, id, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TransitionResult> TransitionAsync(
        Guid id, string from, string to, string actor, bool overrideClaim, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await GetSummaryAsync(connection, transaction, id, cancellationToken);
        if (HandoffTransitions.Refusal(current, from, to, actor, overrideClaim) is { } refusal)
        {
            return refusal;
        }

        var claimedBy = HandoffTransitions.ClaimedByAfter(current!, to, actor);
        await SqliteCommands.ExecuteAsync(connection, transaction, """
            UPDATE handoffs SET status = $to, claimed_by = $claimedBy, updated_at = $now WHERE id = $id AND status = $from;
            """,
            [("$to", to), ("$claimedBy", claimedBy), ("$now", FormatTime(now)), ("$id", FormatId(id)), ("$from", from)],
            cancellationToken);
        await InsertEventAsync(connection, transaction, id, now, actor, HandoffEventKinds.Status, from, to, null, cancellationToken);
        var updated = await GetSummaryAsync(connection, transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TransitionResult(TransitionOutcome.Done, updated);
    }

    /// <inheritdoc />
    public async Task<HandoffNote?> AddNoteAsync(Guid id, string author, string text, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(author);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (!await ExistsAsync(connection, transaction, id, cancellationToken))
        {
            return null;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO handoff_notes (handoff_id, at, author, text) VALUES ($id, $at, $author, $text);
            SELECT last_insert_rowid();
            """;
        command.Parameters.AddWithValue("$id", FormatId(id));
        command.Parameters.AddWithValue("$at", FormatTime(now));
        command.Parameters.AddWithValue("$author", author);
        command.Parameters.AddWithValue("$text", text);
        var noteId = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await InsertEventAsync(connection, transaction, id, now, author, HandoffEventKinds.Note, null, null, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new HandoffNote(noteId, id, now, author, text);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffNote>> NotesAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, at, author, text FROM handoff_notes WHERE handoff_id = $id ORDER BY id;";
        command.Parameters.AddWithValue("$id", FormatId(id));
        return await StoreRows.ReadAllAsync(command, reader => StoreRows.Note(reader, Columns, id), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffEvent>> EventsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, at, actor, kind, from_status, to_status, detail FROM handoff_events WHERE handoff_id = $id ORDER BY id;";
        command.Parameters.AddWithValue("$id", FormatId(id));
        return await StoreRows.ReadAllAsync(command, reader => StoreRows.Event(reader, Columns, id), cancellationToken);
    }

    /// <inheritdoc />
    public async Task RecordViewsAsync(
        IReadOnlyCollection<Guid> ids, string viewer, string via, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentException.ThrowIfNullOrWhiteSpace(viewer);
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO transcript_views (handoff_id, at, viewer, via) VALUES ($id, $at, $viewer, $via);";
        var idParameter = command.Parameters.Add("$id", SqliteType.Text);
        command.Parameters.AddWithValue("$at", FormatTime(now));
        command.Parameters.AddWithValue("$viewer", viewer);
        command.Parameters.AddWithValue("$via", via);
        foreach (var id in ids)
        {
            idParameter.Value = FormatId(id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TranscriptView>> ViewsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, viewer, via FROM transcript_views WHERE handoff_id = $id ORDER BY id DESC;";
        command.Parameters.AddWithValue("$id", FormatId(id));
        return await StoreRows.ReadAllAsync(command, reader => StoreRows.View(reader, Columns, id), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> AppendTranscriptAsync(Guid id, TranscriptEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();

        // One statement, so a concurrent save of the whole handoff cannot interleave with it.
        command.CommandText = """
            UPDATE handoffs SET transcript = json_insert(transcript, '$[#]', json($entry)) WHERE id = $id;
            """;
        command.Parameters.AddWithValue("$id", FormatId(id));
        command.Parameters.AddWithValue("$entry", HandoffJson.Serialize(entry));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> SetTakeoverAsync(Guid id, string? staff, string actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await GetSummaryAsync(connection, transaction, id, cancellationToken);
        var change = HandoffTransitions.Takeover(current, staff);
        if (change.EventKind is not { } kind)
        {
            return change.Succeeds;
        }

        await SqliteCommands.ExecuteAsync(connection, transaction, "UPDATE handoffs SET takeover_by = $staff WHERE id = $id;",
            [("$staff", staff), ("$id", FormatId(id))], cancellationToken);
        await InsertEventAsync(connection, transaction, id, now, actor, kind, null, null, change.Detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffSummary>> TakeoversAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SummaryColumns} FROM handoffs WHERE takeover_by IS NOT NULL ORDER BY id;";
        return await ReadSummariesAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> PurgeTranscriptsAsync(DateTimeOffset createdBefore, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = """
            SELECT id FROM handoffs
            WHERE created_at_utc_ticks < $before AND transcript_purged_at IS NULL AND takeover_by IS NULL;
            """;
        select.Parameters.AddWithValue("$before", createdBefore.UtcTicks);
        var ids = new List<Guid>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(Columns.ReadId(reader, 0));
            }
        }

        foreach (var id in ids)
        {
            await SqliteCommands.ExecuteAsync(connection, transaction, """
                UPDATE handoffs
                SET transcript = '[]', question = NULL, conversation_reference = NULL, transcript_purged_at = $now
                WHERE id = $id;
                """,
                [("$now", FormatTime(now)), ("$id", FormatId(id))], cancellationToken);
            await InsertEventAsync(connection, transaction, id, now, "retention", HandoffEventKinds.TranscriptPurged, null, null, null, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    private async Task<StaffUser?> FindUserAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, user_name, role, password_hash, security_stamp, disabled, created_at FROM staff_users WHERE {where};";
        command.Parameters.AddWithValue("$value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
    }

    private async Task<bool> UpdateUserAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static StaffUser ReadUser(DbDataReader reader) => StoreRows.User(reader, Columns);

    private static async Task<HandoffSummary?> GetSummaryAsync(
        SqliteConnection connection, SqliteTransaction? transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {SummaryColumns} FROM handoffs WHERE id = $id;";
        command.Parameters.AddWithValue("$id", FormatId(id));
        var found = await ReadSummariesAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private static async Task<IReadOnlyList<HandoffSummary>> ReadSummariesAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        await StoreRows.ReadAllAsync(command, ReadSummary, cancellationToken);

    private static HandoffSummary ReadSummary(DbDataReader reader) => new()
    {
        Id = Columns.ReadId(reader, 0),
        ConversationId = reader.GetString(1),
        Channel = reader.GetString(2),
        Level = reader.GetString(3),
        Flags = HandoffJson.DeserializeList<string>(reader.GetString(4)),
        Contact = StoreRows.Contact(NullableString(reader, 5), NullableString(reader, 6), NullableString(reader, 7)),
        PreferredTime = Columns.ReadNullableTime(reader, 8),
        Status = reader.GetString(9),
        Reason = reader.GetString(10),
        CreatedAt = Columns.ReadTime(reader, 11),
        UpdatedAt = Columns.ReadTime(reader, 12),
        ClaimedBy = NullableString(reader, 13),
        TakeoverBy = NullableString(reader, 14),
        CanTakeOver = reader.GetInt64(15) != 0,
        TranscriptPurgedAt = Columns.ReadNullableTime(reader, 16),
        NotificationStatus = NullableString(reader, 17),
        TimePreference = NullableString(reader, 18),
    };

    private static async Task<bool> ExistsAsync(SqliteConnection connection, SqliteTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM handoffs WHERE id = $id;";
        command.Parameters.AddWithValue("$id", FormatId(id));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static Task InsertEventAsync(
        SqliteConnection connection, SqliteTransaction transaction, Guid id, DateTimeOffset at, string actor, string kind,
        string? from, string? to, string? detail, CancellationToken cancellationToken) =>
        SqliteCommands.ExecuteAsync(connection, transaction, """
            INSERT INTO handoff_events (handoff_id, at, actor, kind, from_status, to_status, detail)
            VALUES ($id, $at, $actor, $kind, $from, $to, $detail);
            """,
            [("$id", FormatId(id)), ("$at", FormatTime(at)), ("$actor", actor), ("$kind", kind), ("$from", from), ("$to", to), ("$detail", detail)],
            cancellationToken);

    private static string? NullableString(DbDataReader reader, int ordinal) => StoreRows.ReadNullableString(reader, ordinal);

    private static string FormatId(Guid id) => id.ToString("D");

    private static string FormatTime(DateTimeOffset value) => SqliteCommands.FormatTime(value);
}
