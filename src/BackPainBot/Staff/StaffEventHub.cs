using System.Text.Json;
using System.Threading.Channels;
using BackPainBot.Conversation.Takeover;
using BackPainBot.Handoffs;

namespace BackPainBot.Staff;

/// <summary>One thing for the console to show: a handoff changed, or a line was said in a watched conversation.</summary>
/// <param name="Type">
/// <c>handoff</c> (no patient text: refresh the queue), <c>transcript</c> (only to consoles watching it; without
/// <paramref name="Entry"/> when said on another instance: reload the handoff) or <c>ready</c> (events may have been
/// missed: reload everything).
/// </param>
public sealed record StaffEvent(string Type, Guid HandoffId, TranscriptEntry? Entry = null);

/// <summary>
/// Fans console events out to every open event stream. A slow console loses its oldest events rather than holding up
/// the bot; it reloads the queue on the next one. Other parts of the host (the notification outbox when a delivery
/// fails) call <see cref="HandoffChanged"/> to refresh the consoles.
/// </summary>
/// <remarks>
/// With several instances (PostgreSQL) a console is connected to one of them while the change may happen on another, so
/// every event is also sent with <c>NOTIFY staff_events</c>, payload <c>{kind}:{handoff id}</c> and never a word of the
/// transcript; the other instances pass it to their consoles, which load what they show from the database. When the
/// listener had to reconnect, they tell their consoles to reload (<c>ready</c>).
/// </remarks>
public sealed class StaffEventHub : IDisposable
{
    /// <summary>The NOTIFY channel; payload <c>handoff|transcript|takeover:{handoff id}</c>.</summary>
    public const string NotifyChannel = "staff_events";

    private const int BufferPerConsole = 256;
    private const string HandoffKind = "handoff";
    private const string TranscriptKind = "transcript";
    private const string TakeoverKind = "takeover";

    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly PostgresNotifications? _notifications;
    private readonly IDisposable? _listening;

    /// <summary>A hub for this process alone (one instance).</summary>
    public StaffEventHub()
    {
    }

    /// <summary>A hub that also hears and tells the other instances on the database.</summary>
    public StaffEventHub(PostgresNotifications notifications)
    {
        _notifications = notifications;
        _listening = notifications.Subscribe(NotifyChannel, OnOtherInstance, OnResync);
    }

    /// <summary>
    /// A takeover started or ended on another instance (the handoff's id), or null when some may have been missed;
    /// <see cref="TakeoverSync"/> brings this instance's sessions in step. Raised on the listener's thread: be quick.
    /// </summary>
    public event Action<Guid?>? TakeoverChangedElsewhere;

    /// <summary>Tells every console that a handoff was recorded or changed.</summary>
    public void HandoffChanged(Guid handoffId)
    {
        Publish(new StaffEvent(HandoffKind, handoffId));
        Tell(HandoffKind, handoffId);
    }

    /// <summary>Shows a transcript line to the consoles watching that handoff.</summary>
    public void TranscriptAdded(Guid handoffId, TranscriptEntry entry)
    {
        Publish(new StaffEvent(TranscriptKind, handoffId, entry));
        Tell(TranscriptKind, handoffId);
    }

    /// <summary>Tells every console, and every instance's takeover sessions, that a takeover started or ended.</summary>
    public void TakeoverChanged(Guid handoffId)
    {
        Publish(new StaffEvent(HandoffKind, handoffId));
        Tell(TakeoverKind, handoffId);
    }

    /// <summary>Opens a stream of events; <paramref name="watch"/> also receives that handoff's transcript lines.</summary>
    public Subscription Subscribe(Guid? watch)
    {
        var subscription = new Subscription(this, watch);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    public void Dispose() => _listening?.Dispose();

    private void Tell(string kind, Guid handoffId) => _notifications?.Post(NotifyChannel, kind + ":" + handoffId.ToString("D"));

    private void OnOtherInstance(string payload)
    {
        var separator = payload.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0 || !Guid.TryParseExact(payload.AsSpan(separator + 1), "D", out var handoffId))
        {
            return;
        }

        switch (payload[..separator])
        {
            case HandoffKind:
                Publish(new StaffEvent(HandoffKind, handoffId));
                break;
            case TranscriptKind:
                // The line itself stays in the database: watching consoles reload the handoff to show it.
                Publish(new StaffEvent(TranscriptKind, handoffId));
                break;
            case TakeoverKind:
                Publish(new StaffEvent(HandoffKind, handoffId));
                TakeoverChangedElsewhere?.Invoke(handoffId);
                break;
        }
    }

