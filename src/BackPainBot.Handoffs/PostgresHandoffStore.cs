using System.Data.Common;
using BackPainBot.Handoffs.Notifications;
using Npgsql;
using static BackPainBot.Handoffs.PostgresCommands;

namespace BackPainBot.Handoffs;

/// <summary>
/// Handoff store in the shared PostgreSQL database: the provider for several bot instances behind a load balancer. Safe
/// to share between concurrent turns and between instances (a pooled connection per operation). Each save is one
/// transaction that also queues its staff notifications, and returns once PostgreSQL has committed it durably; a save
/// that fails at any point leaves neither the handoff nor its notifications behind. Errors surface as exceptions (usually
/// <see cref="NpgsqlException"/>) whose messages never contain patient text.
/// </summary>
/// <remarks>
/// Behaves as <see cref="SqliteHandoffStore"/> does, except that times are kept to the microsecond (PostgreSQL's
/// resolution) rather than to the 100 ns tick, and text PostgreSQL cannot hold is stored with U+FFFD in its place
/// (<see cref="PostgresCommands.StorableText"/>).
/// </remarks>
public sealed partial class PostgresHandoffStore : IHandoffStore
{
    private const string Columns = """
        id, conversation_id, channel, level, status,
        contact_name, contact_phone, contact_email, preferred_time, preferred_time_offset,
        created_at, created_at_offset, updated_at, updated_at_offset, flags, transcript, triage_audit,
        reason, question, conversation_reference, time_preference
        """;

    /// <summary>
    /// A save's <c>ON CONFLICT</c> update: the saved values, except that a staff-moved status and a stored conversation
    /// reference are kept (<see cref="HandoffUpsert"/>, shared with the other provider).
    /// </summary>
    private static readonly string UpsertAssignments = HandoffUpsert.Assignments(Columns + ", level_rank");

