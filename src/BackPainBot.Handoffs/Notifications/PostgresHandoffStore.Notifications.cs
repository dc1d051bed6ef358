using BackPainBot.Handoffs.Notifications;
using Npgsql;
using static BackPainBot.Handoffs.PostgresCommands;

namespace BackPainBot.Handoffs;

/// <summary>The handoff store's part in staff notifications: queueing them in the transaction that saves the handoff.</summary>
public sealed partial class PostgresHandoffStore
{
    /// <summary>
    /// Raised after a save in this process that queued notifications has committed, so the notification worker can start
    /// at once instead of at its next poll. Handlers run on the saving thread and must not block; their exceptions are
    /// ignored. Saves on other instances are found by the worker's poll.
    /// </summary>
    public event EventHandler<NotificationsQueuedEventArgs>? NotificationsQueued;

    /// <summary>
    /// The outbox rows this save queues: one per enabled destination for each event it causes (<c>created</c> for a new
    /// handoff, <c>escalated-LEVEL</c> when the level rises, <c>contact-added</c> when a phone or email first appears).
    /// Begins the save's transaction and, in the same round trip, reads the previous version before the handoff row
    /// changes and locks it until the save commits; the caller runs the returned inserts, and commits, (each one's <see cref="NpgsqlBatchCommand.RecordsAffected"/>
    /// counts the rows it queued).
    /// </summary>
    private static async Task<IReadOnlyList<NpgsqlBatchCommand>> OutboxRowsAsync(
        NpgsqlConnection connection, Handoff handoff, int levelRank, CancellationToken cancellationToken)
    {
        (int, bool)? stored = null;
        await using (var previous = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                BatchCommand("""
                    SELECT level_rank, contact_phone IS NOT NULL OR contact_email IS NOT NULL FROM handoffs WHERE id = @id FOR UPDATE;
                    """,
                    Uuid("id", handoff.Id)),
            },
        })
        await using (var reader = await previous.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                stored = (reader.GetInt32(0), reader.GetBoolean(1));
            }
        }

        if (NotificationOutboxRules.EventsToQueue(handoff, levelRank, stored) is not { Count: > 0 } events)
        {
            return [];
        }

        var queuedAt = NotificationOutboxRules.QueuedAt(handoff);

        // DO NOTHING: an event already queued for a destination (a level that dropped and rose again, or the same new
        // handoff saved by two instances at once) is not sent twice. Destinations in name order, so two such saves take
        // the outbox's key locks in the same order and one waits for the other instead of deadlocking.
        return [.. events.Select(notificationEvent => BatchCommand("""
            INSERT INTO notification_outbox
                (handoff_id, destination, event, idempotency_key, priority, status, attempts, next_attempt_at, created_at)
            SELECT @handoffId, d.name, @event, @keyPrefix || d.name, @priority, 'pending', 0, @now, @now
            FROM notification_destinations d
            WHERE d.enabled AND d.min_level_rank <= @priority
            ORDER BY d.name
            ON CONFLICT DO NOTHING;
            """,
            Uuid("handoffId", handoff.Id),
            Text("event", notificationEvent),
            Text("keyPrefix", $"{handoff.Id:D}:{notificationEvent}:"),
            Integer("priority", levelRank),
            Time("now", queuedAt)))];
    }

    private void OnNotificationsQueued(NotificationsQueuedEventArgs? queued) =>
        NotificationOutboxRules.RaiseQueued(NotificationsQueued, this, queued);
}
