using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs.Notifications;

/// <summary>
/// The staff-notification outbox in the SQLite handoff database. <see cref="SqliteHandoffStore.SaveAsync"/> writes its
/// rows in the handoff's own transaction; a claim is one statement under the file's write lock, so two workers (or two
/// bot instances on one file) never deliver the same row at once, and a worker that dies mid-delivery loses its rows only
/// until the lease expires. All times are passed in, so callers decide the clock.
/// </summary>
public sealed class SqliteNotificationOutbox : INotificationOutbox
{
    private readonly SqliteHandoffStore _store;

    /// <summary>The outbox of the database <paramref name="store"/> writes to.</summary>
    public SqliteNotificationOutbox(SqliteHandoffStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
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
        await using var connection = await _store.OpenNotificationConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var updatedAt = Format(now);

        await ExecuteAsync(connection, transaction, "UPDATE notification_destinations SET enabled = 0, updated_at = $now;",
            cancellationToken, ("$now", updatedAt));
        foreach (var destination in destinations)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO notification_destinations (name, kind, min_level_rank, enabled, updated_at)
                VALUES ($name, $kind, $rank, 1, $now)
                ON CONFLICT (name) DO UPDATE SET
                    kind = excluded.kind, min_level_rank = excluded.min_level_rank, enabled = 1, updated_at = excluded.updated_at;
                """,
                cancellationToken,
                ("$name", destination.Name), ("$kind", destination.Kind),
                ("$rank", HandoffLevels.Rank(destination.MinimumLevel)), ("$now", updatedAt));
        }

        await ExecuteAsync(connection, transaction, """
            UPDATE notification_outbox
            SET status = 'cancelled', lease_owner = NULL, lease_until_ticks = NULL,
                last_error = 'destination removed from the settings'
            WHERE status = 'pending'
              AND destination IN (SELECT name FROM notification_destinations WHERE enabled = 0);
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(
        string owner, DateTimeOffset now, TimeSpan lease, int limit, int minimumPriority = 0,
        CancellationToken cancellationToken = default)
    {
        NotificationOutboxRules.ValidateClaim(owner, lease, limit);

        await using var connection = await _store.OpenNotificationConnectionAsync(cancellationToken);

        // One statement under the write lock (IMMEDIATE): the check that a row is free and the taking of it cannot be split
        // by another worker.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE notification_outbox
            SET lease_owner = $owner, lease_until_ticks = $leaseUntil
            WHERE id IN (
                SELECT o.id FROM notification_outbox o
                JOIN notification_destinations d ON d.name = o.destination AND d.enabled = 1
                WHERE o.status = 'pending'
                  AND o.next_attempt_at_ticks <= $now
                  AND (o.lease_until_ticks IS NULL OR o.lease_until_ticks <= $now)
                  AND o.priority >= $minimumPriority
                ORDER BY o.priority DESC, o.next_attempt_at_ticks, o.id
                LIMIT $limit)
            RETURNING id, handoff_id, destination, event, idempotency_key, priority, attempts, created_at, lease_until_ticks;
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$leaseUntil", (now + lease).UtcTicks);
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        command.Parameters.AddWithValue("$minimumPriority", minimumPriority);
        command.Parameters.AddWithValue("$limit", limit);

        var claimed = await NotificationOutboxRules.ReadClaimedAsync(command, StoreColumns.Sqlite, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(
        long id, string owner, DateTimeOffset now, int? statusCode, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(id, owner, """
            UPDATE notification_outbox
            SET status = 'delivered', attempts = attempts + 1, delivered_at = $now, last_attempt_at = $now,
                last_status_code = $statusCode, last_error = NULL, lease_owner = NULL, lease_until_ticks = NULL
            WHERE id = $id AND lease_owner = $owner AND status = 'pending';
            """, cancellationToken, ("$now", Format(now)), ("$statusCode", statusCode));

    /// <inheritdoc />
    public Task<bool> RecordFailureAsync(
        long id, string owner, DateTimeOffset now, DateTimeOffset? retryAt, string error, int? statusCode,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return UpdateLeasedAsync(id, owner, """
            UPDATE notification_outbox
            SET status = $status,
                attempts = attempts + 1,
                next_attempt_at_ticks = COALESCE($retryAt, next_attempt_at_ticks),
                last_attempt_at = $now, last_status_code = $statusCode, last_error = $error,
                lease_owner = NULL, lease_until_ticks = NULL
            WHERE id = $id AND lease_owner = $owner AND status = 'pending';
            """,
            cancellationToken,
            ("$status", NotificationOutboxRules.StatusAfterFailure(retryAt)), ("$now", Format(now)), ("$retryAt", retryAt?.UtcTicks),
            ("$error", error), ("$statusCode", statusCode));
    }

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(long id, string owner, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(id, owner, """
            UPDATE notification_outbox SET lease_owner = NULL, lease_until_ticks = NULL
            WHERE id = $id AND lease_owner = $owner AND status = 'pending';
            """, cancellationToken);

    /// <inheritdoc />
    public Task<bool> CancelAsync(long id, string owner, string reason, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(id, owner, """
            UPDATE notification_outbox
            SET status = 'cancelled', last_error = $reason, lease_owner = NULL, lease_until_ticks = NULL
            WHERE id = $id AND lease_owner = $owner AND status = 'pending';
            """, cancellationToken, ("$reason", reason));

    /// <inheritdoc />
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenNotificationConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT MIN(MAX(o.next_attempt_at_ticks, COALESCE(o.lease_until_ticks, 0)))
            FROM notification_outbox o
            JOIN notification_destinations d ON d.name = o.destination AND d.enabled = 1
            WHERE o.status = 'pending';
            """;
        return await command.ExecuteScalarAsync(cancellationToken) is long ticks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
    }

    /// <inheritdoc />
    public async Task<int> MakeDueAsync(string destination, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenNotificationConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE notification_outbox SET next_attempt_at_ticks = $now
            WHERE destination = $destination AND status = 'pending' AND next_attempt_at_ticks > $now;
            """;
        command.Parameters.AddWithValue("$destination", destination);
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> RequeueFailedAsync(Guid handoffId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenNotificationConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE notification_outbox
            SET status = 'pending', attempts = 0, next_attempt_at_ticks = $now, lease_owner = NULL, lease_until_ticks = NULL
            WHERE handoff_id = $handoffId AND status = 'failed'
              AND destination IN (SELECT name FROM notification_destinations WHERE enabled = 1);
            """;
        command.Parameters.AddWithValue("$handoffId", handoffId.ToString("D"));
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
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

        await using var connection = await _store.OpenNotificationConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Ids travel as one JSON array parameter, so any number of them makes one query and no SQL is built from input.
        command.CommandText = """
            SELECT handoff_id, destination, event, status, attempts, last_error, last_status_code, last_attempt_at,
                   next_attempt_at_ticks, delivered_at
            FROM notification_outbox
            WHERE handoff_id IN (SELECT value FROM json_each($ids))
            ORDER BY handoff_id, id;
            """;
        command.Parameters.AddWithValue("$ids", HandoffJson.SerializeList(handoffIds.Select(id => id.ToString("D")).ToList()));

        return await NotificationOutboxRules.ReadStatusesAsync(command, StoreColumns.Sqlite, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SaveStaffChannelAsync(StaffChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await _store.OpenNotificationConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO notification_staff_channels (destination, conversation_reference, team_id, channel_id, chosen_by, chosen_at)
            VALUES ($destination, $reference, $teamId, $channelId, $chosenBy, $chosenAt)
            ON CONFLICT (destination) DO UPDATE SET
                conversation_reference = excluded.conversation_reference, team_id = excluded.team_id,
                channel_id = excluded.channel_id, chosen_by = excluded.chosen_by, chosen_at = excluded.chosen_at;
            """,
            cancellationToken,
            ("$destination", channel.Destination), ("$reference", channel.ConversationReference), ("$teamId", channel.TeamId),
            ("$channelId", channel.ChannelId), ("$chosenBy", channel.ChosenBy), ("$chosenAt", Format(channel.ChosenAt)));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StaffChannel?> GetStaffChannelAsync(string destination, CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenNotificationConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT destination, conversation_reference, team_id, channel_id, chosen_by, chosen_at
            FROM notification_staff_channels WHERE destination = $destination;
            """;
        command.Parameters.AddWithValue("$destination", destination);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? NotificationOutboxRules.StaffChannel(reader, StoreColumns.Sqlite) : null;
    }

    private async Task<bool> UpdateLeasedAsync(
        long id, string owner, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _store.OpenNotificationConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$owner", owner);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static Task ExecuteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
        => SqliteCommands.ExecuteAsync(connection, transaction, sql, parameters, cancellationToken);

    private static string Format(DateTimeOffset value) => SqliteCommands.FormatTime(value);
}