    private void OnResync()
    {
        Publish(new StaffEvent("ready", Guid.Empty));
        TakeoverChangedElsewhere?.Invoke(null);
    }

    private void Publish(StaffEvent staffEvent)
    {
        Subscription[] targets;
        lock (_gate)
        {
            targets = [.. _subscriptions];
        }

        foreach (var subscription in targets)
        {
            if (staffEvent.Type != TranscriptKind || subscription.Watch == staffEvent.HandoffId)
            {
                subscription.Writer.TryWrite(staffEvent);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>One console's stream; dispose it when the console goes.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly StaffEventHub _hub;
        private readonly Channel<StaffEvent> _channel = Channel.CreateBounded<StaffEvent>(
            new BoundedChannelOptions(BufferPerConsole) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        internal Subscription(StaffEventHub hub, Guid? watch)
        {
            _hub = hub;
            Watch = watch;
        }

        public Guid? Watch { get; }

        public ChannelReader<StaffEvent> Reader => _channel.Reader;

        internal ChannelWriter<StaffEvent> Writer => _channel.Writer;

        public void Dispose()
        {
            _hub.Remove(this);
            _channel.Writer.TryComplete();
        }
    }
}

/// <summary>Shows takeover lines and changes in the console.</summary>
internal sealed class ConsoleTakeoverListener(StaffEventHub hub) : ITakeoverListener
{
    public Task TranscriptAddedAsync(Guid handoffId, TranscriptEntry entry, CancellationToken cancellationToken)
    {
        hub.TranscriptAdded(handoffId, entry);
        return Task.CompletedTask;
    }

    public Task TakeoverChangedAsync(Guid handoffId, CancellationToken cancellationToken)
    {
        hub.TakeoverChanged(handoffId);
        return Task.CompletedTask;
    }
}

/// <summary>The handoff store, telling the consoles each time the bot records or updates a handoff.</summary>
internal sealed class PublishingHandoffStore(IHandoffStore inner, StaffEventHub hub) : IHandoffStore, IDisposable
{
    public async Task SaveAsync(Handoff handoff, CancellationToken cancellationToken = default)
    {
        await inner.SaveAsync(handoff, cancellationToken);
        hub.HandoffChanged(handoff.Id);
    }

    public Task<Handoff?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<Handoff>> ListAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        inner.ListAsync(limit, cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}

/// <summary><c>GET /staff/api/events</c>: server-sent events for the console.</summary>
internal static class StaffEventStream
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task HandleAsync(HttpContext http, Guid? watch, StaffEventHub hub, IHostApplicationLifetime lifetime)
    {
        using var subscription = hub.Subscribe(watch);
        using var open = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            // "ready" lets the console load what it watches after the stream is open, so nothing falls in between.
            await response.WriteAsync("retry: 2000\nevent: ready\ndata: {}\n\n", open.Token);
            await response.Body.FlushAsync(open.Token);
            while (!open.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(open.Token);
                wait.CancelAfter(KeepAlive);
                string frame;
                try
                {
                    var next = await subscription.Reader.ReadAsync(wait.Token);
                    var data = JsonSerializer.Serialize(new { id = next.HandoffId, entry = next.Entry }, Json);
                    frame = $"event: {next.Type}\ndata: {data}\n\n";
                }
                catch (OperationCanceledException) when (!open.IsCancellationRequested)
                {
                    frame = ": keep-alive\n\n";
                }

                await response.WriteAsync(frame, open.Token);
                await response.Body.FlushAsync(open.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ChannelClosedException)
        {
            // The console went away or the host is stopping.
        }
    }
}
