using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BackPainBot.Handoffs;

/// <summary>
/// PostgreSQL LISTEN/NOTIFY for one process, so that several instances on one database learn of each other's changes:
/// one listener connection per process, held open, that LISTENs on every channel somebody subscribed to and calls their
/// callbacks. Notifications are hints, never data: a payload names what changed (an id, a kind), and the subscriber
/// re-reads the rows it needs.
/// </summary>
/// <remarks>
/// <para>
/// Every payload goes out as <c>{origin}:{payload}</c>, <c>origin</c> being <see cref="Origin"/>, random per instance of
/// this class; a subscriber receives only other instances' notifications, since it has already acted on its own.
/// </para>
/// <para>
/// PostgreSQL does not queue notifications for a session that is not listening. When the connection drops, the listener
/// reconnects with exponential backoff (0.5 s doubling to 30 s, with jitter), LISTENs again and only then calls every
/// subscriber's resynchronise callback: whatever changed while nobody listened is in the database by then, and whatever
/// changes after it is notified. The same callback runs when a channel is first listened to.
/// </para>
/// <para>
/// Callbacks run on the listener's thread while it reads the connection: they must be quick and must not block (set a
/// task's result, write to a channel).
/// </para>
/// </remarks>
public sealed partial class PostgresNotifications : IAsyncDisposable
{
    /// <summary>How long the listener waits for a notification before checking that its connection is still alive.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PostFailurePause = TimeSpan.FromSeconds(1);

    /// <summary>Posted notifications waiting to be sent; past this the oldest are dropped (they are hints).</summary>
    private const int MaxPosted = 1024;

    private const int MaxPostedPerBatch = 100;

    /// <summary>Length of <see cref="Origin"/>.</summary>
    private const int OriginLength = 32;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenerDataSource;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Subscription>> _subscriptions = new(StringComparer.Ordinal);
    private readonly Channel<(string Channel, string Payload)> _posted = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(MaxPosted) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource? _interrupt;
    private TaskCompletionSource _listening = NewSignal();
    private Task _listener = Task.CompletedTask;
    private Task _sender = Task.CompletedTask;
    private bool _started;
    private bool _disposed;
    private int _listenerProcessId;

    public PostgresNotifications(PostgresDatabase database, ILogger<PostgresNotifications> logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = database.DataSource;
        _listenerDataSource = database.ListenerDataSource;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>This instance's mark on what it sends (32 hex digits); notifications carrying it are not delivered back.</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Whether the listener is connected and LISTENs on every subscribed channel.</summary>
    public bool IsListening
    {
        get
        {
            lock (_gate)
            {
                return _listening.Task.IsCompletedSuccessfully;
            }
        }
    }

    /// <summary>The listener's server process, or 0 while it is not connected; tests end it to see a reconnect.</summary>
    internal int ListenerProcessId => Volatile.Read(ref _listenerProcessId);

    /// <summary>
    /// Calls <paramref name="onNotification"/> with the payload of each notification another instance sends on
    /// <paramref name="channel"/>, and <paramref name="onResync"/> whenever notifications may have been missed (the
    /// channel was first listened to, or the listener reconnected). Dispose the result to stop.
    /// </summary>
    /// <param name="channel">Lower-case letters, digits and underscores, starting with a letter or underscore.</param>
    public IDisposable Subscribe(string channel, Action<string> onNotification, Action onResync)
    {
        CheckChannel(channel);
        ArgumentNullException.ThrowIfNull(onNotification);
        ArgumentNullException.ThrowIfNull(onResync);
        var subscription = new Subscription(this, channel, onNotification, onResync);
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(channel, out var list))
            {
                _subscriptions[channel] = list = [];

                // A new channel: the listener stops waiting and LISTENs on it; until then it is not listening to all.
                if (_listening.Task.IsCompleted)
                {
                    _listening = NewSignal();
                }

                _interrupt?.Cancel();
            }

            list.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Starts the listener and the sender of <see cref="Post"/>ed notifications; returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_started)
            {
                return Task.CompletedTask;
            }

