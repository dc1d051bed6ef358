using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BackPainBot.Bench.LoadTest;

/// <summary>What happened to the turns of one phase (warm-up or measurement) against one target.</summary>
/// <param name="PlannedTurns">Turns the scripts called for.</param>
/// <param name="Turns">Turns that finished, with or without error.</param>
/// <param name="WallSeconds">From the first request to the last response.</param>
/// <param name="LatenciesMs">Latency of every turn that got a response, sorted ascending.</param>
/// <param name="Errors">Turns that failed: non-2xx, no <c>activities</c> in the body, timeout or transport error.</param>
/// <param name="ErrorKinds">Errors by kind, e.g. <c>HTTP 500</c>; never message text.</param>
/// <param name="MessagesWithoutReplies">Message turns that succeeded with an empty <c>activities</c> array.</param>
public sealed record PhaseResult(
    int PlannedTurns,
    int Turns,
    double WallSeconds,
    double[] LatenciesMs,
    int Errors,
    IReadOnlyDictionary<string, int> ErrorKinds,
    int MessagesWithoutReplies)
{
    /// <summary>
    /// The same latencies split by what the turn was (<see cref="TurnKinds"/>), each sorted ascending, so a slow tail
    /// can be traced to the kind of turn that makes it.
    /// </summary>
    public IReadOnlyDictionary<string, double[]> LatenciesByKind { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Whether every planned turn was sent before the duration limit.</summary>
    public bool Completed => Turns == PlannedTurns;

    /// <summary>Finished turns per second of wall time.</summary>
    public double TurnsPerSecond => WallSeconds > 0 ? Turns / WallSeconds : 0;

    /// <summary>
    /// CPU seconds (user + system) the server process spent during the phase; 0 when not measured. Unlike wall time it
    /// barely moves when other work shares the machine, so it compares the targets' cost per turn on a busy machine.
    /// </summary>
    public double ServerCpuSeconds { get; init; }

    /// <summary>Server CPU milliseconds per finished turn; 0 when not measured.</summary>
    public double ServerCpuMsPerTurn => Turns > 0 ? ServerCpuSeconds * 1000 / Turns : 0;

    /// <summary>Pools several phases, e.g. the rounds of one target, as if they were one.</summary>
    public static PhaseResult Combine(IReadOnlyCollection<PhaseResult> phases)
    {
        var latencies = phases.SelectMany(p => p.LatenciesMs).ToArray();
        Array.Sort(latencies);
        var kinds = phases.SelectMany(p => p.ErrorKinds)
            .GroupBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value), StringComparer.Ordinal);
        return new PhaseResult(
            phases.Sum(p => p.PlannedTurns),
            phases.Sum(p => p.Turns),
            phases.Sum(p => p.WallSeconds),
            latencies,
            phases.Sum(p => p.Errors),
            kinds,
            phases.Sum(p => p.MessagesWithoutReplies))
        {
            ServerCpuSeconds = phases.Sum(p => p.ServerCpuSeconds),
            LatenciesByKind = MergeByKind(phases.Select(p => p.LatenciesByKind)),
        };
    }

    /// <summary>Nearest-rank percentile of sorted latencies, in ms; 0 when there are none.</summary>
    public static double Percentile(double[] sortedLatenciesMs, double percent)
    {
        if (sortedLatenciesMs.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sortedLatenciesMs.Length);
        return sortedLatenciesMs[Math.Clamp(rank - 1, 0, sortedLatenciesMs.Length - 1)];
    }

    internal static Dictionary<string, double[]> MergeByKind(IEnumerable<IReadOnlyDictionary<string, double[]>> parts) =>
        parts.SelectMany(part => part)
            .GroupBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(
                group => group.Key,
                group =>
                {
                    var merged = group.SelectMany(pair => pair.Value).ToArray();
                    Array.Sort(merged);
                    return merged;
                },
                StringComparer.Ordinal);

    /// <summary>Nearest-rank percentile of the latencies, in ms; 0 when nothing was measured.</summary>
    public double Percentile(double percent) => Percentile(LatenciesMs, percent);
}

/// <summary>The names the report gives each kind of turn.</summary>
public static class TurnKinds
{
    /// <summary>The conversationUpdate that opens each conversation (the bot's first state write).</summary>
    public const string ConversationUpdate = "conversationUpdate";

    /// <summary>The name of a message turn of <paramref name="kind"/>.</summary>
    public static string Of(MessageKind kind) => kind switch
    {
        MessageKind.Tip => "tip",
        MessageKind.RedFlag => "red flag",
        MessageKind.SmallTalk => "small talk",
        _ => kind.ToString(),
    };
}

/// <summary>
/// Drives one target over a fixed pool of connections. Each worker owns one connection's worth of concurrency and
/// sends a whole conversation in order before taking the next, as one client per conversation would.
/// </summary>
public sealed class LoadRunner : IDisposable
{
    private static readonly MediaTypeHeaderValue _json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _client;
    private readonly ActivityFactory _activities;
    private readonly int _connections;
    private readonly string _conversationPrefix;

