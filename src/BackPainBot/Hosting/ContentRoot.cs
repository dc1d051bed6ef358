using Microsoft.Extensions.Configuration;

namespace BackPainBot.Hosting;

/// <summary>
/// Finds the folder holding <c>appsettings.json</c> and <c>knowledge/</c>, so that
/// <c>dotnet run --project src/BackPainBot</c> works from any current directory.
/// </summary>
internal static class ContentRoot
{
    private const string SettingsFile = "appsettings.json";
    private const string KnowledgeFolder = "knowledge";

    /// <summary>
    /// The content root to use: an explicit <c>--contentRoot</c> (or <c>ASPNETCORE_CONTENTROOT</c>) wins; otherwise the
    /// nearest folder upward from the current directory, then from the program's folder, that has both markers.
    /// Null when none is found, leaving ASP.NET Core's default.
    /// </summary>
    public static string? Resolve(string[] args)
    {
        var explicitRoot = new ConfigurationBuilder()
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()["contentRoot"];
        if (!string.IsNullOrWhiteSpace(explicitRoot))
        {
            return Path.GetFullPath(explicitRoot);
        }

        return FindUpward(Directory.GetCurrentDirectory()) ?? FindUpward(AppContext.BaseDirectory);
    }

    private static string? FindUpward(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SettingsFile)) && Directory.Exists(Path.Combine(dir.FullName, KnowledgeFolder)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
