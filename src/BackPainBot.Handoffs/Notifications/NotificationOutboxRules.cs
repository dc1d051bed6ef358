namespace BackPainBot.Handoffs.Notifications;

/// <summary>What every outbox provider decides the same way: which destination lists are valid, and a handoff's summary status.</summary>
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
}
