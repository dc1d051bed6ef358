using BackPainBot.Knowledge;
using BenchmarkDotNet.Attributes;

namespace BackPainBot.Bench.Benchmarks;

/// <summary>
/// The knowledge search a turn pays for (target: p50 under 100 µs for a typical question) and the index build at
/// start-up and on every hot reload (target: under 500 ms), on the repository's own knowledge folder.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SearchBenchmarks
{
    private KnowledgeIndex _index = null!;

    /// <summary>Questions of the kinds patients send: a plain tip question, a typo, a list request, a refusal.</summary>
    [Params(
        "How often should I replace my walking shoes?",
        "is runing on concrete bad for my lower back",
        "tips for walking without back pain",
        "how much ibuprofen can I take")]
    public string Question { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _index = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions());

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public SearchResult Search() => _index.Search(Question);
}

/// <summary>Building the index from the knowledge folder: what start-up and every hot reload cost.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class SearchIndexBuildBenchmarks
{
    private readonly KnowledgeOptions _options = new();

    [Benchmark]
    public int Build()
    {
        using var index = KnowledgeIndex.Load(RepoPaths.Knowledge, _options);
        return index.Sections.Count;
    }
}
