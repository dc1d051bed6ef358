using System.Collections.Concurrent;
using BackPainBot.Handoffs;
using BackPainBot.Handoffs.Notifications;
using BackPainBot.Notifications;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackPainBot.Tests.Notifications;

/// <summary>
/// The worker on a real database file with a clock that moves only when the test moves it: retries, leases and
/// priorities without waiting for real time.
/// </summary>
public sealed class NotificationWorkerTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly SqliteHandoffStore _store;
    private readonly SqliteNotificationOutbox _outbox;
    private readonly List<NotificationWorker> _workers = [];

    public NotificationWorkerTests()
    {
        _store = SqliteHandoffStore.OpenDataDirectory(_data.Path);
        _outbox = new SqliteNotificationOutbox(_store);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.StopAsync(CancellationToken.None);
            worker.Dispose();
        }

        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task ExecuteAsync_EmergencySavedWhileIdle_DeliveredWithoutWaitingForThePoll()
    {
        var sender = new FakeSender("crm");
        var worker = await StartWorkerAsync(Options(pollInterval: TimeSpan.FromHours(1)), sender);
        await Eventually.TrueAsync(() => worker.Waits > 0);

        var handoff = Handoff("emergency");
        await _store.SaveAsync(handoff);

        await Eventually.TrueAsync(() => sender.Delivered.Count == 1);
        Assert.Equal(handoff.Id, sender.Delivered.Single().HandoffId);
        Assert.Equal(Start, _time.GetUtcNow());
    }

    [Fact]
    public async Task ExecuteAsync_RoutineQueueThenAnEmergency_EmergencyDeliveredFirst()
    {
        var sender = new FakeSender("crm");
        var routine = Enumerable.Range(0, 3).Select(i => Handoff("routine", Start.AddMinutes(i - 10))).ToList();
        var emergency = Handoff("emergency");
        await ConfigureAsync(sender);
        foreach (var handoff in routine.Append(emergency))
        {
            await _store.SaveAsync(handoff);
        }

        await StartWorkerAsync(Options(maxConcurrency: 1), sender);

        await Eventually.TrueAsync(() => sender.Delivered.Count == 4);
        Assert.Equal([emergency.Id, .. routine.Select(h => h.Id)], sender.Delivered.Select(m => m.HandoffId));
    }

    [Fact]
    public async Task ExecuteAsync_EverySlotBusyWithASlowDestination_EmergencyStillGoesAtOnce()
    {
        var slowRoutine = new TaskCompletionSource();
        var sender = new FakeSender("crm")
        {
            Behaviour = (message, _, token) => message.Priority < NotificationDestination.EmergencyPriority
                ? slowRoutine.Task.WaitAsync(token).ContinueWith(_ => DeliveryResult.Success(200), TaskScheduler.Default)
                : Task.FromResult(DeliveryResult.Success(200)),
        };
        await StartWorkerAsync(Options(maxConcurrency: 1), sender);
        await _store.SaveAsync(Handoff("routine"));
        await Eventually.TrueAsync(() => sender.Calls.Count == 1);

        var emergency = Handoff("emergency");
        await _store.SaveAsync(emergency);

        await Eventually.TrueAsync(() => sender.Delivered.Count == 1);
        Assert.Equal(emergency.Id, sender.Delivered.Single().HandoffId);
        slowRoutine.SetResult();
        await Eventually.TrueAsync(() => sender.Delivered.Count == 2);
    }

    [Fact]
    public async Task ExecuteAsync_EveryAttemptFails_MarkedFailedAfterMaxAttemptsWithNoMoreTries()
    {
        var sender = new FakeSender("crm") { Behaviour = (_, _, _) => Task.FromResult(DeliveryResult.Failure("HTTP 500", 500)) };
        var worker = await StartWorkerAsync(Options(maxAttempts: 3), sender);
        var handoff = Handoff("urgent");
        await _store.SaveAsync(handoff);

        var status = await AdvanceUntilAsync(() => _outbox.GetStatusAsync(handoff.Id), s => s?.HasFailed == true);

        Assert.Equal(3, status!.Attempts);
        Assert.Equal("crm: HTTP 500", status.LastError);
        Assert.Equal(3, sender.Calls.Count);
        Assert.All(sender.Calls, c => Assert.Equal($"{handoff.Id:D}:created:crm", c.IdempotencyKey));
        var waits = worker.Waits;
        _time.Advance(TimeSpan.FromHours(1));
        await Eventually.TrueAsync(() => worker.Waits > waits);
        Assert.Equal(3, sender.Calls.Count);
    }

    [Fact]
    public async Task ExecuteAsync_FailedAttempt_NextAttemptStoredWithinTheBackoffCap()
    {
        var sender = new FakeSender("crm") { Behaviour = (_, _, _) => Task.FromResult(DeliveryResult.Failure("HTTP 503", 503)) };
        await StartWorkerAsync(Options(), sender);
        var handoff = Handoff("routine");

        await _store.SaveAsync(handoff);

        var status = await Eventually.ValueAsync(() => _outbox.GetStatusAsync(handoff.Id), s => s?.Attempts == 1);
        var next = status!.Deliveries.Single().NextAttemptAt!.Value;
        Assert.InRange(next - Start, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Equal(NotificationDeliveryStatus.Pending, status.Status);
    }

    [Fact]
    public async Task ExecuteAsync_LeaseHeldByACrashedWorker_DeliveredOnceAfterTheLeaseExpires()
    {
        var sender = new FakeSender("crm");
        await ConfigureAsync(sender);
        var handoff = Handoff("urgent");
        await _store.SaveAsync(handoff);
        var lease = TimeSpan.FromMinutes(2);
        Assert.Single(await _outbox.ClaimAsync("crashed-instance", Start, lease, 10));

        var worker = await StartWorkerAsync(Options(leaseDuration: lease), sender);
        await Eventually.TrueAsync(() => worker.Waits > 0);
        Assert.Empty(sender.Calls);

        await AdvanceUntilAsync(() => Task.FromResult(sender.Delivered.Count), n => n == 1, step: lease);
        Assert.Equal(handoff.Id, sender.Delivered.Single().HandoffId);
        Assert.Single(sender.Calls);
    }

    [Fact]
    public async Task StopAsync_DuringADelivery_GivesTheRowBackAndTheNextWorkerSendsTheSameKey()
    {
        var sender = new FakeSender("crm") { Behaviour = (_, _, token) => Task.Delay(Timeout.Infinite, token).ContinueWith(_ => DeliveryResult.Success(200), TaskScheduler.Default) };
        var first = await StartWorkerAsync(Options(), sender);
        var handoff = Handoff("emergency");
        await _store.SaveAsync(handoff);
        await Eventually.TrueAsync(() => sender.Calls.Count == 1);

        await first.StopAsync(CancellationToken.None);

        var row = await _outbox.GetStatusAsync(handoff.Id);
        Assert.Equal(0, row!.Attempts);
        Assert.Equal(NotificationDeliveryStatus.Pending, row.Status);
        var next = new FakeSender("crm");
        await StartWorkerAsync(Options(), next);
        await Eventually.TrueAsync(() => next.Delivered.Count == 1);
        Assert.Equal(sender.Calls.Single().IdempotencyKey, next.Delivered.Single().IdempotencyKey);
        await Eventually.ValueAsync(() => _outbox.GetStatusAsync(handoff.Id), s => s?.Status == NotificationDeliveryStatus.Delivered);
    }

    [Fact]
    public async Task ExecuteAsync_TwoWorkersOnOneDatabase_EachNotificationDeliveredOnce()
    {
        var delivered = new ConcurrentBag<string>();
        var a = new FakeSender("crm") { OnDelivered = m => delivered.Add(m.IdempotencyKey) };
        var b = new FakeSender("crm") { OnDelivered = m => delivered.Add(m.IdempotencyKey) };
        await StartWorkerAsync(Options(maxConcurrency: 2), a);
        await StartWorkerAsync(Options(maxConcurrency: 2), b);
        var handoffs = Enumerable.Range(0, 30).Select(i => Handoff(i % 3 == 0 ? "emergency" : "routine")).ToList();

        foreach (var handoff in handoffs)
        {
            await _store.SaveAsync(handoff);
        }

        // Once every row is recorded as delivered no worker can claim it again, so the count is final.
        await Eventually.ValueAsync(
            () => _outbox.GetStatusesAsync([.. handoffs.Select(h => h.Id)]),
            s => s.Count == 30 && s.Values.All(v => v.Status == NotificationDeliveryStatus.Delivered));
        Assert.Equal(30, delivered.Count);
        Assert.Equal(30, delivered.Distinct().Count());
    }

    private static NotificationsOptions Options(
        int maxAttempts = 10, int maxConcurrency = 4, TimeSpan? pollInterval = null, TimeSpan? leaseDuration = null) => new()
        {
            MaxAttempts = maxAttempts,
            MaxConcurrency = maxConcurrency,
            RetryDelay = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
            RequestTimeout = TimeSpan.FromSeconds(10),
            LeaseDuration = leaseDuration ?? TimeSpan.FromMinutes(1),
            PollInterval = pollInterval ?? TimeSpan.FromSeconds(30),
        };

    private static Handoff Handoff(string level, DateTimeOffset? createdAt = null) =>
        NotificationTestData.Handoff(level, createdAt ?? Start);

    private Task ConfigureAsync(params FakeSender[] senders) =>
        _outbox.SyncDestinationsAsync([.. senders.Select(s => s.Destination)], Start);

    private async Task<NotificationWorker> StartWorkerAsync(NotificationsOptions options, params FakeSender[] senders)
    {
        var worker = new NotificationWorker(
            _store, _outbox, senders, new NotificationSignal(), options, _time, NullLogger<NotificationWorker>.Instance);
        _workers.Add(worker);
        await worker.StartingAsync(CancellationToken.None);
        await worker.StartAsync(CancellationToken.None);
        return worker;
    }

    /// <summary>Moves the clock a step at a time until the condition holds; each step gives the worker a moment to act.</summary>
    private async Task<T> AdvanceUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? step = null)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                return await Eventually.ValueAsync(read, done, TimeSpan.FromMilliseconds(200));
            }
            catch (TimeoutException)
            {
                _time.Advance(step ?? TimeSpan.FromSeconds(2));
            }
        }

        return await Eventually.ValueAsync(read, done, TimeSpan.FromSeconds(60));
    }

    /// <summary>A destination that records each attempt and answers as told (delivered, by default).</summary>
    private sealed class FakeSender(string name) : INotificationSender
    {
        private int _inProgress;

        public NotificationDestination Destination { get; } = new(name, NotificationDestinationKind.Webhook);

        public Func<OutboxMessage, Handoff, CancellationToken, Task<DeliveryResult>> Behaviour { get; init; } =
            (_, _, _) => Task.FromResult(DeliveryResult.Success(200));

        public Action<OutboxMessage>? OnDelivered { get; init; }

        public ConcurrentQueue<OutboxMessage> Calls { get; } = new();

        public ConcurrentQueue<OutboxMessage> Delivered { get; } = new();

        /// <summary>No attempt in progress (the worker may still be between two of them).</summary>
        public bool Idle => Volatile.Read(ref _inProgress) == 0;

        public async Task<DeliveryResult> SendAsync(OutboxMessage message, Handoff handoff, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _inProgress);
            try
            {
                Calls.Enqueue(message);
                var result = await Behaviour(message, handoff, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                if (result.Delivered)
                {
                    Delivered.Enqueue(message);
                    OnDelivered?.Invoke(message);
                }

                return result;
            }
            finally
            {
                Interlocked.Decrement(ref _inProgress);
            }
        }
    }
}
