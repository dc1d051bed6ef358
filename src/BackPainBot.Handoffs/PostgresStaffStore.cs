using System.Data.Common;
using Npgsql;
using static BackPainBot.Handoffs.PostgresCommands;

namespace BackPainBot.Handoffs;

/// <summary>
/// Staff accounts and the console's workflow in the shared PostgreSQL database, beside <see cref="PostgresHandoffStore"/>'s
/// table. Every change is one transaction that also writes its audit entry, so a failed write leaves nothing half-done.
/// A change that depends on the handoff's current state (a status move, a takeover, a transcript line) locks that
/// handoff's row first, so staff on two instances acting on the same handoff at once are serialized as SQLite's single
/// writer serializes them.
/// </summary>
public sealed class PostgresStaffStore : IStaffStore
{
    private const string UserColumns = "id, user_name, role, password_hash, security_stamp, disabled, created_at";

    private const string SummaryColumns = """
        id, conversation_id, channel, level, flags, contact_name, contact_phone, contact_email,
        preferred_time, preferred_time_offset, status, reason, created_at, created_at_offset, updated_at, updated_at_offset,
        claimed_by, takeover_by, conversation_reference IS NOT NULL AS can_take_over, transcript_purged_at,
        (SELECT CASE WHEN bool_or(o.status = 'failed') THEN 'failed'
                     WHEN bool_or(o.status = 'pending') THEN 'pending'
                     WHEN bool_or(o.status = 'delivered') THEN 'delivered' END
           FROM notification_outbox o WHERE o.handoff_id = handoffs.id) AS notification_status,
        time_preference
        """;

    /// <summary>PostgreSQL's code for a unique index refusing a row.</summary>
    private const string UniqueViolation = "23505";

    private static readonly StoreColumns Columns = StoreColumns.Postgres;

    private readonly PostgresDatabase _database;

