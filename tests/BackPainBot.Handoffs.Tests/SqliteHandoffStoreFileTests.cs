namespace BackPainBot.Handoffs.Tests;

public sealed class SqliteHandoffStoreFileTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string DataDirectory => Path.Combine(_root.Path, "data");

    [Fact]
    public void OpenDataDirectory_MissingFolder_CreatesFolderAndDatabase()
    {
        Assert.False(Directory.Exists(DataDirectory));

        using var store = SqliteHandoffStore.OpenDataDirectory(DataDirectory);

        Assert.True(File.Exists(Path.Combine(DataDirectory, SqliteHandoffStore.DatabaseFileName)));
    }

    [Fact]
    public void OpenDataDirectory_RelativePath_Throws()
    {
        Assert.Throws<ArgumentException>(() => SqliteHandoffStore.OpenDataDirectory("data"));
    }

    [Fact]
    public async Task OpenDataDirectory_DatabaseFromSchemaVersion1_UpgradesAndKeepsHandoffsAsBookings()
    {
        Directory.CreateDirectory(DataDirectory);
        var file = Path.Combine(DataDirectory, SqliteHandoffStore.DatabaseFileName);
        var id = Guid.NewGuid();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteMigrations.All[0].Sql + $"""
                CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);
                INSERT INTO schema_version VALUES (1, 'then');
                INSERT INTO handoffs (id, conversation_id, channel, level, level_rank, status, created_at,
                    created_at_utc_ticks, updated_at)
                VALUES ('{id:D}', 'c1', 'webchat', 'routine', 1, 'new', '2026-01-01T00:00:00.0000000+00:00', 0,
                    '2026-01-01T00:00:00.0000000+00:00');
                """;
            command.ExecuteNonQuery();
        }

        using var store = SqliteHandoffStore.OpenDataDirectory(DataDirectory);

        var upgraded = await store.GetAsync(id);
        Assert.NotNull(upgraded);
        Assert.Equal(HandoffReason.Booking, upgraded.Reason);
        Assert.Null(upgraded.Question);
        Assert.Null(upgraded.TimePreference);
    }

    [Fact]
    public async Task OpenDataDirectory_DatabaseFromSchemaVersion6_AddsTheTimePreferenceAndOldHandoffsSayNothingAboutTheTime()
    {
        Directory.CreateDirectory(DataDirectory);
        var file = Path.Combine(DataDirectory, SqliteHandoffStore.DatabaseFileName);
        var oldId = Guid.NewGuid();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            // The schema and a handoff as the previous build (schema version 6) left them: no time_preference column.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);" +
                string.Concat(SqliteMigrations.All.Where(m => m.Version <= 6).Select(m =>
                    m.Sql + $"INSERT INTO schema_version VALUES ({m.Version}, 'then');")) +
                $"""
                INSERT INTO handoffs (id, conversation_id, channel, level, level_rank, status, created_at,
                    created_at_utc_ticks, updated_at, reason)
                VALUES ('{oldId:D}', 'c1', 'webchat', 'routine', 1, 'new', '2026-01-01T00:00:00.0000000+00:00', 0,
                    '2026-01-01T00:00:00.0000000+00:00', 'booking');
                """;
            command.ExecuteNonQuery();
        }

        using var store = SqliteHandoffStore.OpenDataDirectory(DataDirectory);
        var upgraded = await store.GetAsync(oldId);
        var fresh = TestHandoffs.Minimal() with { TimePreference = TimePreferences.AsSoonAsPossible };
        await store.SaveAsync(fresh);

        Assert.NotNull(upgraded);
        Assert.Null(upgraded.PreferredTime);
        Assert.Null(upgraded.TimePreference);
        Assert.Equal(TimePreferences.AsSoonAsPossible, (await store.GetAsync(fresh.Id))!.TimePreference);
    }

    [Fact]
    public async Task GetAsync_AfterReopening_ReturnsSavedHandoff()
    {
        var handoff = TestHandoffs.Full();
        using (var first = SqliteHandoffStore.OpenDataDirectory(DataDirectory))
        {
            await first.SaveAsync(handoff);
        }

        using var second = SqliteHandoffStore.OpenDataDirectory(DataDirectory);

        TestHandoffs.AssertSame(handoff, await second.GetAsync(handoff.Id));
    }

    [Fact]
    public async Task SaveAsync_FilesCopiedWhileStoreStillOpen_CopyContainsHandoff()
    {
        // Copying the files while the store's pooled connections are still open is what a killed process leaves
        // behind: only what SQLite has already written to the database and its WAL, nothing held in memory.
        var handoff = TestHandoffs.Full();
        using var store = SqliteHandoffStore.OpenDataDirectory(DataDirectory);
        await store.SaveAsync(handoff);
        var crashCopy = Path.Combine(_root.Path, "crash-copy");
        Directory.CreateDirectory(crashCopy);
        foreach (var suffix in new[] { "", "-wal" })
        {
            var source = Path.Combine(DataDirectory, SqliteHandoffStore.DatabaseFileName + suffix);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(crashCopy, SqliteHandoffStore.DatabaseFileName + suffix));
            }
        }

        using var recovered = SqliteHandoffStore.OpenDataDirectory(crashCopy);

        TestHandoffs.AssertSame(handoff, await recovered.GetAsync(handoff.Id));
    }

    [Fact]
    public void OpenConnection_FileDatabase_UsesWalWithFullSync()
    {
        using var store = SqliteHandoffStore.OpenDataDirectory(DataDirectory);
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();

        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(2L, command.ExecuteScalar());
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.Equal((long)SqliteHandoffStore.BusyTimeoutMilliseconds, command.ExecuteScalar());
    }

    [Fact]
    public async Task SaveAsync_FiftyParallelSavesToFile_StoresAll()
    {
        using var store = SqliteHandoffStore.OpenDataDirectory(DataDirectory);
        var handoffs = Enumerable.Range(0, 50)
            .Select(i => TestHandoffs.Full() with { CreatedAt = TestHandoffs.Monday9am.AddSeconds(i) })
            .ToList();

        await Task.WhenAll(handoffs.Select(h => Task.Run(() => store.SaveAsync(h))));

        var list = await store.ListAsync(limit: 100);
        Assert.Equal(handoffs.Select(h => h.Id), list.Select(h => h.Id));
    }
}
