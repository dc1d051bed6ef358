using BackPainBot.Triage;
using BenchmarkDotNet.Attributes;

namespace BackPainBot.Bench.Benchmarks;

/// <summary>
/// Triage runs on every message, so it must stay cheap: the target is a median under 50 µs for a typical 20-word
/// message. The entity extractor is measured apart, on messages with and without digits, because Recognizers.Text is
/// expensive and should only run when a cheap check says a number can matter.
/// </summary>
/// <remarks>dotnet run -c Release --project tests/bench/Benchmarks -- --filter '*TriageBenchmarks*' --job short</remarks>
[MemoryDiagnoser]
[MedianColumn]
public class TriageBenchmarks
{
    // Twenty words each, the length of a typical patient message.
    private const string PlainQuestion = "I run about three times a week on the trails and my lower back gets stiff afterwards, what stretches help most?";
    private const string RedFlag = "My lower back has hurt since Monday and now I can't really feel anything between my legs when I wipe.";
    private const string WithNumbers = "My lower back pain is about a 7 out of 10 after running 12 miles on the road this week.";
    private const string NoDigits = "My lower back pain gets worse after running on the road and I wonder whether my shoes are too old.";

    private static readonly string[] Conversation = ["my back hurts when I run", "what shoes should I buy?", "and my left leg feels weak", "both of them"];

    private TriageEngine _engine = null!;
    private EntityExtractor _extractor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = TriageEngine.Load(Path.Combine(RepoPaths.Root, "knowledge", "red-flags.json"));
        _extractor = new EntityExtractor(TimeProvider.System, new ClinicOptions());
    }

    [Benchmark(Baseline = true)]
    public TriageResult Assess_PlainQuestion() => _engine.Assess(PlainQuestion);

    [Benchmark]
    public TriageResult Assess_RedFlag() => _engine.Assess(RedFlag);

    [Benchmark]
    public TriageResult Assess_WithNumbers() => _engine.Assess(WithNumbers);

    [Benchmark]
    public TriageResult AssessConversation_FourMessages() => _engine.AssessConversation(Conversation);

    [Benchmark]
    public bool NeedsScreening_FourMessages() => _engine.NeedsScreening(Conversation);

    [Benchmark]
    public double? ExtractMiles_WithDigits() => _extractor.ExtractMiles(WithNumbers);

    [Benchmark]
    public double? ExtractMiles_NoDigits() => _extractor.ExtractMiles(NoDigits);

    [Benchmark]
    public TimeSpan? ExtractDuration_WithDigits() => _extractor.ExtractDuration(WithNumbers);

    [Benchmark]
    public TimeSpan? ExtractDuration_NoDigits() => _extractor.ExtractDuration(NoDigits);

    [Benchmark]
    public int? ExtractPainScore_WithDigits() => _extractor.ExtractPainScore(WithNumbers);

    [Benchmark]
    public int? ExtractPainScore_NoDigits() => _extractor.ExtractPainScore(NoDigits);
}
