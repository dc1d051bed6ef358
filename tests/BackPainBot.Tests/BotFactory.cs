using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackPainBot.Tests;

/// <summary>The real host on a test server, with its own empty data folder and, optionally, a staff API key.</summary>
public sealed class BotFactory : WebApplicationFactory<Program>
{
    public const string StaffKey = "test-staff-key-0123456789";

    private readonly string? _staffKey;

    public BotFactory(string? staffKey = StaffKey)
    {
        _staffKey = staffKey;
        DataDirectory = Path.Combine(Path.GetTempPath(), "backpainbot-tests-" + Guid.NewGuid().ToString("N"));
    }

    public string DataDirectory { get; }

    public static string RepoRoot { get; } = BackPainBot.Testing.RepoRoot.Find();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The repository root holds appsettings.json and knowledge/, as for `dotnet run`.
        builder.UseContentRoot(RepoRoot);
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Staff:ApiKey", _staffKey ?? "");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
