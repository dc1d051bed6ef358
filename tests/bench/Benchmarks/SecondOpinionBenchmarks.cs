using BackPainBot.Triage;
using BackPainBot.Triage.Learned;
using BackPainBot.Triage.Text;
using BenchmarkDotNet.Attributes;

namespace BackPainBot.Bench.Benchmarks;

/// <summary>
/// What the learned second opinion adds to triaging a message: hashing its words and pieces of words and scoring every
/// rule code, on words the engine has already tokenised, for the evaluation set's messages of 15 to 25 words. For a
/// message it raises a code for, finding the words that spoke for it is included. The rules' own work is
/// <see cref="TriageFirstSeenBenchmarks"/>; training is <see cref="SecondOpinionTrainingBenchmarks"/>.
/// </summary>
/// <remarks>dotnet run -c Release --project tests/bench/Benchmarks -- --filter '*SecondOpinionBenchmarks*' --job short</remarks>
[MemoryDiagnoser]
[MedianColumn]
public class SecondOpinionBenchmarks
{
    private SecondOpinion _opinion = null!;
    private Token[][] _messages = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var rules = TriageRules.Load(Path.Combine(RepoPaths.Knowledge, "red-flags.json"));
        _opinion = SecondOpinion.Load(rules, Path.Combine(RepoPaths.Knowledge, "triage-examples.tsv"));
        var path = Path.Combine(RepoPaths.Root, "tests", "BackPainBot.Triage.Tests", "Data", "triage-eval.tsv");
        _messages = [.. LabelledMessage.ParseTsv(File.ReadAllText(path))
            .Select(m => Tokenizer.Tokenize(m.Message))
            .Where(t => t.Length is >= 15 and <= 25)];
    }

    /// <summary>Mean cost of the second opinion on one typical message whose rules gave no flag.</summary>
    [Benchmark]
    public int Raise_TypicalMessage()
    {
        var tokens = _messages[_next];
        _next = (_next + 1) % _messages.Length;
        return _opinion.Raise(tokens, TriageLevel.None).Count;
    }
}
