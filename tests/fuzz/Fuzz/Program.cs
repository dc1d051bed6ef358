using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BackPainBot.Fuzz;

// Bad input at volume against the real host: see tests/fuzz/README.md. Prints a report, then TAP lines ending in
// "# pass N" / "# fail N" (.ci/run adds those up). Exit code 0 only when every check passed.
var options = FuzzOptions.Parse(args);
var repoRoot = options.RepoRoot ?? FindRepoRoot();
var dll = options.HostDll ?? Path.Combine(repoRoot, "src", "BackPainBot", "bin", options.Configuration, "net10.0", "BackPainBot.dll");
if (!File.Exists(dll))
{
    Console.Error.WriteLine($"The host is not built: {dll} is missing (dotnet build src/BackPainBot -c {options.Configuration}).");
    return 2;
}

// Every request comes from 127.0.0.1, so the per-client limits are raised for the run, except the staff sign-in's,
// which the last check trips on purpose.
var settings = new Dictionary<string, string>
{
    ["DirectLine__TokensPerMinutePerClient"] = "1000000",
    ["Logging__LogLevel__Default"] = "Warning",
};
foreach (var kind in new[] { "Messages", "DirectLine", "Page", "Staff", "Operations" })
{
    settings[$"RateLimits__{kind}__PerMinute"] = "10000000";
    settings[$"RateLimits__{kind}__Burst"] = "100000";
}

var checks = new List<(bool Ok, string Name)>();
var clock = Stopwatch.StartNew();
await using var host = await HostProcess.StartAsync(dll, repoRoot, settings, TimeSpan.FromSeconds(90), options.HostLog);
var startedIn = clock.Elapsed;
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Connections,
    UseProxy = false,
    AllowAutoRedirect = false,
    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
})
{
    BaseAddress = host.BaseAddress,
    Timeout = TimeSpan.FromSeconds(30),
};

var pool = new List<DirectLineSession>();
for (var i = 0; i < 24; i++)
{
    pool.Add(await StartSessionAsync(http));
}

var memoryBefore = host.WorkingSet;
var generator = new RequestGenerator(pool);
var statuses = new ConcurrentDictionary<int, int>();
var byTarget = new ConcurrentDictionary<string, ConcurrentDictionary<int, int>>();
var serverErrors = new ConcurrentQueue<string>();
var noAnswer = new ConcurrentQueue<string>();
var memorySamples = new ConcurrentDictionary<int, long>();
var next = -1;
var sent = 0;
var fuzzClock = Stopwatch.StartNew();
var deadline = TimeSpan.FromSeconds(options.TimeLimitSeconds);

var workers = Enumerable.Range(0, options.Connections).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        var index = Interlocked.Increment(ref next);
        if (index >= options.Requests || fuzzClock.Elapsed > deadline)
        {
            return;
        }

        // One generator per request, seeded by its index: a failing request is made again by --seed and --only.
        var request = generator.Next(new Random(HashCode.Combine(options.Seed, index)));
        if (options.Only is { } only && only != index)
        {
            continue;
        }

        var status = await SendAsync(http, request, index, serverErrors, noAnswer);
        if (status is >= 500 or 0 && options.DumpDirectory is { } dump && request.Body is { } failedBody)
        {
            // The failing body as sent, to replay by hand.
            Directory.CreateDirectory(dump);
            await File.WriteAllBytesAsync(Path.Combine(dump, $"{index}-{request.Target}.body"), failedBody);
        }

        Interlocked.Increment(ref sent);
        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        byTarget.GetOrAdd(request.Target, _ => new()).AddOrUpdate(status, 1, (_, n) => n + 1);
        if ((index + 1) % Math.Max(1, options.Requests / 4) == 0)
        {
            memorySamples[(index + 1) * 100 / options.Requests] = host.WorkingSet;
        }
    }
})).ToArray();
await Task.WhenAll(workers);
var fuzzTime = fuzzClock.Elapsed;
var memoryAfter = host.WorkingSet;
var peak = host.PeakWorkingSet;

