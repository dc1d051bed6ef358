namespace BackPainBot.Handoffs.Tests;

/// <summary>The shared handoff store tests on SQLite, and what only SQLite has: its schema_version table and indexes.</summary>
public sealed class SqliteHandoffStoreTests : HandoffStoreTests
{
    private SqliteStoreDatabase Sqlite => (SqliteStoreDatabase)Database;

    private protected override StoreDatabase Open() => new SqliteStoreDatabase();

    [Fact]
    public async Task Constructor_OpenedTwice_AppliesEachMigrationOnceAndKeepsData()
    {
        var handoff = TestHandoffs.Full();
        await Store.SaveAsync(handoff);

        using var reopened = Sqlite.Database.CreateStore();

        Assert.Equal(SqliteMigrations.All.Count, Sqlite.Scalar("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(SqliteMigrations.LatestVersion, Sqlite.Scalar("SELECT MAX(version) FROM schema_version"));
        TestHandoffs.AssertSame(handoff, await reopened.GetAsync(handoff.Id));
    }

    [Fact]
    public void Constructor_NewDatabase_CreatesQueueIndex()
    {
        Assert.Equal(
            1,
            Sqlite.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_handoffs_queue'"));
    }

    [Fact]
    public void Constructor_SchemaNewerThanBuild_Throws()
    {
        Sqlite.Execute(
            $"INSERT INTO schema_version (version, applied_at) VALUES ({SqliteMigrations.LatestVersion + 1}, 'later')");

        Assert.Throws<InvalidOperationException>(() => Sqlite.Database.CreateStore());
    }
}
