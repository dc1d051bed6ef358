using Npgsql;
using static BackPainBot.Handoffs.PostgresCommands;

namespace BackPainBot.Handoffs.Notifications;

/// <summary>
/// The staff-notification outbox in the shared PostgreSQL database. <see cref="PostgresHandoffStore.SaveAsync"/> writes
/// its rows in the handoff's own transaction. Any number of workers, on any number of instances, drain it together: a
/// claim locks the due rows it takes (<c>FOR UPDATE SKIP LOCKED</c>, so claimers pass over each other's rows instead of
/// waiting) and leases them in the same transaction, so each due row goes to exactly one worker at a time, and a worker
/// that dies mid-delivery holds its rows only until the lease expires. All times are passed in, so callers decide the clock.
/// </summary>
public sealed class PostgresNotificationOutbox : INotificationOutbox
{
    private readonly PostgresHandoffStore _store;
    private readonly PostgresDatabase _database;

    /// <summary>The outbox of the database <paramref name="store"/> writes to.</summary>
    public PostgresNotificationOutbox(PostgresHandoffStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _database = store.Database;
    }

    /// <inheritdoc />
    public event EventHandler<NotificationsQueuedEventArgs>? NotificationsQueued
    {
        add => _store.NotificationsQueued += value;
        remove => _store.NotificationsQueued -= value;
    }