var fiveXx = statuses.Where(s => s.Key >= 500).Sum(s => s.Value);
var expected = options.Only is null ? options.Requests : 1;
checks.Add((sent == expected, $"sent all {expected} requests within {options.TimeLimitSeconds} s (sent {sent} in {fuzzTime.TotalSeconds:0.0} s)"));
checks.Add((fiveXx == 0, $"no 5xx answers ({fiveXx})"));
checks.Add((noAnswer.IsEmpty, $"every request answered, none reset or timed out ({noAnswer.Count})"));
checks.Add((host.UnhandledErrors == 0, $"no unhandled exceptions in the host's log ({host.UnhandledErrors})"));

var alive = !host.HasExited && await StillServesAsync(http, pool[0]);
checks.Add((alive, "the host is still up: live and ready, a patient's turn answered, a Direct Line chat answered"));

// Bounded: no more than 1 GiB, and the second half of the run adds less than the first half's growth plus 64 MiB.
var half = memorySamples.GetValueOrDefault(50, memoryAfter);
var bounded = memoryAfter < 1L << 30 && memoryAfter - half < Math.Max(0, half - memoryBefore) + (64L << 20);
checks.Add((bounded, $"memory bounded: {Mib(memoryBefore)} before, {Mib(half)} halfway, {Mib(memoryAfter)} after, peak {Mib(peak)}"));

var (limited, retryAfter) = await SignInPastTheLimitAsync(http);
checks.Add((limited > 0 && retryAfter, $"per-client limit: {limited} of 30 rapid staff sign-ins answered 429 with Retry-After"));

var stoppedCleanly = await host.TerminateAsync(TimeSpan.FromSeconds(35));
checks.Add((stoppedCleanly && host.ExitCode == 0, $"SIGTERM stops the host cleanly (exit code {host.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"})"));

Console.WriteLine();
Console.WriteLine($"Fuzz run: seed {options.Seed}, {options.Connections} connections, host started in {startedIn.TotalSeconds:0.0} s");
Console.WriteLine($"requests sent: {sent} in {fuzzTime.TotalSeconds:0.0} s ({sent / Math.Max(fuzzTime.TotalSeconds, 0.001):0} /s)");
Console.WriteLine($"status histogram: {Histogram(statuses)}");
foreach (var (target, counts) in byTarget.OrderBy(t => t.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"  {target,-13} {counts.Values.Sum(),6}  {Histogram(counts)}");
}

Console.WriteLine($"5xx: {fiveXx}; unanswered: {noAnswer.Count}");
Console.WriteLine($"working set: {Mib(memoryBefore)} before, {string.Join(", ", memorySamples.OrderBy(s => s.Key).Select(s => $"{Mib(s.Value)} at {s.Key}%"))}; peak {Mib(peak)}");
foreach (var line in serverErrors.GroupBy(e => e.Split(" -> ")[1][..3]).SelectMany(g => g.Take(10)).Concat(noAnswer.Take(10)))
{
    Console.WriteLine("  " + line);
}

if (!serverErrors.IsEmpty || !noAnswer.IsEmpty || host.UnhandledErrors > 0)
{
    Console.WriteLine("last lines of the host's log:");
    Console.WriteLine(host.Tail());
}

Console.WriteLine();
Console.WriteLine("TAP version 13");
for (var i = 0; i < checks.Count; i++)
{
    Console.WriteLine($"{(checks[i].Ok ? "ok" : "not ok")} {i + 1} - {checks[i].Name}");
}

Console.WriteLine($"1..{checks.Count}");
Console.WriteLine($"# pass {checks.Count(c => c.Ok)}");
Console.WriteLine($"# fail {checks.Count(c => !c.Ok)}");
return checks.All(c => c.Ok) ? 0 : 1;

