using System.Data.Common;

namespace BackPainBot.Handoffs.Notifications;

/// <summary>
/// What every outbox provider decides the same way: which destination lists and claims are valid, which events a save
/// queues, what status a failed attempt leaves, how rows read back as records, and a handoff's summary status. The
/// providers keep only their SQL and how they lock.
/// </summary>
internal static class NotificationOutboxRules
{
    /// <summary>Checks a destination list before anything is written.</summary>
    /// <exception cref="ArgumentException">A name repeats or a minimum level is unknown.</exception>
    public static void ValidateDestinations(IReadOnlyCollection<NotificationDestination> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        if (destinations.GroupBy(d => d.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new ArgumentException($"Notification destination '{repeated.Key}' is listed twice.", nameof(destinations));
        }

        if (destinations.FirstOrDefault(d => !NotificationDestination.IsKnownLevel(d.MinimumLevel)) is { } unknown)
        {
            throw new ArgumentException(
                $"Unknown minimum level '{unknown.MinimumLevel}' for notification destination '{unknown.Name}'.",
                nameof(destinations));
        }
    }

    /// <summary>Failed beats pending beats delivered; cancelled rows count only when nothing else is there.</summary>
    public static HandoffNotificationStatus Summarize(IReadOnlyList<NotificationDelivery> deliveries)
    {
        var worst =
            deliveries.Where(d => d.Status == NotificationDeliveryStatus.Failed).MaxBy(d => d.LastAttemptAt)
            ?? deliveries.Where(d => d.Status == NotificationDeliveryStatus.Pending).MaxBy(d => d.Attempts)
            ?? deliveries.Where(d => d.Status == NotificationDeliveryStatus.Delivered).MaxBy(d => d.DeliveredAt)
            ?? deliveries[^1];
        var lastError = worst.LastError is null ? null : $"{worst.Destination}: {worst.LastError}";
        return new HandoffNotificationStatus(worst.Status, worst.Attempts, lastError, deliveries);
    }

    /// <summary>Checks a claim's arguments before anything is read.</summary>
    public static void ValidateClaim(string owner, TimeSpan lease, int limit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
    }

    /// <summary>A failed attempt leaves the row pending when there is a retry time, failed for good when there is none.</summary>
    public static string StatusAfterFailure(DateTimeOffset? retryAt) =>
        retryAt is null ? NotificationDeliveryStatus.Failed : NotificationDeliveryStatus.Pending;

    /// <summary>
    /// The events a save of <paramref name="handoff"/> causes: <c>created</c> when there is no previous version,
    /// <c>escalated-LEVEL</c> when the level rises, <c>contact-added</c> when a phone or email first appears.
    /// </summary>
    /// <param name="previous">The stored version's level rank and whether it had a phone or email; null for a new handoff.</param>
    public static List<string> EventsToQueue(Handoff handoff, int levelRank, (int LevelRank, bool HadContact)? previous)
    {
        var events = new List<string>(2);
        if (previous is not { } stored)
        {
            events.Add(NotificationEvent.Created);
            return events;
        }

        if (levelRank > stored.LevelRank)
        {
            events.Add(NotificationEvent.Escalated(handoff.Level));
        }

        if (!stored.HadContact && (handoff.Contact?.Phone is not null || handoff.Contact?.Email is not null))
        {
            events.Add(NotificationEvent.ContactAdded);
        }

        return events;
    }

    /// <summary>When a save's notifications count as queued: the save's own clock reading, so the queue keeps in step with the bot's TimeProvider.</summary>
    public static DateTimeOffset QueuedAt(Handoff handoff) =>
        handoff.UpdatedAt == default ? handoff.CreatedAt : handoff.UpdatedAt;

    /// <summary>
    /// Tells the listeners of <paramref name="handler"/> about a committed save that queued notifications (nothing when
    /// <paramref name="queued"/> is null). The handoff is committed: a failing listener must not make the caller think it
    /// was lost, so its exception is ignored; the worker's poll finds the rows anyway.
    /// </summary>
    public static void RaiseQueued(
        EventHandler<NotificationsQueuedEventArgs>? handler, object sender, NotificationsQueuedEventArgs? queued)
    {
        if (queued is null)
        {
            return;
        }

        try
        {
            handler?.Invoke(sender, queued);
        }
        catch (Exception)
        {
            // See the summary: the commit stands whatever a listener does.
        }
    }

    /// <summary>
    /// The rows a claim returned, highest priority first, then oldest id (<c>RETURNING</c> does not promise the subquery's
    /// order). Columns: id, handoff_id, destination, event, idempotency_key, priority, attempts, created_at, lease_until.
    /// </summary>
    public static async Task<IReadOnlyList<OutboxMessage>> ReadClaimedAsync(
        DbCommand command, StoreColumns columns, CancellationToken cancellationToken)
    {
        var claimed = await StoreRows.ReadAllAsync(command, reader => new OutboxMessage(
            Id: reader.GetInt64(0),
            HandoffId: columns.ReadId(reader, 1),
            Destination: reader.GetString(2),
            Event: reader.GetString(3),
            IdempotencyKey: reader.GetString(4),
            Priority: reader.GetInt32(5),
            Attempts: reader.GetInt32(6),
            QueuedAt: columns.ReadTime(reader, 7),
            LeaseUntil: columns.ReadInstant(reader, 8)),
            cancellationToken);
        return [.. claimed.OrderByDescending(m => m.Priority).ThenBy(m => m.Id)];
    }

    /// <summary>
    /// Each handoff's deliveries, in the order read, summed up by <see cref="Summarize"/>. Columns: handoff_id,
    /// destination, event, status, attempts, last_error, last_status_code, last_attempt_at, next_attempt_at (read only
    /// while pending), delivered_at.
    /// </summary>
    public static async Task<Dictionary<Guid, HandoffNotificationStatus>> ReadStatusesAsync(
        DbCommand command, StoreColumns columns, CancellationToken cancellationToken)
    {
        var rows = await StoreRows.ReadAllAsync(command, reader =>
        {
            var status = reader.GetString(3);
            return (HandoffId: columns.ReadId(reader, 0), Delivery: new NotificationDelivery(
                Destination: reader.GetString(1),
                Event: reader.GetString(2),
                Status: status,
                Attempts: reader.GetInt32(4),
                LastError: StoreRows.ReadNullableString(reader, 5),
                LastStatusCode: reader.IsDBNull(6) ? null : reader.GetInt32(6),
                LastAttemptAt: columns.ReadNullableTime(reader, 7),
                NextAttemptAt: status == NotificationDeliveryStatus.Pending ? columns.ReadInstant(reader, 8) : null,
                DeliveredAt: columns.ReadNullableTime(reader, 9)));
        }, cancellationToken);

        var deliveries = new Dictionary<Guid, List<NotificationDelivery>>();
        foreach (var (handoffId, delivery) in rows)
        {
            if (!deliveries.TryGetValue(handoffId, out var list))
            {
                deliveries[handoffId] = list = [];
            }

            list.Add(delivery);
        }

        return deliveries.ToDictionary(pair => pair.Key, pair => Summarize(pair.Value));
    }

    /// <summary>Columns: destination, conversation_reference, team_id, channel_id, chosen_by, chosen_at.</summary>
    public static StaffChannel StaffChannel(DbDataReader reader, StoreColumns columns) => new(
        reader.GetString(0),
        reader.GetString(1),
        StoreRows.ReadNullableString(reader, 2),
        StoreRows.ReadNullableString(reader, 3),
        StoreRows.ReadNullableString(reader, 4),
        columns.ReadTime(reader, 5));
}
