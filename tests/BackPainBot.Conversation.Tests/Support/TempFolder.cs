using Microsoft.Data.Sqlite;

namespace BackPainBot.Conversation.Tests.Support;

/// <summary>An empty folder for a test's database file, deleted with it.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "backpainbot-state-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        // Pooled connections keep the file open.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A connection of a test still running; the temp folder is cleaned by the system.
        }
    }
}