static async Task<int> SendAsync(HttpClient http, FuzzRequest request, int index, ConcurrentQueue<string> serverErrors, ConcurrentQueue<string> noAnswer)
{
    using var message = new HttpRequestMessage(request.Method, request.Path);
    if (request.Body is not null)
    {
        message.Content = new ByteArrayContent(request.Body);
        if (request.ContentType is not null)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
    }

    if (request.Authorization is not null)
    {
        message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
    }

    try
    {
        using var response = await http.SendAsync(message);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            serverErrors.Enqueue($"#{index} {request.Target} {request.Method} {Shorten(request.Path)} [{request.Shape}] -> {status} {Shorten(body)}");
        }

        return status;
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        noAnswer.Enqueue($"#{index} {request.Target} {request.Method} {Shorten(request.Path)} [{request.Shape}] -> no answer ({e.GetType().Name}: {e.InnerException?.GetType().Name})");
        return 0;
    }
}

static async Task<DirectLineSession> StartSessionAsync(HttpClient http)
{
    var token = JsonNode.Parse(await (await http.PostAsync("v3/directline/tokens/generate", null)).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
    var session = new DirectLineSession(token["conversationId"]!.GetValue<string>(), token["token"]!.GetValue<string>());
    using var start = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
    start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
    (await http.SendAsync(start)).EnsureSuccessStatusCode();
    return session;
}

static async Task<bool> StillServesAsync(HttpClient http, DirectLineSession session)
{
    try
    {
        if ((await http.GetAsync("healthz/live")).StatusCode != HttpStatusCode.OK || (await http.GetAsync("healthz/ready")).StatusCode != HttpStatusCode.OK)
        {
            return false;
        }

        var activity = "{\"type\":\"message\",\"id\":\"check\",\"channelId\":\"webchat\",\"serviceUrl\":\"http://127.0.0.1:1/\","
            + "\"deliveryMode\":\"expectReplies\",\"from\":{\"id\":\"p\"},\"recipient\":{\"id\":\"bot\"},"
            + "\"conversation\":{\"id\":\"after-fuzz\"},\"text\":\"How often should I replace my walking shoes?\"}";
        var turn = await http.PostAsync("api/messages", new StringContent(activity, Encoding.UTF8, "application/json"));
        if (!(await turn.Content.ReadAsStringAsync()).Contains("miles", StringComparison.Ordinal))
        {
            return false;
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{session.ConversationId}/activities")
        {
            Content = new StringContent("{\"type\":\"message\",\"from\":{\"id\":\"p\"},\"text\":\"help\"}", Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        return (await http.SendAsync(post)).StatusCode == HttpStatusCode.OK;
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        return false;
    }
}

static async Task<(int Limited, bool RetryAfter)> SignInPastTheLimitAsync(HttpClient http)
{
    var limited = 0;
    var retryAfter = true;
    for (var i = 0; i < 30; i++)
    {
        var content = new StringContent("{\"userName\":\"\",\"password\":\"\"}", Encoding.UTF8, "application/json");
        content.Headers.Add("X-Staff-Request", "1");
        var response = await http.PostAsync("staff/api/signin", content);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            limited++;
            retryAfter &= response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 };
        }
    }

    return (limited, retryAfter);
}

static string Histogram(IEnumerable<KeyValuePair<int, int>> counts) =>
    string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{(c.Key == 0 ? "none" : c.Key.ToString(CultureInfo.InvariantCulture))}: {c.Value}"));

static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):0} MiB";

static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "...";

static string FindRepoRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "BackPainBot.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("BackPainBot.sln not found above the program; pass --repo-root.");
}

/// <summary>Command-line options; see tests/fuzz/README.md.</summary>
internal sealed record FuzzOptions(
    int Requests, int Seed, int Connections, int TimeLimitSeconds, string Configuration, string? RepoRoot, string? HostDll, int? Only,
    string? HostLog, string? DumpDirectory)
{
    public static FuzzOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new FuzzOptions(
            Int("requests", 10_000),
            Int("seed", 20261129),
            Int("connections", 8),
            Int("time-limit", 100),
            values.GetValueOrDefault("configuration", "Debug"),
            values.GetValueOrDefault("repo-root"),
            values.GetValueOrDefault("host-dll"),
            values.TryGetValue("only", out var only) ? int.Parse(only, CultureInfo.InvariantCulture) : null,
            values.GetValueOrDefault("host-log"),
            values.GetValueOrDefault("dump-dir"));
    }
}
