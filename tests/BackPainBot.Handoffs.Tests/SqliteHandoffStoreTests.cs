using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs.Tests;

public sealed class SqliteHandoffStoreTests : IDisposable
{
    private readonly InMemoryDatabase _database = new();
    private readonly SqliteHandoffStore _store;

    public SqliteHandoffStoreTests()
    {
        _store = _database.CreateStore();
    }

    public void Dispose()
    {
        _store.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task SaveAsync_FullHandoff_RoundTripsEveryField()
    {
        var handoff = TestHandoffs.Full();

        await _store.SaveAsync(handoff);

        TestHandoffs.AssertSame(handoff, await _store.GetAsync(handoff.Id));
    }

    [Fact]
    public async Task SaveAsync_NoContactOrPreferredTime_RoundTripsNulls()
    {
        var handoff = TestHandoffs.Full() with { Contact = null, PreferredTime = null };

        await _store.SaveAsync(handoff);

        var loaded = await _store.GetAsync(handoff.Id);
        Assert.NotNull(loaded);
        Assert.Null(loaded.Contact);
        Assert.Null(loaded.PreferredTime);
    }

    [Fact]
    public async Task SaveAsync_PartialContact_KeepsMissingFieldsNull()
    {
        var handoff = TestHandoffs.Minimal() with { Contact = new ContactDetails(null, "0400 000 000", null) };

        await _store.SaveAsync(handoff);

        Assert.Equal(new ContactDetails(null, "0400 000 000", null), (await _store.GetAsync(handoff.Id))?.Contact);
    }

    [Fact]
    public async Task SaveAsync_EmptyLists_RoundTripAsEmpty()
    {
        var handoff = TestHandoffs.Minimal("none");

        await _store.SaveAsync(handoff);

        TestHandoffs.AssertSame(handoff, await _store.GetAsync(handoff.Id));
    }

    [Fact]
    public async Task SaveAsync_ExistingId_ReplacesRecordInPlace()
    {
        var original = TestHandoffs.Full() with { Status = HandoffStatus.New, Contact = null };
        await _store.SaveAsync(original);
        var updated = original with
        {
            Status = HandoffStatus.Booked,
            Contact = new ContactDetails("Sam", null, "sam@example.com"),
            UpdatedAt = original.UpdatedAt.AddHours(1),
        };

        await _store.SaveAsync(updated);

        TestHandoffs.AssertSame(updated, await _store.GetAsync(original.Id));
        Assert.Equal(1, _database.Scalar("SELECT COUNT(*) FROM handoffs"));
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        await _store.SaveAsync(TestHandoffs.Minimal());

        Assert.Null(await _store.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task ListAsync_MixedLevels_ReturnsMostUrgentFirstThenOldest()
    {
        var t = TestHandoffs.Monday9am;
        var routineOld = TestHandoffs.Minimal("routine", t);
        var noneOld = TestHandoffs.Minimal("none", t.AddMinutes(-30));
        var urgentNew = TestHandoffs.Minimal("urgent", t.AddMinutes(20));
        var emergencyNew = TestHandoffs.Minimal("emergency", t.AddMinutes(10));
        var emergencyOld = TestHandoffs.Minimal("emergency", t.AddMinutes(5));
        var urgentOld = TestHandoffs.Minimal("urgent", t.AddMinutes(1));
        foreach (var handoff in new[] { routineOld, noneOld, urgentNew, emergencyNew, emergencyOld, urgentOld })
        {
            await _store.SaveAsync(handoff);
        }

        var list = await _store.ListAsync();

        Assert.Equal(
            [emergencyOld.Id, emergencyNew.Id, urgentOld.Id, urgentNew.Id, routineOld.Id, noneOld.Id],
            list.Select(h => h.Id));
    }

    [Fact]
    public async Task ListAsync_SameLevelDifferentOffsets_OrdersByInstant()
    {
        // 09:00 in Sydney is 23:00 UTC the day before, so it is older than 08:00 UTC despite the later clock reading.
        var sydney = TestHandoffs.Minimal("urgent", new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(10)));
        var utc = TestHandoffs.Minimal("urgent", new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
        await _store.SaveAsync(utc);
        await _store.SaveAsync(sydney);

        var list = await _store.ListAsync();

        Assert.Equal([sydney.Id, utc.Id], list.Select(h => h.Id));
    }

    [Fact]
    public async Task ListAsync_Limit_ReturnsOnlyTheMostUrgent()
    {
        var t = TestHandoffs.Monday9am;
        var emergency = TestHandoffs.Minimal("emergency", t.AddMinutes(3));
        var urgent = TestHandoffs.Minimal("urgent", t);
        await _store.SaveAsync(TestHandoffs.Minimal("routine", t.AddMinutes(-5)));
        await _store.SaveAsync(urgent);
        await _store.SaveAsync(emergency);

        var list = await _store.ListAsync(limit: 2);

        Assert.Equal([emergency.Id, urgent.Id], list.Select(h => h.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ListAsync_NonPositiveLimit_Throws(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ListAsync(limit));
    }

    [Fact]
    public async Task ListAsync_EmptyStore_ReturnsEmpty()
    {
        Assert.Empty(await _store.ListAsync());
    }

    [Theory]
    [InlineData("critical")]
    [InlineData("Emergency")]
    [InlineData("")]
    public async Task SaveAsync_UnknownLevel_ThrowsAndStoresNothing(string level)
    {
        var handoff = TestHandoffs.Minimal() with { Level = level };

        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(handoff));

        Assert.Equal(0, _database.Scalar("SELECT COUNT(*) FROM handoffs"));
    }

    [Fact]
    public async Task SaveAsync_InsertFails_ThrowsAndLeavesNoRow()
    {
        await _store.SaveAsync(TestHandoffs.Minimal());
        _database.Execute("""
            CREATE TRIGGER fail_insert BEFORE INSERT ON handoffs
            BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END;
            """);

        await Assert.ThrowsAsync<SqliteException>(() => _store.SaveAsync(TestHandoffs.Full()));

        Assert.Equal(1, _database.Scalar("SELECT COUNT(*) FROM handoffs"));
    }

    [Fact]
    public async Task SaveAsync_UpdateFails_ThrowsAndKeepsPreviousVersion()
    {
        var original = TestHandoffs.Full();
        await _store.SaveAsync(original);
        _database.Execute("""
            CREATE TRIGGER fail_update BEFORE UPDATE ON handoffs
            BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END;
            """);

        await Assert.ThrowsAsync<SqliteException>(
            () => _store.SaveAsync(original with { Status = HandoffStatus.Closed, Contact = null }));

        TestHandoffs.AssertSame(original, await _store.GetAsync(original.Id));
    }

    [Fact]
    public async Task SaveAsync_Fails_ExceptionMessageHasNoPatientText()
    {
        _database.Execute("""
            CREATE TRIGGER fail_insert BEFORE INSERT ON handoffs
            BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END;
            """);
        var handoff = TestHandoffs.Full();

        var exception = await Assert.ThrowsAsync<SqliteException>(() => _store.SaveAsync(handoff));

        Assert.DoesNotContain("back hurts", exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(handoff.Contact!.Phone!, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_OpenedTwice_AppliesEachMigrationOnceAndKeepsData()
    {
        var handoff = TestHandoffs.Full();
        await _store.SaveAsync(handoff);

        using var reopened = _database.CreateStore();

        Assert.Equal(SqliteMigrations.All.Count, _database.Scalar("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(SqliteMigrations.LatestVersion, _database.Scalar("SELECT MAX(version) FROM schema_version"));
        TestHandoffs.AssertSame(handoff, await reopened.GetAsync(handoff.Id));
    }

    [Fact]
    public void Constructor_NewDatabase_CreatesQueueIndex()
    {
        Assert.Equal(
            1,
            _database.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_handoffs_queue'"));
    }

    [Fact]
    public void Constructor_SchemaNewerThanBuild_Throws()
    {
        _database.Execute(
            $"INSERT INTO schema_version (version, applied_at) VALUES ({SqliteMigrations.LatestVersion + 1}, 'later')");

        Assert.Throws<InvalidOperationException>(() => _database.CreateStore());
    }

    [Fact]
    public async Task SaveAsync_FiftyParallelSaves_StoresAll()
    {
        var handoffs = Enumerable.Range(0, 50)
            .Select(i => TestHandoffs.Full() with { CreatedAt = TestHandoffs.Monday9am.AddSeconds(i) })
            .ToList();

        await Task.WhenAll(handoffs.Select(h => Task.Run(() => _store.SaveAsync(h))));

        var list = await _store.ListAsync(limit: 100);
        Assert.Equal(handoffs.Select(h => h.Id), list.Select(h => h.Id));
    }
}
