using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace BackPainBot.Bench.LoadTest;

/// <summary>The outcome for one target: its warm-up, its measured phase, and how its server fared.</summary>
/// <param name="Name">Target name, <c>echo</c> or <c>bot</c>.</param>
/// <param name="Warmup">The unmeasured warm-up phase.</param>
/// <param name="Rounds">Each measured round.</param>
/// <param name="Measured">The measured rounds pooled.</param>
/// <param name="HitDurationLimit">Whether the duration limit stopped it.</param>
/// <param name="ServerExitCode">The server's exit code if it died during the run, else null.</param>
public sealed record TargetResult(
    string Name,
    PhaseResult Warmup,
    IReadOnlyList<PhaseResult> Rounds,
    PhaseResult Measured,
    bool HitDurationLimit,
    int? ServerExitCode);

/// <summary>What the report says about the run as a whole.</summary>
/// <param name="StartedAt">When the run started.</param>
/// <param name="Options">The run's settings.</param>
/// <param name="Scripts">The measured conversations, identical for every target.</param>
/// <param name="Commit">The repository's commit, if git could tell.</param>
public sealed record RunInfo(
    DateTimeOffset StartedAt,
    LoadTestOptions Options,
    IReadOnlyList<ConversationScript> Scripts,
    string? Commit);

/// <summary>
/// Renders the results as Markdown and judges them against the goals: the real bot keeps at least
/// <see cref="MinThroughputRatio"/> of the echo bot's throughput, its p99 stays within <see cref="MaxBotP99Ms"/>,
/// and no turn fails.
/// </summary>
public static class ReportWriter
{
    /// <summary>Lowest acceptable ratio of the bot's turns/s to the echo bot's.</summary>
    public const double MinThroughputRatio = 0.6;

    /// <summary>Highest acceptable p99 latency of the bot, in ms.</summary>
    public const double MaxBotP99Ms = 25;

