using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using BackPainBot.Bench.LoadTest;

const int ExitCouldNotRun = 1;
const int ExitUsage = 2;
const int ExitInterrupted = 130;

var options = LoadTestOptions.Parse(args, out var parseError);
if (options is null)
{
    if (!string.IsNullOrEmpty(parseError))
    {
        Console.Error.WriteLine(parseError);
    }

    Console.Error.WriteLine(LoadTestOptions.Usage);
    return string.IsNullOrEmpty(parseError) ? 0 : ExitUsage;
}

string? dataDirectory = null;
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!interrupt.IsCancellationRequested)
    {
        // Unwind normally so the servers are killed and nothing is left listening.
        e.Cancel = true;
        interrupt.Cancel();
    }
    else
    {
        ServerProcess.KillAll();
    }
};
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupt.Cancel();
});
AppDomain.CurrentDomain.ProcessExit += (_, _) => ServerProcess.KillAll();
AppDomain.CurrentDomain.UnhandledException += (_, _) => ServerProcess.KillAll();

try
{
    var repoRoot = options.RepoRoot ?? FindRepoRoot();
    var runId = Guid.NewGuid().ToString("N")[..10];

    // A fresh data directory per run, so the bot neither reads nor leaves handoffs in a developer's data/.
    dataDirectory = Path.Combine(Path.GetTempPath(), $"backpainbot-bench-{runId}");
    var specs = Specs(repoRoot, options.Targets, dataDirectory, options.PostgresConnectionString);
    foreach (var spec in specs)
    {
        if (!File.Exists(spec.DllPath))
        {
            throw new LoadTestException($"{spec.DllPath} not found: build it in Release first (tests/bench/run-load.sh "
                + "does), or measure the echo bot alone with --only echo.");
        }
    }

    Directory.CreateDirectory(dataDirectory);

    var run = new RunInfo(
        DateTimeOffset.UtcNow,
        options,
        MessageMix.Build(options.Conversations, options.RequestsPerConversation, options.Seed),
        GitCommit(repoRoot));
    var warmup = MessageMix.BuildWarmup(options.RequestsPerConversation, options.Seed);
    var results = await MeasureAsync(specs, options, run.Scripts, warmup, runId, interrupt.Token);

    var report = ReportWriter.Render(run, results);
    Console.Out.Write(report);

    var resultsDirectory = Path.Combine(repoRoot, "tests", "bench", "results");
    Directory.CreateDirectory(resultsDirectory);
    var reportPath = Path.Combine(resultsDirectory,
        $"load-{run.StartedAt.ToString("yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture)}.md");
    await File.WriteAllTextAsync(reportPath, report, CancellationToken.None);
    Log($"report written to {Path.GetRelativePath(repoRoot, reportPath)}");

    // A missed goal is a measurement, not a failure to measure.
    return 0;
}
catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
{
    Log("interrupted; servers stopped, no report written");
    return ExitInterrupted;
}
catch (LoadTestException ex)
{
    Log($"could not run: {ex.Message}");
    return ExitCouldNotRun;
}
catch (Exception ex)
{
    Log($"could not run: {ex}");
    return ExitCouldNotRun;
}
finally
{
    ServerProcess.KillAll();
    if (dataDirectory is not null && Directory.Exists(dataDirectory))
    {
        TryDelete(dataDirectory);
    }
}

static async Task<IReadOnlyList<TargetResult>> MeasureAsync(
    IReadOnlyList<ServerSpec> specs,
    LoadTestOptions options,
    IReadOnlyList<ConversationScript> scripts,
    IReadOnlyList<ConversationScript> warmup,
    string runId,
    CancellationToken interrupt)
{
    var servers = new List<ServerProcess>();
    var runners = new List<LoadRunner>();
    try
    {
        foreach (var spec in specs)
        {
            Log($"{spec.Name}: starting {spec.DllPath}");
            var server = await ServerProcess.StartAsync(spec, TimeSpan.FromSeconds(60), interrupt);
            servers.Add(server);
            runners.Add(new LoadRunner(server.BaseAddress, options.Connections, $"bench-{runId}-{spec.Name}",
                TimeProvider.System));
            Log($"{spec.Name}: healthy at {server.BaseAddress} (pid {server.ProcessId})");
        }

        // One clock for all the traffic of the run, warm-up included.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        limit.CancelAfter(options.DurationLimit);

        var warmups = new PhaseResult[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            warmups[i] = await runners[i].RunForAsync(warmup, "warmup", options.Warmup, limit.Token);
            interrupt.ThrowIfCancellationRequested();
            Log(Inv($"{specs[i].Name}: warm-up {warmups[i].Turns} turns, {warmups[i].Errors} errors"));
        }

        // Interleaved rounds, alternating which target goes first: a busy moment on this shared 2-core machine then
        // lands on both targets alike instead of on whichever happened to be running.
        var rounds = specs.Select(_ => new List<PhaseResult>()).ToArray();
        for (var round = 0; round < options.Rounds; round++)
        {
            var order = Enumerable.Range(0, specs.Count);
            foreach (var i in round % 2 == 0 ? order : order.Reverse())
            {
                // The generator's own garbage from the previous phase should not be collected inside this one.
                GC.Collect();
                GC.WaitForPendingFinalizers();

                var cpuBefore = servers[i].CpuTime;
                var phase = await runners[i].RunAsync(scripts, Inv($"r{round}"), limit.Token);
                phase = phase with { ServerCpuSeconds = (servers[i].CpuTime - cpuBefore).TotalSeconds };
                interrupt.ThrowIfCancellationRequested();
                rounds[i].Add(phase);
                Log(Inv($"{specs[i].Name}: round {round + 1}/{options.Rounds}: {phase.Turns} turns in ")
                    + Inv($"{phase.WallSeconds:0.00} s, {phase.ServerCpuMsPerTurn:0.000} server CPU ms/turn, {phase.Errors} errors"));
            }
        }

        var results = new List<TargetResult>();
        for (var i = 0; i < specs.Count; i++)
        {
            var measured = PhaseResult.Combine(rounds[i]);
            results.Add(new TargetResult(
                specs[i].Name,
                warmups[i],
                rounds[i],
                measured,
                HitDurationLimit: !measured.Completed && limit.IsCancellationRequested,
                ServerExitCode: servers[i].ExitCode));
        }

        return results;
    }
    finally
    {
        foreach (var runner in runners)
        {
            runner.Dispose();
        }

        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }
}