    /// <inheritdoc />
    public async Task SyncDestinationsAsync(
        IReadOnlyCollection<NotificationDestination> destinations, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        NotificationOutboxRules.ValidateDestinations(destinations);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Locking every destination row first makes two instances starting together take turns rather than interleave.
        await ExecuteAsync(connection, transaction, "UPDATE notification_destinations SET enabled = false, updated_at = @now;",
            cancellationToken, Time("now", now));
        foreach (var destination in destinations)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO notification_destinations (name, kind, min_level_rank, enabled, updated_at)
                VALUES (@name, @kind, @rank, true, @now)
                ON CONFLICT (name) DO UPDATE SET
                    kind = excluded.kind, min_level_rank = excluded.min_level_rank, enabled = true, updated_at = excluded.updated_at;
                """,
                cancellationToken,
                Text("name", destination.Name), Text("kind", destination.Kind),
                Integer("rank", HandoffLevels.Rank(destination.MinimumLevel)), Time("now", now));
        }

        await ExecuteAsync(connection, transaction, """
            UPDATE notification_outbox
            SET status = 'cancelled', lease_owner = NULL, lease_until = NULL,
                last_error = 'destination removed from the settings'
            WHERE status = 'pending'
              AND destination IN (SELECT name FROM notification_destinations WHERE NOT enabled);
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The due rows are chosen and locked with <c>FOR UPDATE SKIP LOCKED</c> and leased by the same statement, in one
    /// transaction. A row another claimer has locked is skipped; one it leased and committed meanwhile is checked again
    /// against its new lease once the lock is free (PostgreSQL re-reads a locked row's latest version), so it is not
    /// taken twice.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(
        string owner, DateTimeOffset now, TimeSpan lease, int limit, int minimumPriority = 0,
        CancellationToken cancellationToken = default)
    {
        NotificationOutboxRules.ValidateClaim(owner, lease, limit);

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = Command(connection, transaction, """
            WITH due AS (
                SELECT o.id FROM notification_outbox o
                JOIN notification_destinations d ON d.name = o.destination AND d.enabled
                WHERE o.status = 'pending'
                  AND o.next_attempt_at <= @now
                  AND (o.lease_until IS NULL OR o.lease_until <= @now)
                  AND o.priority >= @minimumPriority
                ORDER BY o.priority DESC, o.next_attempt_at, o.id
                LIMIT @limit
                FOR UPDATE OF o SKIP LOCKED)
            UPDATE notification_outbox o
            SET lease_owner = @owner, lease_until = @leaseUntil
            FROM due
            WHERE o.id = due.id
            RETURNING o.id, o.handoff_id, o.destination, o.event, o.idempotency_key, o.priority, o.attempts, o.created_at,
                      o.lease_until;
            """,
            Text("owner", owner), Time("leaseUntil", now + lease), Time("now", now),
            Integer("minimumPriority", minimumPriority), Integer("limit", limit));

        var claimed = await NotificationOutboxRules.ReadClaimedAsync(command, StoreColumns.Postgres, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(
        long id, string owner, DateTimeOffset now, int? statusCode, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(id, owner, """
            UPDATE notification_outbox
            SET status = 'delivered', attempts = attempts + 1, delivered_at = @now, last_attempt_at = @now,
                last_status_code = @statusCode, last_error = NULL, lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner AND status = 'pending';
            """, cancellationToken, Time("now", now), Integer("statusCode", statusCode));

    /// <inheritdoc />
    public Task<bool> RecordFailureAsync(
        long id, string owner, DateTimeOffset now, DateTimeOffset? retryAt, string error, int? statusCode,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return UpdateLeasedAsync(id, owner, """
            UPDATE notification_outbox
            SET status = @status,
                attempts = attempts + 1,
                next_attempt_at = COALESCE(@retryAt, next_attempt_at),
                last_attempt_at = @now, last_status_code = @statusCode, last_error = @error,
                lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner AND status = 'pending';
            """,
            cancellationToken,
            Text("status", NotificationOutboxRules.StatusAfterFailure(retryAt)), Time("now", now), Time("retryAt", retryAt),
            Text("error", error), Integer("statusCode", statusCode));
    }

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(long id, string owner, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(id, owner, """
            UPDATE notification_outbox SET lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner AND status = 'pending';
            """, cancellationToken);

    /// <inheritdoc />
    public Task<bool> CancelAsync(long id, string owner, string reason, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(id, owner, """
            UPDATE notification_outbox
            SET status = 'cancelled', last_error = @reason, lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner AND status = 'pending';
            """, cancellationToken, Text("reason", reason));

    /// <inheritdoc />
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);

        // GREATEST ignores a NULL lease.
        await using var command = Command(connection, null, """
            SELECT MIN(GREATEST(o.next_attempt_at, o.lease_until))
            FROM notification_outbox o
            JOIN notification_destinations d ON d.name = o.destination AND d.enabled
            WHERE o.status = 'pending';
            """);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due
            ? new DateTimeOffset(due, TimeSpan.Zero)
            : null;
    }

    /// <inheritdoc />
    public async Task<int> MakeDueAsync(string destination, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null, """
            UPDATE notification_outbox SET next_attempt_at = @now
            WHERE destination = @destination AND status = 'pending' AND next_attempt_at > @now;
            """,
            cancellationToken,
            Text("destination", destination), Time("now", now));
    }

    /// <inheritdoc />
    public async Task<int> RequeueFailedAsync(Guid handoffId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null, """
            UPDATE notification_outbox
            SET status = 'pending', attempts = 0, next_attempt_at = @now, lease_owner = NULL, lease_until = NULL
            WHERE handoff_id = @handoffId AND status = 'failed'
              AND destination IN (SELECT name FROM notification_destinations WHERE enabled);
            """,
            cancellationToken,
            Uuid("handoffId", handoffId), Time("now", now));
    }

    /// <inheritdoc />
    public async Task<HandoffNotificationStatus?> GetStatusAsync(Guid handoffId, CancellationToken cancellationToken = default) =>
        (await GetStatusesAsync([handoffId], cancellationToken)).GetValueOrDefault(handoffId);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<Guid, HandoffNotificationStatus>> GetStatusesAsync(
        IReadOnlyCollection<Guid> handoffIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoffIds);
        if (handoffIds.Count == 0)
        {
            return new Dictionary<Guid, HandoffNotificationStatus>();
        }

        await using var connection = await OpenAsync(cancellationToken);

        // Ids travel as one array parameter, so any number of them makes one query and no SQL is built from input.
        await using var command = Command(connection, null, """
            SELECT handoff_id, destination, event, status, attempts, last_error, last_status_code, last_attempt_at,
                   next_attempt_at, delivered_at
            FROM notification_outbox
            WHERE handoff_id = ANY(@ids)
            ORDER BY handoff_id, id;
            """,
            Uuids("ids", handoffIds));

        return await NotificationOutboxRules.ReadStatusesAsync(command, StoreColumns.Postgres, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SaveStaffChannelAsync(StaffChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, """
            INSERT INTO notification_staff_channels (destination, conversation_reference, team_id, channel_id, chosen_by, chosen_at)
            VALUES (@destination, @reference, @teamId, @channelId, @chosenBy, @chosenAt)
            ON CONFLICT (destination) DO UPDATE SET
                conversation_reference = excluded.conversation_reference, team_id = excluded.team_id,
                channel_id = excluded.channel_id, chosen_by = excluded.chosen_by, chosen_at = excluded.chosen_at;
            """,
            cancellationToken,
            Text("destination", channel.Destination), Text("reference", channel.ConversationReference), Text("teamId", channel.TeamId),
            Text("channelId", channel.ChannelId), Text("chosenBy", channel.ChosenBy), Time("chosenAt", channel.ChosenAt));
    }

    /// <inheritdoc />
    public async Task<StaffChannel?> GetStaffChannelAsync(string destination, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT destination, conversation_reference, team_id, channel_id, chosen_by, chosen_at
            FROM notification_staff_channels WHERE destination = @destination;
            """,
            Text("destination", destination));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? NotificationOutboxRules.StaffChannel(reader, StoreColumns.Postgres) : null;
    }

    private ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        _database.DataSource.OpenConnectionAsync(cancellationToken);

    private async Task<bool> UpdateLeasedAsync(
        long id, string owner, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(
            connection, null, sql, cancellationToken, [Bigint("id", id), Text("owner", owner), .. parameters]) == 1;
    }
}
