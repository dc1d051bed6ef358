using BackPainBot.Triage;
using BackPainBot.Triage.Learned;
using BenchmarkDotNet.Attributes;

namespace BackPainBot.Bench.Benchmarks;

/// <summary>
/// Training the learned second opinion on the clinic's examples, as the bot does once at start-up (reading and checking
/// the examples file not included).
/// </summary>
/// <remarks>dotnet run -c Release --project tests/bench/Benchmarks -- --filter '*SecondOpinionTraining*' --job short</remarks>
[MemoryDiagnoser]
[MedianColumn]
public class SecondOpinionTrainingBenchmarks
{
    private TriageRuleSet _rules = null!;
    private IReadOnlyList<TriageExample> _examples = [];

    [GlobalSetup]
    public void Setup()
    {
        _rules = TriageRules.Load(Path.Combine(RepoPaths.Knowledge, "red-flags.json"));
        _examples = TriageExamples.Load(Path.Combine(RepoPaths.Knowledge, "triage-examples.tsv"), _rules.Rules);
    }

    /// <summary>One training on every example.</summary>
    [Benchmark]
    public SecondOpinion Train() => SecondOpinion.Train(_rules, _examples);
}