static IReadOnlyList<ServerSpec> Specs(string repoRoot, TargetSelection targets, string dataDirectory, string? postgres)
{
    var specs = new List<ServerSpec>();
    if (targets is TargetSelection.Both or TargetSelection.Echo)
    {
        var output = Path.Combine(repoRoot, "tests", "bench", "EchoBot", "bin", "Release", "net10.0");
        specs.Add(new ServerSpec(
            "echo",
            Path.Combine(output, "EchoBot.dll"),
            output,
            ["--contentRoot", output],
            new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = null }));
    }

    if (targets is TargetSelection.Both or TargetSelection.Bot)
    {
        specs.Add(BotSpec("bot", repoRoot, dataDirectory, []));
        if (postgres is not null)
        {
            specs.Add(BotSpec("bot-postgres", repoRoot, dataDirectory + "-postgres", new()
            {
                ["Storage__Provider"] = "postgres",
                ["Storage__ConnectionString"] = postgres,
            }));
        }
    }

    return specs;
}

// The real bot, built in Release, with its own data folder and any extra settings (the storage provider).
static ServerSpec BotSpec(string name, string repoRoot, string dataDirectory, Dictionary<string, string?> settings)
{
    var environment = new Dictionary<string, string?>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = null,
        ["Storage__DataDirectory"] = dataDirectory,
        // 8 connections from one address at 1000+ turns/s is far past what one channel's address sends; the
        // limiter still runs (its cost is measured), with room for the benchmark's rate.
        ["RateLimits__Messages__PerMinute"] = "10000000",
        ["RateLimits__Messages__Burst"] = "100000",
    };
    foreach (var (key, value) in settings)
    {
        environment[key] = value;
    }

    return new ServerSpec(
        name,
        Path.Combine(repoRoot, "src", "BackPainBot", "bin", "Release", "net10.0", "BackPainBot.dll"),
        repoRoot,
        ["--contentRoot", repoRoot],
        environment);
}

static string FindRepoRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "BackPainBot.sln")))
        {
            return directory.FullName;
        }
    }

    throw new LoadTestException("BackPainBot.sln not found above the program's directory; pass --repo-root.");
}

static string? GitCommit(string repoRoot)
{
    try
    {
        var head = RunGit(repoRoot, "rev-parse", "--short", "HEAD");
        if (string.IsNullOrEmpty(head))
        {
            return null;
        }

        return string.IsNullOrEmpty(RunGit(repoRoot, "status", "--porcelain", "--untracked-files=no"))
            ? head
            : head + " + uncommitted changes";
    }
    catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
    {
        return null;
    }
}

static string? RunGit(string repoRoot, params string[] arguments)
{
    var startInfo = new ProcessStartInfo("git")
    {
        WorkingDirectory = repoRoot,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    foreach (var argument in arguments)
    {
        startInfo.ArgumentList.Add(argument);
    }

    using var git = Process.Start(startInfo);
    if (git is null)
    {
        return null;
    }

    var output = git.StandardOutput.ReadToEndAsync();
    _ = git.StandardError.ReadToEndAsync();
    if (!git.WaitForExit(TimeSpan.FromSeconds(10)))
    {
        git.Kill();
        return null;
    }

    return git.ExitCode == 0 ? output.Result.Trim() : null;
}

static void TryDelete(string directory)
{
    try
    {
        Directory.Delete(directory, recursive: true);
    }
    catch (IOException)
    {
        // A leftover temp folder is not worth failing a finished measurement.
    }
    catch (UnauthorizedAccessException)
    {
        // Same.
    }
}

static void Log(string message) => Console.Error.WriteLine($"[load] {message}");

static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
