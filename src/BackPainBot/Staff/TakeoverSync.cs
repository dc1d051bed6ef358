using System.Collections.Concurrent;
using System.Threading.Channels;
using BackPainBot.Conversation.Takeover;
using BackPainBot.Handoffs;

namespace BackPainBot.Staff;

/// <summary>
/// Keeps this instance's <see cref="TakeoverSessions"/> in step with takeovers started and ended on other instances
/// (PostgreSQL): on each <see cref="StaffEventHub.TakeoverChangedElsewhere"/> it reads the handoff's <c>takeover_by</c>
/// from the database, and after a listener reconnect every live takeover. So the bot stays quiet on every instance while
/// staff talk to the patient, and staff can send or leave through whichever instance their console reaches. Between a
/// takeover being stored on one instance and the others hearing of it there are a few milliseconds in which a turn on
/// another instance would still be answered by the bot.
/// </summary>
internal sealed class TakeoverSync : BackgroundService
{
    /// <summary>
    /// A takeover this instance is starting is in its sessions a moment before it is in the database; a read in that
    /// moment must not end it. Younger sessions started here are looked at again once they are this old.
    /// </summary>
    internal static readonly TimeSpan StartingGrace = TimeSpan.FromSeconds(10);

    private readonly StaffEventHub _hub;
    private readonly TakeoverSessions _sessions;
    private readonly IHandoffWorkflow _workflow;
    private readonly TimeProvider _clock;
    private readonly ILogger<TakeoverSync> _logger;
    private readonly Channel<Guid?> _changes = Channel.CreateUnbounded<Guid?>(new UnboundedChannelOptions { SingleReader = true });

    // The sessions this class started, from another instance's takeover: those it may end whenever the database says so.
    private readonly ConcurrentDictionary<Guid, TakeoverSession> _synced = new();

    public TakeoverSync(StaffEventHub hub, TakeoverSessions sessions, IHandoffWorkflow workflow, TimeProvider clock, ILogger<TakeoverSync> logger)
    {
        _hub = hub;
        _sessions = sessions;
        _workflow = workflow;
        _clock = clock;
        _logger = logger;

        // Now rather than when the service starts: the listener may hear something first.
        _hub.TakeoverChangedElsewhere += Enqueue;
    }

    public override void Dispose()
    {
        _hub.TakeoverChangedElsewhere -= Enqueue;
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (change is { } handoffId)
                    {
                        await ReconcileAsync(handoffId, stoppingToken);
                    }
                    else
                    {
                        await ReconcileAllAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The listener resynchronises when the database is back; the type is enough to diagnose it.
                    _logger.LogError("Takeover sessions could not be brought in step with the database: {ErrorType}", ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Brings one handoff's session in step with the database.</summary>
    internal async Task ReconcileAsync(Guid handoffId, CancellationToken cancellationToken)
    {
        var summary = await _workflow.GetSummaryAsync(handoffId, cancellationToken);
        Apply(handoffId, summary?.TakeoverBy is null ? null : summary);
    }

    /// <summary>Brings every session in step with the database.</summary>
    internal async Task ReconcileAllAsync(CancellationToken cancellationToken)
    {
        var live = (await _workflow.TakeoversAsync(cancellationToken)).ToDictionary(h => h.Id);
        foreach (var session in _sessions.All.Where(s => !live.ContainsKey(s.HandoffId)))
        {
            Apply(session.HandoffId, null);
        }

        foreach (var (handoffId, summary) in live)
        {
            Apply(handoffId, summary);
        }
    }

    private void Apply(Guid handoffId, HandoffSummary? takenOver)
    {
        var local = _sessions.FindByHandoff(handoffId);
        if (local is not null && takenOver is not null
            && string.Equals(local.StaffName, takenOver.TakeoverBy, StringComparison.OrdinalIgnoreCase)
            && string.Equals(local.ConversationId, takenOver.ConversationId, StringComparison.Ordinal))
        {
            return;
        }

        if (local is not null)
        {
            var synced = _synced.TryGetValue(handoffId, out var ours) && ReferenceEquals(ours, local);
            if (!synced && _clock.GetUtcNow() - local.Since < StartingGrace)
            {
                _ = LookAgainAsync(handoffId);
                return;
            }

            _sessions.TryEnd(local);
            _synced.TryRemove(handoffId, out _);
            _logger.LogInformation("Takeover of handoff {HandoffId} ended on another instance", handoffId);
        }

        if (takenOver is not null)
        {
            var session = new TakeoverSession(handoffId, takenOver.ConversationId, takenOver.TakeoverBy!, _clock.GetUtcNow());
            if (_sessions.TryStart(session))
            {
                _synced[handoffId] = session;
                _logger.LogInformation("Takeover of handoff {HandoffId} started on another instance", handoffId);
            }
        }
    }

    private async Task LookAgainAsync(Guid handoffId)
    {
        await Task.Delay(StartingGrace, _clock);
        Enqueue(handoffId);
    }

    private void Enqueue(Guid? change) => _changes.Writer.TryWrite(change);
}
