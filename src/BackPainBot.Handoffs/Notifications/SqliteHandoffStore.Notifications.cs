using System.Globalization;
using BackPainBot.Handoffs.Notifications;
using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs;

/// <summary>The handoff store's part in staff notifications: queueing them in the transaction that saves the handoff.</summary>
public sealed partial class SqliteHandoffStore
{
    /// <summary>
    /// Raised after a save that queued notifications has committed, so the notification worker can start at once instead
    /// of at its next poll. Handlers run on the saving thread and must not block; their exceptions are ignored.
    /// </summary>
    public event EventHandler<NotificationsQueuedEventArgs>? NotificationsQueued;

    /// <summary>A new open connection with the per-connection settings applied, for the notification outbox.</summary>
    internal Task<SqliteConnection> OpenNotificationConnectionAsync(CancellationToken cancellationToken) =>
        OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Writes one outbox row per enabled destination for each event this save causes: <c>created</c> for a new handoff,
    /// <c>escalated-LEVEL</c> when the level rises, <c>contact-added</c> when a phone or email first appears. Runs inside
    /// the save's transaction and before the handoff row changes, so it sees the previous version.
    /// </summary>
    private static NotificationsQueuedEventArgs? QueueNotifications(
        SqliteConnection connection, SqliteTransaction transaction, Handoff handoff, int levelRank)
    {
        var id = handoff.Id.ToString("D");
        (int, bool)? stored = null;
        using (var previous = connection.CreateCommand())
        {
            previous.Transaction = transaction;
            previous.CommandText = """
                SELECT level_rank, contact_phone IS NOT NULL OR contact_email IS NOT NULL FROM handoffs WHERE id = $id;
                """;
            previous.Parameters.AddWithValue("$id", id);
            using var reader = previous.ExecuteReader();
            if (reader.Read())
            {
                stored = (reader.GetInt32(0), reader.GetBoolean(1));
            }
        }

        if (NotificationOutboxRules.EventsToQueue(handoff, levelRank, stored) is not { Count: > 0 } events)
        {
            return null;
        }

        var queuedAt = NotificationOutboxRules.QueuedAt(handoff);
        var count = 0;
        foreach (var notificationEvent in events)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;

            // OR IGNORE: an event already queued for a destination (a level that dropped and rose again) is not sent twice.
            insert.CommandText = """
                INSERT OR IGNORE INTO notification_outbox
                    (handoff_id, destination, event, idempotency_key, priority, status, attempts, next_attempt_at_ticks, created_at)
                SELECT $handoffId, d.name, $event, $handoffId || ':' || $event || ':' || d.name, $priority, 'pending', 0,
                       $now, $createdAt
                FROM notification_destinations d
                WHERE d.enabled = 1 AND d.min_level_rank <= $priority;
                """;
            insert.Parameters.AddWithValue("$handoffId", id);
            insert.Parameters.AddWithValue("$event", notificationEvent);
            insert.Parameters.AddWithValue("$priority", levelRank);
            insert.Parameters.AddWithValue("$now", queuedAt.UtcTicks);
            insert.Parameters.AddWithValue("$createdAt", queuedAt.ToString("O", CultureInfo.InvariantCulture));
            count += insert.ExecuteNonQuery();
        }

        return count == 0 ? null : new NotificationsQueuedEventArgs(handoff.Id, count, levelRank);
    }

    private void OnNotificationsQueued(NotificationsQueuedEventArgs? queued) =>
        NotificationOutboxRules.RaiseQueued(NotificationsQueued, this, queued);
}