    /// <summary>Creates a runner for the server at <paramref name="baseAddress"/>.</summary>
    /// <param name="baseAddress">The target's root URL.</param>
    /// <param name="connections">Concurrent connections and workers.</param>
    /// <param name="conversationPrefix">Makes conversation ids unique to this run and target.</param>
    /// <param name="timeProvider">Clock for activity timestamps.</param>
    public LoadRunner(Uri baseAddress, int connections, string conversationPrefix, TimeProvider timeProvider)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _activities = new ActivityFactory(timeProvider);
        _connections = connections;
        _conversationPrefix = conversationPrefix;
    }

    /// <summary>
    /// Sends every script's conversationUpdate and messages, each conversation in order. Stops early, with what it
    /// has, when <paramref name="ct"/> is cancelled.
    /// </summary>
    public Task<PhaseResult> RunAsync(IReadOnlyList<ConversationScript> scripts, string phase, CancellationToken ct) =>
        RunCoreAsync(scripts, phase, deadline: null, ct);

    /// <summary>
    /// Cycles through the scripts, in new conversations, for <paramref name="duration"/>. Workers stop between turns,
    /// never mid-request, so the server sees no aborted requests and the connections stay open for what follows.
    /// </summary>
    public Task<PhaseResult> RunForAsync(
        IReadOnlyList<ConversationScript> scripts,
        string phase,
        TimeSpan duration,
        CancellationToken ct) =>
        RunCoreAsync(scripts, phase, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency), ct);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private async Task<PhaseResult> RunCoreAsync(
        IReadOnlyList<ConversationScript> scripts,
        string phase,
        long? deadline,
        CancellationToken ct)
    {
        if (scripts.Count == 0 || deadline <= Stopwatch.GetTimestamp())
        {
            return new PhaseResult(0, 0, 0, [], 0, new Dictionary<string, int>(), 0);
        }

        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, _connections)
            .Select(_ => Task.Run(
                () => WorkAsync(scripts, phase, () => Interlocked.Increment(ref next), deadline, ct),
                CancellationToken.None))
            .ToArray();
        var tallies = await Task.WhenAll(workers);
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // Each worker keeps its latencies by kind of turn; the phase's latencies are all of them together.
        var byKind = PhaseResult.MergeByKind(tallies.Select(t => (IReadOnlyDictionary<string, double[]>)
            t.LatenciesByKind.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal)));
        var latencies = byKind.Values.SelectMany(ofKind => ofKind).ToArray();
        Array.Sort(latencies);
        var kinds = tallies.SelectMany(t => t.ErrorKinds)
            .GroupBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value), StringComparer.Ordinal);

        return new PhaseResult(
            PlannedTurns: deadline is null ? scripts.Sum(s => s.Turns) : tallies.Sum(t => t.Turns),
            Turns: tallies.Sum(t => t.Turns),
            WallSeconds: wall,
            LatenciesMs: latencies,
            Errors: kinds.Values.Sum(),
            ErrorKinds: kinds,
            MessagesWithoutReplies: tallies.Sum(t => t.MessagesWithoutReplies))
        {
            LatenciesByKind = byKind,
        };
    }

    private async Task<WorkerTally> WorkAsync(
        IReadOnlyList<ConversationScript> scripts,
        string phase,
        Func<int> takeNext,
        long? deadline,
        CancellationToken ct)
    {
        var tally = new WorkerTally();
        try
        {
            for (var index = takeNext(); (deadline is not null || index < scripts.Count) && TimeLeft(); index = takeNext())
            {
                var conversationId = $"{_conversationPrefix}-{phase}-{index:D6}";
                var userId = $"user-{phase}-{index:D6}";
                await SendAsync(_activities.ConversationUpdate(conversationId, userId), TurnKinds.ConversationUpdate, tally, ct);
                foreach (var message in scripts[index % scripts.Count].Messages)
                {
                    if (!TimeLeft())
                    {
                        break;
                    }

                    await SendAsync(_activities.Message(conversationId, userId, message.Text), TurnKinds.Of(message.Kind), tally,
                        ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The duration limit or Ctrl+C: report what finished.
        }

        return tally;

        bool TimeLeft() => deadline is null || Stopwatch.GetTimestamp() < deadline;
    }

    private async Task SendAsync(byte[] body, string kind, WorkerTally tally, CancellationToken ct)
    {
        var isMessage = kind != TurnKinds.ConversationUpdate;
        ct.ThrowIfCancellationRequested();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = _json;

        var started = Stopwatch.GetTimestamp();
        byte[] responseBody;
        int status;
        try
        {
            using var response = await _client.PostAsync("api/messages", content, ct);
            responseBody = await response.Content.ReadAsByteArrayAsync(ct);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException ex)
        {
            tally.Fail(ex.HttpRequestError == HttpRequestError.Unknown ? "transport" : $"transport: {ex.HttpRequestError}",
                timed: false);
            return;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            tally.Fail("timeout (30 s)", timed: false);
            return;
        }

        tally.Record(kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        if (status is < 200 or > 299)
        {
            tally.Fail($"HTTP {status}", timed: true);
            return;
        }

        var replies = CountActivities(responseBody);
        if (replies is null)
        {
            tally.Fail("no activities in body", timed: true);
        }
        else if (isMessage && replies == 0)
        {
            tally.MessagesWithoutReplies++;
        }
    }

    // Only the count is read: the generator never shows what the bot said.
    private static int? CountActivities(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("activities", out var activities)
                && activities.ValueKind == JsonValueKind.Array
                    ? activities.GetArrayLength()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class WorkerTally
    {
        public Dictionary<string, List<double>> LatenciesByKind { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> ErrorKinds { get; } = new(StringComparer.Ordinal);

        public int Turns { get; private set; }

        public int MessagesWithoutReplies { get; set; }

        public void Record(string kind, double latencyMs)
        {
            if (!LatenciesByKind.TryGetValue(kind, out var ofKind))
            {
                LatenciesByKind[kind] = ofKind = [];
            }

            ofKind.Add(latencyMs);
            Turns++;
        }

        public void Fail(string kind, bool timed)
        {
            ErrorKinds[kind] = ErrorKinds.GetValueOrDefault(kind) + 1;

            // A turn that got a response was counted when it was timed; one that got none is counted here.
            if (!timed)
            {
                Turns++;
            }
        }
    }
}
