namespace BackPainBot.Testing;

/// <summary>
/// Finds the repository root (the folder holding BackPainBot.sln), so tests and benchmarks read the knowledge and data
/// files the clinic ships rather than copies in their output folders. Linked into each test project.
/// </summary>
internal static class RepoRoot
{
    /// <summary>The nearest folder upward from any of <paramref name="starts"/> (in order) that holds BackPainBot.sln.</summary>
    public static string Find(params string[] starts)
    {
        foreach (var start in starts.Length == 0 ? [AppContext.BaseDirectory] : starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "BackPainBot.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("BackPainBot.sln not found above " + string.Join(" or ", starts.DefaultIfEmpty(AppContext.BaseDirectory)));
    }
}
