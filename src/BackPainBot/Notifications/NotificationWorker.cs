using BackPainBot.Handoffs;
using BackPainBot.Handoffs.Notifications;
using BackPainBot.Hosting;

namespace BackPainBot.Notifications;

/// <summary>
/// Delivers the notification outbox. Before the host starts serving, it records the configured destinations (so handoffs
/// are queued for them) and listens for saves that queue something. Then it claims due rows under a lease, most urgent
/// first, up to <see cref="NotificationsOptions.MaxConcurrency"/> at once plus a slot kept for emergencies, and records
/// each outcome: delivered, a failed attempt with the next attempt's time, or failed for good after
/// <see cref="NotificationsOptions.MaxAttempts"/>. A save or a chosen staff channel wakes it at once; otherwise it sleeps
/// until the next row is due or <see cref="NotificationsOptions.PollInterval"/>. On shutdown it gives back the rows it
/// holds without counting an attempt. Logs carry handoff ids, destinations, events, attempts and status codes only.
/// </summary>
internal sealed class NotificationWorker : BackgroundService, IHostedLifecycleService
{
    private readonly IHandoffStore _store;
    private readonly INotificationOutbox _outbox;
    private readonly Dictionary<string, INotificationSender> _senders;
    private readonly NotificationSignal _signal;
    private readonly NotificationsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationWorker> _logger;
    private readonly BackPainBotMetrics? _metrics;

