namespace BackPainBot.Handoffs.Notifications;

/// <summary>What happened to a handoff that staff are told about. One notification per event and destination.</summary>
public static class NotificationEvent
{
    /// <summary>The handoff was recorded.</summary>
    public const string Created = "created";

    /// <summary>Prefix of <c>escalated-urgent</c> and <c>escalated-emergency</c>: the handoff's level rose.</summary>
    public const string EscalatedPrefix = "escalated-";

    /// <summary>The patient left a phone number or email after the handoff was recorded (a red flag, then the booking).</summary>
    public const string ContactAdded = "contact-added";

    /// <summary>The event stored for a rise to <paramref name="level"/>.</summary>
    public static string Escalated(string level) => EscalatedPrefix + level;

    /// <summary>The event without its level: <c>created</c>, <c>escalated</c> or <c>contact-added</c>.</summary>
    public static string Kind(string storedEvent) =>
        storedEvent.StartsWith(EscalatedPrefix, StringComparison.Ordinal) ? "escalated" : storedEvent;
}

/// <summary>Delivery status of one outbox row, and the summary status of a handoff's notifications.</summary>
public static class NotificationDeliveryStatus
{
    /// <summary>Not delivered yet; will be tried (again) at its next attempt time.</summary>
    public const string Pending = "pending";

    /// <summary>The destination accepted it.</summary>
    public const string Delivered = "delivered";

    /// <summary>Every attempt failed; nothing more will be tried unless staff requeue it.</summary>
    public const string Failed = "failed";

    /// <summary>Not sent because its destination was removed from the settings or the handoff no longer exists.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>Kinds of destination, stored for operators reading the database.</summary>
public static class NotificationDestinationKind
{
    /// <summary>An HTTPS endpoint receiving signed JSON.</summary>
    public const string Webhook = "webhook";

    /// <summary>A Microsoft Teams incoming webhook receiving an Adaptive Card.</summary>
    public const string TeamsWebhook = "teams-webhook";

    /// <summary>A Teams channel of the staff team, posted to by the bot itself.</summary>
    public const string StaffChannel = "staff-channel";
}

/// <summary>A configured place staff notifications go to.</summary>
/// <param name="Name">Unique, stable name (lower-case letters, digits and dashes); part of every idempotency key.</param>
/// <param name="Kind">One of <see cref="NotificationDestinationKind"/>.</param>
/// <param name="MinimumLevel">Lowest handoff level sent there: <c>none</c> (every handoff), <c>routine</c>, <c>urgent</c> or <c>emergency</c>.</param>
public sealed record NotificationDestination(string Name, string Kind, string MinimumLevel = "none")
{
    /// <summary>Level names a destination's <see cref="MinimumLevel"/> accepts.</summary>
    public static IReadOnlyList<string> Levels { get; } = ["none", "routine", "urgent", "emergency"];

    /// <summary>Rank of the most urgent level: outbox rows at this priority use the worker's reserved slot.</summary>
    public static int EmergencyPriority { get; } = HandoffLevels.Rank("emergency");

    /// <summary>Whether <paramref name="level"/> is one of <see cref="Levels"/>.</summary>
    public static bool IsKnownLevel(string? level) => level is not null && Levels.Contains(level, StringComparer.Ordinal);
}

/// <summary>One notification claimed for delivery: an outbox row under this worker's lease.</summary>
/// <param name="Id">Row id.</param>
/// <param name="IdempotencyKey">Stable across retries and restarts: <c>{handoff id}:{event}:{destination}</c>.</param>
/// <param name="Priority">The handoff's level rank when queued; higher goes first.</param>
/// <param name="Attempts">Attempts made before this one.</param>
public sealed record OutboxMessage(
    long Id,
    Guid HandoffId,
    string Destination,
    string Event,
    string IdempotencyKey,
    int Priority,
    int Attempts,
    DateTimeOffset QueuedAt,
    DateTimeOffset LeaseUntil);

/// <summary>Delivery state of one notification of a handoff, for staff and operators. Never holds secrets or patient text.</summary>
/// <param name="LastError">Why the last attempt failed, in the worker's words (<c>HTTP 503</c>, <c>timed out</c>); null after a success.</param>
public sealed record NotificationDelivery(
    string Destination,
    string Event,
    string Status,
    int Attempts,
    string? LastError,
    int? LastStatusCode,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt);

/// <summary>
/// Summary of a handoff's notifications: <see cref="NotificationDeliveryStatus.Failed"/> when any delivery failed for
/// good (the console shows "notification failed"), else pending while any is still being tried, else delivered.
/// </summary>
/// <param name="Attempts">Attempts of the delivery the status comes from (the failed one, or the most-tried pending one).</param>
/// <param name="LastError">That delivery's last error, prefixed with its destination.</param>
public sealed record HandoffNotificationStatus(
    string Status,
    int Attempts,
    string? LastError,
    IReadOnlyList<NotificationDelivery> Deliveries)
{
    /// <summary>True when staff must be told that a notification could not be delivered.</summary>
    public bool HasFailed => Status == NotificationDeliveryStatus.Failed;
}

/// <summary>Reads the notification status of handoffs, for the staff API and console.</summary>
public interface INotificationStatusReader
{
    /// <summary>The status of one handoff's notifications; null when none was queued (no destination was configured).</summary>
    Task<HandoffNotificationStatus?> GetStatusAsync(Guid handoffId, CancellationToken cancellationToken = default);

    /// <summary>The statuses of several handoffs in one query; handoffs with no notification are absent.</summary>
    Task<IReadOnlyDictionary<Guid, HandoffNotificationStatus>> GetStatusesAsync(
        IReadOnlyCollection<Guid> handoffIds, CancellationToken cancellationToken = default);
}

/// <summary>The Teams channel chosen for a staff-channel destination.</summary>
/// <param name="ConversationReference">The Bot Framework conversation reference as JSON; the host reads it, this store does not.</param>
/// <param name="ChosenBy">Who chose it: the Teams user's AAD object id, or <c>installation</c>.</param>
public sealed record StaffChannel(
    string Destination,
    string ConversationReference,
    string? TeamId,
    string? ChannelId,
    string? ChosenBy,
    DateTimeOffset ChosenAt);

/// <summary>Raised after a handoff save that queued notifications has committed.</summary>
/// <param name="HighestPriority">The highest priority queued: <see cref="NotificationDestination.EmergencyPriority"/> for an emergency.</param>
public sealed class NotificationsQueuedEventArgs(Guid handoffId, int count, int highestPriority) : EventArgs
{
    /// <summary>The handoff the notifications are about.</summary>
    public Guid HandoffId { get; } = handoffId;

    /// <summary>How many outbox rows were written.</summary>
    public int Count { get; } = count;

    /// <summary>The highest priority queued.</summary>
    public int HighestPriority { get; } = highestPriority;
}
