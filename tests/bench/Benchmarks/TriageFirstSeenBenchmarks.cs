using System.Globalization;
using BackPainBot.Triage;
using BenchmarkDotNet.Attributes;

namespace BackPainBot.Bench.Benchmarks;

/// <summary>
/// Triage of a message the engine has not seen before: the cost a patient's new message pays. <see cref="TriageBenchmarks"/>
/// repeats its messages, so after the first call it measures the engine's analysis cache; here every call misses it.
/// The messages are the evaluation set's messages of 15 to 25 words, each also in four differently capitalised copies
/// (the engine ignores capitals but its cache does not), so the round-robin walks more distinct messages than the cache
/// holds and each is analysed again when its turn comes. The figure is the mean over those messages. Each run is
/// paired: the rules alone, and the rules with the learned second opinion (<c>SecondOpinion=True</c>); the difference
/// is what the model costs a message.
/// </summary>
/// <remarks>dotnet run -c Release --project tests/bench/Benchmarks -- --filter '*TriageFirstSeen*' --job short</remarks>
[MemoryDiagnoser]
[MedianColumn]
public class TriageFirstSeenBenchmarks
{
    // More than the engine's cache can hold (two generations of TriageEngine.AnalysisCacheCapacity, 4,096 each).
    private const int MinimumDistinct = 2 * 4096 + 1;

    private TriageEngine _engine = null!;
    private string[] _messages = [];
    private int _next;

    /// <summary>Whether the engine asks the learned second opinion (trained on the clinic's examples) as well.</summary>
    [Params(false, true)]
    public bool SecondOpinion { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rules = Path.Combine(RepoPaths.Knowledge, "red-flags.json");
        _engine = SecondOpinion
            ? TriageEngine.Load(rules, Path.Combine(RepoPaths.Knowledge, "triage-examples.tsv"))
            : TriageEngine.Load(rules);
        var path = Path.Combine(RepoPaths.Root, "tests", "BackPainBot.Triage.Tests", "Data", "triage-eval.tsv");
        var typical = LabelledMessage.ParseTsv(File.ReadAllText(path))
            .Select(m => m.Message)
            .Where(m => WordCount(m) is >= 15 and <= 25)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        _messages = [.. typical.SelectMany(Capitalisations).Distinct(StringComparer.Ordinal)];
        if (_messages.Length < MinimumDistinct)
        {
            throw new InvalidOperationException($"only {_messages.Length} distinct messages; the cache would answer some");
        }

        Random.Shared.Shuffle(_messages);
    }

    /// <summary>Mean cost of triaging one typical message that is not in the engine's cache.</summary>
    [Benchmark]
    public TriageResult Assess_MessageSeenForTheFirstTime()
    {
        var message = _messages[_next];
        _next = (_next + 1) % _messages.Length;
        return _engine.Assess(message);
    }

    private static int WordCount(string message) =>
        message.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;

    private static IEnumerable<string> Capitalisations(string message)
    {
        yield return message;
        yield return message.ToLowerInvariant();
        yield return message.ToUpperInvariant();
        yield return CultureInfo.InvariantCulture.TextInfo.ToTitleCase(message.ToLowerInvariant());
        yield return char.IsUpper(message[0])
            ? char.ToLowerInvariant(message[0]) + message[1..]
            : char.ToUpperInvariant(message[0]) + message[1..].ToLowerInvariant();
    }
}
