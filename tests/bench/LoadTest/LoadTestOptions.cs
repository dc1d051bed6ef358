using System.Globalization;

namespace BackPainBot.Bench.LoadTest;

/// <summary>Which servers a run measures.</summary>
public enum TargetSelection
{
    /// <summary>The echo bot, then the real bot, and the ratio between them.</summary>
    Both,

    /// <summary>The echo bot alone: checks the generator and the stack without the real bot.</summary>
    Echo,

    /// <summary>The real bot alone.</summary>
    Bot,
}

/// <summary>Command-line settings of a load run. Every count is fixed up front so a run is bounded.</summary>
public sealed record LoadTestOptions
{
    /// <summary>Usage text printed on a bad argument or <c>--help</c>.</summary>
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/bench/LoadTest -- [options]
          --requests-per-conversation N  messages per conversation, after its conversationUpdate (default 6)
          --conversations N              conversations per target (default 200)
          --connections N                concurrent HTTP connections and workers (default 8)
          --rounds N                     measured rounds per target, interleaved between targets (default 5)
          --duration-limit SECONDS       hard limit on all traffic of the run, warm-up included (default 120)
          --warmup-seconds SECONDS       seconds of traffic before measuring each target, 0 for none (default 15)
          --seed N                       seed of the message mix (default 42)
          --only echo|bot                measure one target only (bot: the bot on each storage provider)
          --postgres CONNECTION          also measure the bot on PostgreSQL (Storage__Provider=postgres) with this
                                         connection string, side by side with the bot on SQLite
          --repo-root PATH               repository root (default: found above this program)
        """;

    /// <summary>Messages per conversation, sent after its conversationUpdate. Default 6.</summary>
    public int RequestsPerConversation { get; init; } = 6;

    /// <summary>Conversations per target. Default 200.</summary>
    public int Conversations { get; init; } = 200;

    /// <summary>Concurrent connections, one worker each. Default 8.</summary>
    public int Connections { get; init; } = 8;

    /// <summary>
    /// Measured rounds per target; each round sends all <see cref="Conversations"/> in new conversations. Rounds
    /// alternate between targets so that noise from the machine falls on both. Default 5.
    /// </summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Hard wall-clock limit on all traffic of the run, warm-up included. Default 120 s.</summary>
    public TimeSpan DurationLimit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Seconds of traffic sent to each target before measuring. Default 15 s: on a 2-core machine the stack needs
    /// several seconds of load (tiered JIT with dynamic PGO, GC heap sizing, thread pool) before its numbers settle,
    /// far more than a hundred turns.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Seed of the message mix; the same seed gives the same conversations. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Which targets to measure. Default both.</summary>
    public TargetSelection Targets { get; init; } = TargetSelection.Both;

    /// <summary>
    /// Connection string of a PostgreSQL database; when set, the bot is also measured with <c>Storage:Provider</c>
    /// <c>postgres</c> as the target <c>bot-postgres</c>.
    /// </summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Repository root; null to look for it above the program's directory.</summary>
    public string? RepoRoot { get; init; }

    /// <summary>Parses <paramref name="args"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static LoadTestOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new LoadTestOptions();
        error = null;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? value = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                value = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            if (arg is "--help" or "-h")
            {
                error = "";
                return null;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    error = $"{arg} needs a value.";
                    return null;
                }

                value = args[++i];
            }

            switch (arg)
            {
                case "--requests-per-conversation":
                    options = options with { RequestsPerConversation = ParseCount(arg, value, 1, 1_000, ref error) };
                    break;
                case "--conversations":
                    options = options with { Conversations = ParseCount(arg, value, 1, 100_000, ref error) };
                    break;
                case "--connections":
                    options = options with { Connections = ParseCount(arg, value, 1, 256, ref error) };
                    break;
                case "--rounds":
                    options = options with { Rounds = ParseCount(arg, value, 1, 100, ref error) };
                    break;
                case "--duration-limit":
                    options = options with
                    {
                        DurationLimit = TimeSpan.FromSeconds(ParseCount(arg, value, 1, 3_600, ref error)),
                    };
                    break;
                case "--warmup-seconds":
                    options = options with { Warmup = TimeSpan.FromSeconds(ParseCount(arg, value, 0, 600, ref error)) };
                    break;
                case "--seed":
                    options = options with { Seed = ParseCount(arg, value, int.MinValue, int.MaxValue, ref error) };
                    break;
                case "--only":
                    options = value switch
                    {
                        "echo" => options with { Targets = TargetSelection.Echo },
                        "bot" => options with { Targets = TargetSelection.Bot },
                        _ => Fail(options, $"--only takes echo or bot, not '{value}'.", ref error),
                    };
                    break;
                case "--postgres":
                    options = options with { PostgresConnectionString = value };
                    break;
                case "--repo-root":
                    options = options with { RepoRoot = Path.GetFullPath(value) };
                    break;
                default:
                    error = $"Unknown argument '{arg}'.";
                    return null;
            }

            if (error is not null)
            {
                return null;
            }
        }

        return options;
    }

    private static int ParseCount(string name, string value, int min, int max, ref string? error)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max)
        {
            return number;
        }

        error = $"{name} takes a whole number from {min} to {max}, not '{value}'.";
        return 0;
    }

    private static LoadTestOptions Fail(LoadTestOptions options, string message, ref string? error)
    {
        error = message;
        return options;
    }
}