    public NotificationWorker(
        IHandoffStore store,
        INotificationOutbox outbox,
        IEnumerable<INotificationSender> senders,
        NotificationSignal signal,
        NotificationsOptions options,
        TimeProvider time,
        ILogger<NotificationWorker> logger,
        BackPainBotMetrics? metrics = null)
    {
        _store = store;
        _outbox = outbox;
        _senders = senders.ToDictionary(s => s.Destination.Name, StringComparer.Ordinal);
        _signal = signal;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    private long _waits;

    /// <summary>Identifies this worker's leases: unique per process and worker, readable in the database.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>How many times the worker has gone to sleep with nothing it could claim; tests wait on it instead of on time.</summary>
    internal long Waits => Interlocked.Read(ref _waits);

    /// <summary>Records the destinations before any request is served, so no handoff is saved without its rows.</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await _outbox.SyncDestinationsAsync([.. _senders.Values.Select(s => s.Destination)], _time.GetUtcNow(), cancellationToken);
        _outbox.NotificationsQueued += OnNotificationsQueued;
        if (_senders.Count == 0)
        {
            _logger.LogInformation("No notification destinations are configured (Notifications:Webhooks, Notifications:StaffChannel)");
        }
        else
        {
            _logger.LogInformation("Staff notifications go to {Destinations}", string.Join(", ", _senders.Keys));
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _outbox.NotificationsQueued -= OnNotificationsQueued;
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Each running delivery, and whether it holds the emergency slot.
        var running = new Dictionary<Task, bool>();
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var done in running.Keys.Where(t => t.IsCompleted).ToList())
            {
                running.Remove(done);
            }

            var free = _options.MaxConcurrency - running.Count(r => !r.Value);
            var emergencySlotFree = !running.ContainsValue(true);
            var now = _time.GetUtcNow();
            IReadOnlyList<OutboxMessage> claimed = [];
            var inEmergencySlot = false;
            try
            {
                if (free > 0)
                {
                    claimed = await _outbox.ClaimAsync(Owner, now, _options.LeaseDuration, free, cancellationToken: stoppingToken);
                }
                else if (emergencySlotFree)
                {
                    // Every slot is busy: an emergency still goes now, not after a slow destination times out.
                    inEmergencySlot = true;
                    claimed = await _outbox.ClaimAsync(
                        Owner, now, _options.LeaseDuration, 1, NotificationDestination.EmergencyPriority, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogError("Could not read the notification outbox: {ErrorType}", ex.GetType().Name);
                await WaitAsync(_options.PollInterval, running.Keys, stoppingToken);
                continue;
            }

            foreach (var message in claimed)
            {
                running[Task.Run(() => DeliverAsync(message, stoppingToken), CancellationToken.None)] = inEmergencySlot;
            }

            if (claimed.Count > 0)
            {
                continue;
            }

            var wait = _options.PollInterval;
            if (free > 0)
            {
                try
                {
                    if (await _outbox.NextDueAsync(stoppingToken) is { } due)
                    {
                        var untilDue = due - now;
                        wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue < wait ? untilDue : wait;
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    _logger.LogError("Could not read the notification outbox: {ErrorType}", ex.GetType().Name);
                }
            }

            await WaitAsync(wait, running.Keys, stoppingToken);
        }

        // Deliveries see the cancellation, give their rows back and finish.
        await Task.WhenAll(running.Keys);
    }

    private void OnNotificationsQueued(object? sender, NotificationsQueuedEventArgs e) => _signal.Notify();

    /// <summary>Until the wait is over, a signal, a delivery finishing (a slot frees), or shutdown.</summary>
    private async Task WaitAsync(TimeSpan wait, IEnumerable<Task> running, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Interlocked.Increment(ref _waits);
        var woken = new List<Task>(running) { _signal.WaitAsync(stop.Token) };
        if (wait > TimeSpan.Zero)
        {
            woken.Add(Task.Delay(wait, _time, stop.Token));
        }
        else
        {
            woken.Add(Task.CompletedTask);
        }

        await Task.WhenAny(woken);
        await stop.CancelAsync();
    }

    private async Task DeliverAsync(OutboxMessage message, CancellationToken stoppingToken)
    {
        var attempt = message.Attempts + 1;
        var kind = NotificationEvent.Kind(message.Event);
        try
        {
            if (!_senders.TryGetValue(message.Destination, out var sender))
            {
                // Another instance with other settings enabled it. Keeping the lease (not giving the row back) leaves it
                // to that instance instead of claiming it again at once.
                _logger.LogWarning(
                    "Notification {Event} for handoff {HandoffId}: destination {Destination} is not configured here",
                    kind, message.HandoffId, message.Destination);
                return;
            }

            var handoff = await _store.GetAsync(message.HandoffId, stoppingToken);
            if (handoff is null)
            {
                await _outbox.CancelAsync(message.Id, Owner, "the handoff no longer exists", CancellationToken.None);
                _logger.LogWarning(
                    "Notification {Event} for handoff {HandoffId} to {Destination} cancelled: the handoff no longer exists",
                    kind, message.HandoffId, message.Destination);
                return;
            }

            DeliveryResult result;
            using (var timeout = new CancellationTokenSource(_options.RequestTimeout, _time))
            using (var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token))
            {
                try
                {
                    result = await sender.SendAsync(message, handoff, attemptToken.Token);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException)
                {
                    result = DeliveryResult.Failure($"timed out after {_options.RequestTimeout.TotalSeconds:0.#} s");
                }
                catch (Exception ex)
                {
                    result = DeliveryResult.Failure($"failed ({ex.GetType().Name})");
                }
            }

            await RecordAsync(message, attempt, kind, result);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The request may have reached the destination; the next run sends it again with the same idempotency key.
            await ReleaseQuietlyAsync(message, kind);
        }
        catch (Exception ex)
        {
            // The database failed; the lease runs out and the row is tried again, by this worker or another.
            _logger.LogError(
                "Notification {Event} for handoff {HandoffId} to {Destination} could not be recorded: {ErrorType}",
                kind, message.HandoffId, message.Destination, ex.GetType().Name);
        }
    }

    private async Task RecordAsync(OutboxMessage message, int attempt, string kind, DeliveryResult result)
    {
        var now = _time.GetUtcNow();
        bool recorded;
        if (result.Delivered)
        {
            recorded = await _outbox.CompleteAsync(message.Id, Owner, now, result.StatusCode, CancellationToken.None);
            _logger.LogInformation(
                "Notification {Event} for handoff {HandoffId} delivered to {Destination} (attempt {Attempt}, status {StatusCode})",
                kind, message.HandoffId, message.Destination, attempt, result.StatusCode);
        }
        else if (attempt >= _options.MaxAttempts)
        {
            _metrics?.NotificationFailed(message.Destination, final: true);
            recorded = await _outbox.RecordFailureAsync(
                message.Id, Owner, now, retryAt: null, result.Error!, result.StatusCode, CancellationToken.None);
            _logger.LogError(
                "Notification {Event} for handoff {HandoffId} to {Destination} failed for good after {Attempts} attempts: {Error}",
                kind, message.HandoffId, message.Destination, attempt, result.Error);
        }
        else
        {
            _metrics?.NotificationFailed(message.Destination, final: false);
            var retryAt = now + NotificationBackoff.Delay(attempt, _options.RetryDelay, _options.MaxRetryDelay, result.RetryAfter);
            recorded = await _outbox.RecordFailureAsync(
                message.Id, Owner, now, retryAt, result.Error!, result.StatusCode, CancellationToken.None);
            _logger.LogWarning(
                "Notification {Event} for handoff {HandoffId} to {Destination} failed (attempt {Attempt} of {MaxAttempts}): {Error}; next attempt at {NextAttemptAt:O}",
                kind, message.HandoffId, message.Destination, attempt, _options.MaxAttempts, result.Error, retryAt);
        }

        if (!recorded)
        {
            // Only if the lease ran out mid-delivery, which the options forbid; another worker has the row now.
            _logger.LogWarning(
                "Notification {Event} for handoff {HandoffId} to {Destination}: lease lost before the outcome was recorded",
                kind, message.HandoffId, message.Destination);
        }
    }

    private async Task ReleaseQuietlyAsync(OutboxMessage message, string kind)
    {
        try
        {
            await _outbox.ReleaseAsync(message.Id, Owner, CancellationToken.None);
            _logger.LogInformation(
                "Notification {Event} for handoff {HandoffId} to {Destination} given back at shutdown",
                kind, message.HandoffId, message.Destination);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(
                "Notification {Event} for handoff {HandoffId} to {Destination} not given back at shutdown ({ErrorType}); its lease will run out",
                kind, message.HandoffId, message.Destination, ex.GetType().Name);
        }
    }
}
