namespace BackPainBot.Bench.Benchmarks;

/// <summary>Finds the repository's knowledge folder from wherever BenchmarkDotNet runs the benchmark process.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Knowledge => Path.Combine(Root, "knowledge");

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "BackPainBot.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("BackPainBot.sln not found; run from inside the repository.");
    }
}
