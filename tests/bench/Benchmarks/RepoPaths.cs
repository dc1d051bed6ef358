namespace BackPainBot.Bench.Benchmarks;

/// <summary>Finds the repository's knowledge folder from wherever BenchmarkDotNet runs the benchmark process.</summary>
internal static class RepoPaths
{
    // BenchmarkDotNet runs the benchmark from a generated folder, so the working directory is tried first.
    public static string Root { get; } = BackPainBot.Testing.RepoRoot.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    public static string Knowledge => Path.Combine(Root, "knowledge");
}