    /// <summary>Opens the store on <paramref name="database"/>, migrating its schema if needed.</summary>
    /// <param name="database">The process's shared database; the caller owns it (the store never disposes it).</param>
    /// <exception cref="NpgsqlException">The schema cannot be migrated.</exception>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this build knows.</exception>
    public PostgresHandoffStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
        PostgresMigrations.Apply(database);
    }

    /// <summary>The database this store writes to, shared with the staff store and the outbox.</summary>
    public PostgresDatabase Database { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Locks the handoff's row while it compares with the previous version, so two instances saving the same handoff at
    /// once queue each notification event once and the later save sees the earlier one.
    /// </remarks>
    public async Task SaveAsync(Handoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var levelRank = HandoffLevels.Rank(handoff.Level);
        cancellationToken.ThrowIfCancellationRequested();

        NotificationsQueuedEventArgs? queued = null;
        await using (var connection = await Database.DataSource.OpenConnectionAsync(cancellationToken))
        {
            // Staff notifications are queued in the same transaction: a crash can neither lose them nor announce a
            // handoff that was never saved. Two round trips: the first begins and locks and reads the previous version,
            // the second writes the outbox rows and the handoff row and commits. If anything fails before the commit,
            // closing the connection rolls the transaction back.
            var outbox = await OutboxRowsAsync(connection, handoff, levelRank, cancellationToken);
            await using (var batch = new NpgsqlBatch(connection))
            {
                foreach (var row in outbox)
                {
                    batch.BatchCommands.Add(row);
                }

                batch.BatchCommands.Add(HandoffRow(handoff, levelRank));
                batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));

                // Once the writes are sent, they are not abandoned halfway: the caller learns the commit's real outcome.
                await batch.ExecuteNonQueryAsync(CancellationToken.None);
            }

            if (outbox.Sum(row => row.RecordsAffected) is > 0 and var count)
            {
                queued = new NotificationsQueuedEventArgs(handoff.Id, count, levelRank);
            }
        }

        // Only once the commit is durable: the worker must never deliver a handoff that was rolled back.
        OnNotificationsQueued(queued);
    }

    /// <inheritdoc />
    public async Task<Handoff?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM handoffs WHERE id = @id;", Uuid("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadHandoff(reader) : null;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<IReadOnlyList<Handoff>> ListAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var connection = await Database.DataSource.OpenConnectionAsync(cancellationToken);

        // created_at is the instant, so handoffs written with different offsets sort by when they happened; the id
        // makes ties deterministic (uuid order is the order of its text, as in SQLite).
        await using var command = Command(connection, null, $"""
            SELECT {Columns} FROM handoffs
            ORDER BY level_rank DESC, created_at, id
            LIMIT @limit;
            """,
            Integer("limit", limit));

        return await StoreRows.ReadAllAsync(command, ReadHandoff, cancellationToken);
    }

    /// <summary>The insert-or-update of the handoff's row.</summary>
    private static NpgsqlBatchCommand HandoffRow(Handoff handoff, int levelRank) =>
        BatchCommand($"""
            INSERT INTO handoffs ({Columns}, level_rank)
            VALUES (@id, @conversationId, @channel, @level, @status,
                    @contactName, @contactPhone, @contactEmail, @preferredTime, @preferredTimeOffset,
                    @createdAt, @createdAtOffset, @updatedAt, @updatedAtOffset, @flags, @transcript, @triageAudit,
                    @reason, @question, @conversationReference, @timePreference, @levelRank)
            ON CONFLICT (id) DO UPDATE SET {UpsertAssignments};
            """,
            Uuid("id", handoff.Id),
            Text("conversationId", handoff.ConversationId),
            Text("channel", handoff.Channel),
            Text("level", handoff.Level),
            Integer("levelRank", levelRank),
            Text("status", handoff.Status),
            Text("contactName", handoff.Contact?.Name),
            Text("contactPhone", handoff.Contact?.Phone),
            Text("contactEmail", handoff.Contact?.Email),
            Time("preferredTime", handoff.PreferredTime),
            Offset("preferredTimeOffset", handoff.PreferredTime),
            Time("createdAt", handoff.CreatedAt),
            Offset("createdAtOffset", handoff.CreatedAt),
            Time("updatedAt", handoff.UpdatedAt),
            Offset("updatedAtOffset", handoff.UpdatedAt),
            Text("flags", HandoffJson.SerializeList(handoff.Flags)),
            Text("transcript", HandoffJson.SerializeList(handoff.Transcript)),
            Text("triageAudit", HandoffJson.SerializeList(handoff.TriageAudit)),
            Text("reason", handoff.Reason),
            Text("question", handoff.Question),
            Text("conversationReference", handoff.ConversationReference),
            Text("timePreference", handoff.TimePreference));

    private static Handoff ReadHandoff(DbDataReader reader)
    {
        return new Handoff
        {
            Id = reader.GetGuid(0),
            ConversationId = reader.GetString(1),
            Channel = reader.GetString(2),
            Level = reader.GetString(3),
            Status = reader.GetString(4),
            Contact = StoreRows.Contact(ReadNullableString(reader, 5), ReadNullableString(reader, 6), ReadNullableString(reader, 7)),
            PreferredTime = reader.IsDBNull(8) ? null : ReadTime(reader, 8, 9),
            CreatedAt = ReadTime(reader, 10, 11),
            UpdatedAt = ReadTime(reader, 12, 13),
            Flags = HandoffJson.DeserializeList<string>(reader.GetString(14)),
            Transcript = HandoffJson.DeserializeList<TranscriptEntry>(reader.GetString(15)),
            TriageAudit = HandoffJson.DeserializeList<TriageAuditEntry>(reader.GetString(16)),
            Reason = reader.GetString(17),
            Question = ReadNullableString(reader, 18),
            ConversationReference = ReadNullableString(reader, 19),
            TimePreference = ReadNullableString(reader, 20),
        };
    }
}