            _started = true;
        }

        _listener = Task.Run(() => ListenAsync(_stopping.Token), CancellationToken.None);
        _sender = Task.Run(() => SendPostedAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Sends what was posted (until <paramref name="cancellationToken"/> says stop), then closes the listener.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _posted.Writer.TryComplete();
        try
        {
            await _sender.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time: what is left is dropped with the rest below.
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(_listener, _sender);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await StopAsync(new CancellationToken(canceled: true));
        _stopping.Dispose();
        lock (_gate)
        {
            _interrupt?.Dispose();
            _interrupt = null;
        }
    }

    /// <summary>Completes once the listener LISTENs on every channel subscribed so far.</summary>
    public Task WhenListeningAsync(CancellationToken cancellationToken)
    {
        Task listening;
        lock (_gate)
        {
            listening = _listening.Task;
        }

        return listening.WaitAsync(cancellationToken);
    }

    /// <summary>Sends a notification now, on a connection of its own.</summary>
    public async Task NotifyAsync(string channel, string payload, CancellationToken cancellationToken)
    {
        CheckChannel(channel);
        await using var command = _dataSource.CreateCommand("SELECT pg_notify($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = channel });
        command.Parameters.Add(new NpgsqlParameter { Value = Stamp(payload) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Sends notifications inside the caller's transaction: PostgreSQL delivers them when it commits, and never if it
    /// rolls back, so nobody is told of a change that did not happen.
    /// </summary>
    public async Task NotifyAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string channel, IReadOnlyCollection<string> payloads,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(payloads);
        CheckChannel(channel);
        if (payloads.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "SELECT pg_notify(@channel, @origin || payload) FROM unnest(@payloads) AS payload;", connection, transaction);
        command.Parameters.AddWithValue("channel", channel);
        command.Parameters.AddWithValue("origin", Origin + ":");
        command.Parameters.AddWithValue("payloads", payloads.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Queues a notification for the sender, which sends it shortly on a pooled connection; for callers that must not
    /// wait for the database. At most once: lost when the database is down (listeners resynchronise when it is back).
    /// </summary>
    public void Post(string channel, string payload)
    {
        CheckChannel(channel);
        ArgumentNullException.ThrowIfNull(payload);
        _posted.Writer.TryWrite((channel, payload));
    }

    private string Stamp(string payload) => Origin + ":" + payload;

    private async Task ListenAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _listenerDataSource.OpenConnectionAsync(stopping);
                connection.Notification += OnNotification;
                Volatile.Write(ref _listenerProcessId, connection.ProcessID);
                var listened = new HashSet<string>(StringComparer.Ordinal);
                while (true)
                {
                    string[] pending;
                    CancellationTokenSource interrupt;
                    TaskCompletionSource listening;
                    lock (_gate)
                    {
                        pending = [.. _subscriptions.Keys.Where(channel => !listened.Contains(channel))];
                        _interrupt?.Dispose();
                        _interrupt = interrupt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                        listening = _listening;
                    }

                    if (pending.Length > 0)
                    {
                        foreach (var channel in pending)
                        {
                            // LISTEN takes no parameters; the name was checked to be a plain identifier.
                            await using var command = new NpgsqlCommand($"LISTEN {channel};", connection);
                            await command.ExecuteNonQueryAsync(stopping);
                            listened.Add(channel);
                        }

                        if (failures > 0)
                        {
                            _logger.LogInformation("PostgreSQL notifications listener reconnected after {Failures} failed attempts", failures);
                        }

                        failures = 0;
                        Resync(pending);
                        continue;
                    }

                    listening.TrySetResult();
                    try
                    {
                        if (!await connection.WaitAsync(PingInterval, interrupt.Token))
                        {
                            // Quiet for a while: a query shows whether the server is still there.
                            await using var ping = new NpgsqlCommand("SELECT 1;", connection);
                            await ping.ExecuteScalarAsync(stopping);
                        }
                    }
                    catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                    {
                        // A channel was subscribed to: LISTEN on it above.
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    if (_listening.Task.IsCompleted)
                    {
                        _listening = NewSignal();
                    }
                }

                Volatile.Write(ref _listenerProcessId, 0);
                failures++;
                var delay = RetryDelay(failures);
                _logger.LogWarning(
                    "PostgreSQL notifications listener lost its connection ({ErrorType}); reconnecting in {DelayMilliseconds} ms (attempt {Attempt})",
                    ex.GetType().Name, (int)delay.TotalMilliseconds, failures);
                try
                {
                    await Task.Delay(delay, _clock, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        Volatile.Write(ref _listenerProcessId, 0);
    }

    private async Task SendPostedAsync(CancellationToken stopping)
    {
        var batch = new List<(string Channel, string Payload)>(MaxPostedPerBatch);
        try
        {
            while (await _posted.Reader.WaitToReadAsync(stopping))
            {
                batch.Clear();
                while (batch.Count < MaxPostedPerBatch && _posted.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    await using var commands = _dataSource.CreateBatch();
                    foreach (var (channel, payload) in batch)
                    {
                        var command = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
                        command.Parameters.Add(new NpgsqlParameter { Value = channel });
                        command.Parameters.Add(new NpgsqlParameter { Value = Stamp(payload) });
                        commands.BatchCommands.Add(command);
                    }

                    await commands.ExecuteNonQueryAsync(stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    _logger.LogWarning(
                        "{Count} notifications could not be sent ({ErrorType}); other instances resynchronise when their listeners reconnect",
                        batch.Count, ex.GetType().Name);
                    await Task.Delay(PostFailurePause, _clock, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var wire = e.Payload;
        var payload = wire;
        if (wire.Length > OriginLength && wire[OriginLength] == ':' && OriginPattern().IsMatch(wire.AsSpan(0, OriginLength)))
        {
            if (string.CompareOrdinal(wire, 0, Origin, 0, OriginLength) == 0)
            {
                return;
            }

            payload = wire[(OriginLength + 1)..];
        }

        foreach (var subscription in Subscribers(e.Channel))
        {
            try
            {
                subscription.OnNotification(payload);
            }
            catch (Exception ex)
            {
                _logger.LogError("A notification subscriber failed ({ErrorType})", ex.GetType().Name);
            }
        }
    }

    private void Resync(IEnumerable<string> channels)
    {
        foreach (var subscription in channels.SelectMany(Subscribers))
        {
            try
            {
                subscription.OnResync();
            }
            catch (Exception ex)
            {
                _logger.LogError("A notification subscriber failed to resynchronise ({ErrorType})", ex.GetType().Name);
            }
        }
    }

    private Subscription[] Subscribers(string channel)
    {
        lock (_gate)
        {
            return _subscriptions.TryGetValue(channel, out var list) ? [.. list] : [];
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            // The channel stays listened to until the connection is next opened; its notifications find nobody.
            if (_subscriptions.TryGetValue(subscription.Channel, out var list))
            {
                list.Remove(subscription);
            }
        }
    }

    /// <summary>Exponential, doubling from <see cref="FirstRetryDelay"/> up to <see cref="MaxRetryDelay"/>, each wait 50–100 % of that.</summary>
    private static TimeSpan RetryDelay(int failures)
    {
        var ceiling = Math.Min(MaxRetryDelay.TotalMilliseconds, FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private static void CheckChannel(string channel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        if (!ChannelPattern().IsMatch(channel))
        {
            throw new ArgumentException(
                "A channel name has lower-case letters, digits and underscores, starts with a letter or underscore, and has at most 63 characters.",
                nameof(channel));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelPattern();

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex OriginPattern();

    private sealed class Subscription(PostgresNotifications owner, string channel, Action<string> onNotification, Action onResync)
        : IDisposable
    {
        public string Channel { get; } = channel;

        public Action<string> OnNotification { get; } = onNotification;

        public Action OnResync { get; } = onResync;

        public void Dispose() => owner.Remove(this);
    }
}
