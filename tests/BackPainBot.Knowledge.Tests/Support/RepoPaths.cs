namespace BackPainBot.Knowledge.Tests.Support;

/// <summary>Locates the repository's own knowledge folder, so tests run against what the clinic ships.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Knowledge => Path.Combine(Root, "knowledge");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BackPainBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BackPainBot.sln not found above " + AppContext.BaseDirectory);
    }
}