    /// <summary>Renders the report.</summary>
    public static string Render(RunInfo run, IReadOnlyList<TargetResult> results)
    {
        var o = run.Options;
        var mix = run.Scripts.SelectMany(s => s.Messages).GroupBy(m => m.Kind).ToDictionary(g => g.Key, g => g.Count());
        var turnsPerTarget = run.Scripts.Sum(s => s.Turns);
        var text = new StringBuilder();

        text.AppendLine(Inv($"# BackPainBot load test, {run.StartedAt:yyyy-MM-dd HH:mm} UTC"));
        text.AppendLine();
        text.AppendLine(Inv($"- commit {run.Commit ?? "unknown"}; {Environment.ProcessorCount} cores, ",
            $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}"));
        text.AppendLine(Inv($"- per target: {o.Rounds} rounds × {o.Conversations} conversations × (1 conversationUpdate + ",
            $"{o.RequestsPerConversation} messages) = {o.Rounds * turnsPerTarget} turns over {o.Connections} connections, ",
            $"`deliveryMode: expectReplies`; rounds alternate between targets"));
        text.AppendLine(Inv($"- message mix (seed {o.Seed}): {mix.GetValueOrDefault(MessageKind.Tip)} tips, ",
            $"{mix.GetValueOrDefault(MessageKind.RedFlag)} red flags, ",
            $"{mix.GetValueOrDefault(MessageKind.SmallTalk)} small talk"));
        var warmups = string.Join(", ", results.Select(r => Inv($"{r.Name} {r.Warmup.Turns} turns")));
        text.AppendLine(Inv($"- before measuring: {o.Warmup.TotalSeconds:0} s of warm-up traffic per target ({warmups}); ",
            $"limit {o.DurationLimit.TotalSeconds:0} s for all traffic"));
        text.AppendLine();

        text.AppendLine("| target | turns | wall s | turns/s | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/turn | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            var m = result.Measured;
            text.AppendLine(Inv($"| {result.Name} | {m.Turns} | {m.WallSeconds:0.00} | {m.TurnsPerSecond:0.0} | ",
                $"{m.Percentile(50):0.00} | {m.Percentile(95):0.00} | {m.Percentile(99):0.00} | ",
                $"{m.Percentile(100):0.00} | {m.ServerCpuMsPerTurn:0.000} | {m.Errors} |"));
        }

        text.AppendLine();
        text.AppendLine("Latency by kind of turn (ms; conversationUpdate is each conversation's first turn):");
        text.AppendLine();
        text.AppendLine("| target | kind | turns | p50 | p95 | p99 | max |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            foreach (var (kind, latencies) in result.Measured.LatenciesByKind.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                text.AppendLine(Inv($"| {result.Name} | {kind} | {latencies.Length} | ",
                    $"{PhaseResult.Percentile(latencies, 50):0.00} | {PhaseResult.Percentile(latencies, 95):0.00} | ",
                    $"{PhaseResult.Percentile(latencies, 99):0.00} | {PhaseResult.Percentile(latencies, 100):0.00} |"));
            }
        }

        text.AppendLine();
        text.AppendLine("| check | goal | measured | result |");
        text.AppendLine("|---|---|---|---|");
        foreach (var check in Checks(results))
        {
            text.AppendLine($"| {check.Name} | {check.Goal} | {check.Measured} | {check.Verdict} |");
        }

        var notes = RoundSpread(results).Concat(results.SelectMany(Notes)).ToList();
        if (notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in notes)
            {
                text.AppendLine($"- {note}");
            }
        }

        return text.ToString();
    }

    private static IEnumerable<(string Name, string Goal, string Measured, string Verdict)> Checks(
        IReadOnlyList<TargetResult> results)
    {
        var echo = results.FirstOrDefault(r => r.Name == "echo");
        var bot = results.FirstOrDefault(r => r.Name == "bot");

        if (echo is not null && bot is not null && echo.Measured.TurnsPerSecond > 0)
        {
            var ratio = bot.Measured.TurnsPerSecond / echo.Measured.TurnsPerSecond;
            yield return ("throughput bot/echo", Inv($"≥ {MinThroughputRatio:0.0#}"), Inv($"{ratio:0.00}"),
                Verdict(ratio >= MinThroughputRatio));
        }
        else
        {
            yield return ("throughput bot/echo", Inv($"≥ {MinThroughputRatio:0.0#}"), "n/a", "SKIP (needs both targets)");
        }

        var bots = results.Where(r => r.Name.StartsWith("bot", StringComparison.Ordinal)).ToList();
        foreach (var target in bots)
        {
            var p99 = target.Measured.Percentile(99);
            yield return ($"{target.Name} p99 latency", Inv($"≤ {MaxBotP99Ms:0} ms"), Inv($"{p99:0.00} ms"),
                Verdict(p99 <= MaxBotP99Ms && target.Measured.LatenciesMs.Length > 0));
        }

        if (bots.Count == 0)
        {
            yield return ("bot p99 latency", Inv($"≤ {MaxBotP99Ms:0} ms"), "n/a", "SKIP (bot not run)");
        }

        foreach (var result in results)
        {
            var m = result.Measured;
            var measured = m.Completed ? Inv($"{m.Errors}") : Inv($"{m.Errors}, {m.PlannedTurns - m.Turns} turns not sent");
            yield return ($"{result.Name} errors", "0, all turns sent", measured,
                Verdict(m.Errors == 0 && m.Completed && result.ServerExitCode is null));
        }
    }

    // The spread of per-round ratios says how far to trust the pooled one.
    private static IEnumerable<string> RoundSpread(IReadOnlyList<TargetResult> results)
    {
        var echo = results.FirstOrDefault(r => r.Name == "echo");
        var bot = results.FirstOrDefault(r => r.Name == "bot");
        if (echo is null || bot is null || echo.Rounds.Count < 2)
        {
            yield break;
        }

        var ratios = echo.Rounds.Zip(bot.Rounds)
            .Where(pair => pair.First.TurnsPerSecond > 0)
            .Select(pair => pair.Second.TurnsPerSecond / pair.First.TurnsPerSecond)
            .Order()
            .ToArray();
        if (ratios.Length > 0)
        {
            yield return Inv($"bot/echo throughput per round: min {ratios[0]:0.00}, ",
                $"median {ratios[ratios.Length / 2]:0.00}, max {ratios[^1]:0.00}");
        }

        // CPU per turn is the cost each target puts on the machine; its inverse ratio is the throughput ratio the
        // targets would reach if CPU were all that limited them (no waiting on the disk, no other work on the machine).
        if (echo.Measured.ServerCpuMsPerTurn > 0 && bot.Measured.ServerCpuMsPerTurn > 0)
        {
            yield return Inv($"server CPU per turn: echo {echo.Measured.ServerCpuMsPerTurn:0.000} ms, ",
                $"bot {bot.Measured.ServerCpuMsPerTurn:0.000} ms; echo/bot CPU ratio ",
                $"{echo.Measured.ServerCpuMsPerTurn / bot.Measured.ServerCpuMsPerTurn:0.00}");
        }
    }

    private static IEnumerable<string> Notes(TargetResult result)
    {
        var name = result.Name;
        if (result.HitDurationLimit)
        {
            yield return Inv($"{name}: stopped at the duration limit after {result.Measured.Turns} of ",
                $"{result.Measured.PlannedTurns} measured turns");
        }

        if (result.ServerExitCode is { } code)
        {
            yield return Inv($"{name}: the server exited with code {code} during the run");
        }

        foreach (var (kind, count) in result.Measured.ErrorKinds.OrderByDescending(pair => pair.Value))
        {
            yield return Inv($"{name}: {count} × {kind}");
        }

        if (result.Warmup.Errors > 0)
        {
            yield return Inv($"{name}: {result.Warmup.Errors} errors during warm-up (not counted above)");
        }

        if (result.Measured.MessagesWithoutReplies > 0)
        {
            yield return Inv($"{name}: {result.Measured.MessagesWithoutReplies} message turns answered with no ",
                $"activities (not counted as errors)");
        }
    }

    private static string Verdict(bool passed) => passed ? "PASS" : "FAIL";

    private static string Inv(params FormattableString[] parts) =>
        string.Concat(parts.Select(part => part.ToString(CultureInfo.InvariantCulture)));
}
