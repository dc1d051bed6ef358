namespace BackPainBot.Handoffs.Notifications;

/// <summary>
/// The staff-notification outbox beside the handoffs (<see cref="NotificationOutboxFactory"/> opens the one of the
/// configured provider). The handoff store writes its rows in the handoff's own transaction; workers claim due rows
/// under a time-limited lease, so two workers (or two bot instances on one database) never deliver the same row at once,
/// and a worker that dies mid-delivery holds its rows only until the lease expires. All times are passed in, so callers
/// decide the clock.
/// </summary>
public interface INotificationOutbox : INotificationStatusReader
{
    /// <summary>
    /// Raised after a handoff save in this process queued notifications and committed, so the worker can start at once
    /// instead of at its next poll. Handlers run on the saving thread and must not block; their exceptions are ignored.
    /// </summary>
    event EventHandler<NotificationsQueuedEventArgs>? NotificationsQueued;

    /// <summary>
    /// Makes <paramref name="destinations"/> the ones new handoffs are queued for. A destination no longer listed is
    /// disabled and its undelivered rows are cancelled, so they do not wait forever and count as pending.
    /// </summary>
    /// <exception cref="ArgumentException">A name repeats or a minimum level is unknown.</exception>
    Task SyncDestinationsAsync(
        IReadOnlyCollection<NotificationDestination> destinations, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="limit"/> due rows to <paramref name="owner"/> until <paramref name="now"/> +
    /// <paramref name="lease"/>: highest priority first, then the longest waiting. Rows leased by someone else are
    /// skipped until their lease expires; each due row goes to exactly one of several concurrent callers.
    /// </summary>
    /// <param name="minimumPriority">Only rows at least this urgent (the worker's reserved emergency slot).</param>
    Task<IReadOnlyList<OutboxMessage>> ClaimAsync(
        string owner, DateTimeOffset now, TimeSpan lease, int limit, int minimumPriority = 0,
        CancellationToken cancellationToken = default);

    /// <summary>Marks a leased row delivered. False when the lease was lost (it expired and another worker took the row).</summary>
    Task<bool> CompleteAsync(long id, string owner, DateTimeOffset now, int? statusCode, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed attempt on a leased row: tried again at <paramref name="retryAt"/>, or failed for good when it is
    /// null. False when the lease was lost.
    /// </summary>
    /// <param name="error">The worker's own words, never a response body, URL or secret.</param>
    Task<bool> RecordFailureAsync(
        long id, string owner, DateTimeOffset now, DateTimeOffset? retryAt, string error, int? statusCode,
        CancellationToken cancellationToken = default);

    /// <summary>Gives a leased row back without counting an attempt (the worker is stopping). False when the lease was lost.</summary>
    Task<bool> ReleaseAsync(long id, string owner, CancellationToken cancellationToken = default);

    /// <summary>Cancels a leased row that can never be sent (its handoff is gone). False when the lease was lost.</summary>
    Task<bool> CancelAsync(long id, string owner, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// When the next pending row becomes claimable (its next attempt, or the end of someone else's lease); null when
    /// nothing is pending. A time in the past means a row is due already.
    /// </summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a destination's pending rows due now, with their attempts counted so far kept; for when what they were
    /// waiting for arrived (the staff channel was chosen). Returns how many rows.
    /// </summary>
    Task<int> MakeDueAsync(string destination, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts a handoff's failed notifications back in the queue with their attempts reset, for staff who fixed the
    /// destination. Returns how many rows.
    /// </summary>
    Task<int> RequeueFailedAsync(Guid handoffId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records the Teams channel chosen for a staff-channel destination, replacing an earlier choice.</summary>
    Task SaveStaffChannelAsync(StaffChannel channel, CancellationToken cancellationToken = default);

    /// <summary>The Teams channel chosen for a staff-channel destination, or null when none has been chosen yet.</summary>
    Task<StaffChannel?> GetStaffChannelAsync(string destination, CancellationToken cancellationToken = default);
}