    /// <summary>Opens the store on <paramref name="database"/>, migrating its schema if needed.</summary>
    /// <param name="database">The process's shared database; the caller owns it (the store never disposes it).</param>
    public PostgresStaffStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        PostgresMigrations.Apply(database);
    }

    /// <inheritdoc />
    public async Task AddAsync(StaffUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, $"""
                INSERT INTO staff_users ({UserColumns})
                VALUES (@id, @name, @role, @hash, @stamp, @disabled, @createdAt);
                """,
                cancellationToken,
                Uuid("id", user.Id), Text("name", user.UserName), Text("role", user.Role), Text("hash", user.PasswordHash),
                Text("stamp", user.SecurityStamp), Boolean("disabled", user.Disabled), Time("createdAt", user.CreatedAt));
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            // The name (ignoring case) is taken.
            throw new StaffUserExistsException(user.UserName);
        }
    }

    /// <inheritdoc />
    public Task<StaffUser?> FindByNameAsync(string userName, CancellationToken cancellationToken = default) =>
        FindUserAsync("lower(user_name) = lower(@value)", Text("value", userName), cancellationToken);

    /// <inheritdoc />
    public Task<StaffUser?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        FindUserAsync("id = @value", Uuid("value", id), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StaffUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);

        // Ignoring case, as SQLite's NOCASE column orders them, and by code point whatever the database's locale.
        await using var command = Command(connection, null,
            $"SELECT {UserColumns} FROM staff_users ORDER BY lower(user_name) COLLATE \"C\";");
        return await StoreRows.ReadAllAsync(command, ReadUser, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> SetPasswordAsync(string userName, string passwordHash, string securityStamp, CancellationToken cancellationToken = default) =>
        UpdateUserAsync(
            "UPDATE staff_users SET password_hash = @hash, security_stamp = @stamp WHERE lower(user_name) = lower(@name);",
            cancellationToken,
            Text("hash", passwordHash), Text("stamp", securityStamp), Text("name", userName));

    /// <inheritdoc />
    public Task<bool> RehashPasswordAsync(Guid id, string passwordHash, CancellationToken cancellationToken = default) =>
        UpdateUserAsync(
            "UPDATE staff_users SET password_hash = @hash WHERE id = @id;",
            cancellationToken,
            Text("hash", passwordHash), Uuid("id", id));

    /// <inheritdoc />
    public Task<bool> SetDisabledAsync(string userName, bool disabled, string securityStamp, CancellationToken cancellationToken = default) =>
        UpdateUserAsync(
            "UPDATE staff_users SET disabled = @disabled, security_stamp = @stamp WHERE lower(user_name) = lower(@name);",
            cancellationToken,
            Boolean("disabled", disabled), Text("stamp", securityStamp), Text("name", userName));

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffSummary>> QueueAsync(bool includeClosed, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken);

        // Emergencies first, then by age (the instant); finished ones at the back.
        await using var command = Command(connection, null, $"""
            SELECT {SummaryColumns} FROM handoffs
            WHERE @includeClosed OR status NOT IN ('booked', 'closed')
            ORDER BY status IN ('booked', 'closed'), level_rank DESC, created_at, id
            LIMIT @limit;
            """,
            Boolean("includeClosed", includeClosed), Integer("limit", limit));
        return await ReadSummariesAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<HandoffSummary?> GetSummaryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await GetSummaryAsync(connection, null, id, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TransitionResult> TransitionAsync(
        Guid id, string from, string to, string actor, bool overrideClaim, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockSummaryAsync(connection, transaction, id, cancellationToken);
        if (HandoffTransitions.Refusal(current, from, to, actor, overrideClaim) is { } refusal)
        {
            return refusal;
        }

        var claimedBy = HandoffTransitions.ClaimedByAfter(current!, to, actor);
        await ExecuteAsync(connection, transaction, """
            UPDATE handoffs SET status = @to, claimed_by = @claimedBy, updated_at = @now, updated_at_offset = @nowOffset
            WHERE id = @id AND status = @from;
            """,
            cancellationToken,
            Text("to", to), Text("claimedBy", claimedBy), Time("now", now), Offset("nowOffset", now), Uuid("id", id), Text("from", from));
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Inserting only when the handoff exists, in one statement, answers "no such handoff" without a foreign-key error.
        long noteId;
        await using (var command = Command(connection, transaction, """
            INSERT INTO handoff_notes (handoff_id, at, author, text)
            SELECT id, @at, @author, @text FROM handoffs WHERE id = @id
            RETURNING id;
            """,
            Uuid("id", id), Time("at", now), Text("author", author), Text("text", text)))
        {
            if (await command.ExecuteScalarAsync(cancellationToken) is not long inserted)
            {
                return null;
            }

            noteId = inserted;
        }

        await InsertEventAsync(connection, transaction, id, now, author, HandoffEventKinds.Note, null, null, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new HandoffNote(noteId, id, now, author, text);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffNote>> NotesAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT id, at, author, text FROM handoff_notes WHERE handoff_id = @id ORDER BY id;", Uuid("id", id));
        return await StoreRows.ReadAllAsync(command, reader => StoreRows.Note(reader, Columns, id), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffEvent>> EventsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT id, at, actor, kind, from_status, to_status, detail FROM handoff_events WHERE handoff_id = @id ORDER BY id;",
            Uuid("id", id));
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

        // One statement for the whole list: all the views are recorded, or none. WITH ORDINALITY keeps the caller's order
        // in the ids, as one insert after another does in SQLite.
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, """
            INSERT INTO transcript_views (handoff_id, at, viewer, via)
            SELECT v.id, @at, @viewer, @via FROM unnest(@ids) WITH ORDINALITY AS v (id, n) ORDER BY v.n;
            """,
            cancellationToken,
            Uuids("ids", ids), Time("at", now), Text("viewer", viewer), Text("via", via));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TranscriptView>> ViewsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT at, viewer, via FROM transcript_views WHERE handoff_id = @id ORDER BY id DESC;", Uuid("id", id));
        return await StoreRows.ReadAllAsync(command, reader => StoreRows.View(reader, Columns, id), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads, appends and writes back under the row's lock, so neither a concurrent line nor a save of the whole
    /// handoff can interleave with it. (The transcript is text, not jsonb, so every line the patient typed fits.)
    /// </remarks>
    public async Task<bool> AppendTranscriptAsync(Guid id, TranscriptEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string transcript;
        await using (var select = Command(connection, transaction,
            "SELECT transcript FROM handoffs WHERE id = @id FOR UPDATE;", Uuid("id", id)))
        {
            if (await select.ExecuteScalarAsync(cancellationToken) is not string stored)
            {
                return false;
            }

            transcript = stored;
        }

        List<TranscriptEntry> entries = [.. HandoffJson.DeserializeList<TranscriptEntry>(transcript), entry];
        await ExecuteAsync(connection, transaction, "UPDATE handoffs SET transcript = @transcript WHERE id = @id;",
            cancellationToken, Text("transcript", HandoffJson.SerializeList(entries)), Uuid("id", id));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> SetTakeoverAsync(Guid id, string? staff, string actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockSummaryAsync(connection, transaction, id, cancellationToken);
        var change = HandoffTransitions.Takeover(current, staff);
        if (change.EventKind is not { } kind)
        {
            return change.Succeeds;
        }

        await ExecuteAsync(connection, transaction, "UPDATE handoffs SET takeover_by = @staff WHERE id = @id;",
            cancellationToken, Text("staff", staff), Uuid("id", id));
        await InsertEventAsync(connection, transaction, id, now, actor, kind, null, null, change.Detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffSummary>> TakeoversAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {SummaryColumns} FROM handoffs WHERE takeover_by IS NOT NULL ORDER BY id;");
        return await ReadSummariesAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement clears the transcripts and writes their audit entries. An instance purging at the same moment waits
    /// for the row locks, then finds the transcripts already purged, so each handoff is purged and audited once.
    /// </remarks>
    public async Task<int> PurgeTranscriptsAsync(DateTimeOffset createdBefore, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null, """
            WITH purged AS (
                UPDATE handoffs
                SET transcript = '[]', question = NULL, conversation_reference = NULL, transcript_purged_at = @now
                WHERE created_at < @before AND transcript_purged_at IS NULL AND takeover_by IS NULL
                RETURNING id)
            INSERT INTO handoff_events (handoff_id, at, actor, kind)
            SELECT id, @now, 'retention', @kind FROM purged ORDER BY id;
            """,
            cancellationToken,
            Time("before", createdBefore), Time("now", now), Text("kind", HandoffEventKinds.TranscriptPurged));
    }

    private ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        _database.DataSource.OpenConnectionAsync(cancellationToken);

    private async Task<StaffUser?> FindUserAsync(string where, NpgsqlParameter value, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {UserColumns} FROM staff_users WHERE {where};", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
    }

    private async Task<bool> UpdateUserAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null, sql, cancellationToken, parameters) == 1;
    }

    private static StaffUser ReadUser(DbDataReader reader) => StoreRows.User(reader, Columns);

    /// <summary>The summary, with the handoff's row locked until the transaction ends; null when there is no such handoff.</summary>
    private static async Task<HandoffSummary?> LockSummaryAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using (var command = Command(connection, transaction, "SELECT 1 FROM handoffs WHERE id = @id FOR UPDATE;", Uuid("id", id)))
        {
            if (await command.ExecuteScalarAsync(cancellationToken) is null)
            {
                return null;
            }
        }

        return await GetSummaryAsync(connection, transaction, id, cancellationToken);
    }

    private static async Task<HandoffSummary?> GetSummaryAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {SummaryColumns} FROM handoffs WHERE id = @id;", Uuid("id", id));
        var found = await ReadSummariesAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private static async Task<IReadOnlyList<HandoffSummary>> ReadSummariesAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        await StoreRows.ReadAllAsync(command, ReadSummary, cancellationToken);

    /// <summary>Times read back at the offsets stored beside them (<see cref="Offset"/>).</summary>
    private static HandoffSummary ReadSummary(DbDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        ConversationId = reader.GetString(1),
        Channel = reader.GetString(2),
        Level = reader.GetString(3),
        Flags = HandoffJson.DeserializeList<string>(reader.GetString(4)),
        Contact = StoreRows.Contact(ReadNullableString(reader, 5), ReadNullableString(reader, 6), ReadNullableString(reader, 7)),
        PreferredTime = reader.IsDBNull(8) ? null : ReadTime(reader, 8, 9),
        Status = reader.GetString(10),
        Reason = reader.GetString(11),
        CreatedAt = ReadTime(reader, 12, 13),
        UpdatedAt = ReadTime(reader, 14, 15),
        ClaimedBy = ReadNullableString(reader, 16),
        TakeoverBy = ReadNullableString(reader, 17),
        CanTakeOver = reader.GetBoolean(18),
        TranscriptPurgedAt = ReadNullableTime(reader, 19),
        NotificationStatus = ReadNullableString(reader, 20),
        TimePreference = ReadNullableString(reader, 21),
    };

    private static Task<int> InsertEventAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, DateTimeOffset at, string actor, string kind,
        string? from, string? to, string? detail, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            INSERT INTO handoff_events (handoff_id, at, actor, kind, from_status, to_status, detail)
            VALUES (@id, @at, @actor, @kind, @from, @to, @detail);
            """,
            cancellationToken,
            Uuid("id", id), Time("at", at), Text("actor", actor), Text("kind", kind), Text("from", from), Text("to", to),
            Text("detail", detail));
}
