using BackPainBot.Handoffs.Notifications;
using BackPainBot.Testing;
using Npgsql;

namespace BackPainBot.Handoffs.Tests;

/// <summary>
/// The shared handoff store tests on PostgreSQL, and what only PostgreSQL has: its per-component migrations, its column
/// types, a connection that dies mid-save, and several instances saving at once.
/// </summary>
public sealed class PostgresHandoffStoreTests : HandoffStoreTests
{
    private PostgresStoreDatabase Postgres => (PostgresStoreDatabase)Database;

    private protected override StoreDatabase Open()
    {
        PostgresTestServer.SkipIfUnavailable();
        return new PostgresStoreDatabase();
    }

    [SkippableFact]
    public async Task Constructor_OpenedTwice_AppliesEachComponentsMigrationsOnceAndKeepsData()
    {
        var handoff = TestHandoffs.Full();
        await Store.SaveAsync(handoff);

        var reopened = new PostgresHandoffStore(Postgres.Database);
        _ = new PostgresStaffStore(Postgres.Database);

        Assert.Equal([1, 2], await Postgres.Database.AppliedVersionsAsync(PostgresMigrations.HandoffsComponent));
        Assert.Equal([1, 2], await Postgres.Database.AppliedVersionsAsync(PostgresMigrations.StaffComponent));
        Assert.Equal([1], await Postgres.Database.AppliedVersionsAsync(PostgresMigrations.NotificationsComponent));
        TestHandoffs.AssertSame(handoff, await reopened.GetAsync(handoff.Id), Postgres.TimeResolution);
    }

    [SkippableFact]
    public async Task Constructor_HandoffsFromVersion1_AddsTheTimePreferenceAndOldHandoffsSayNothingAboutTheTime()
    {
        // The database as the previous build left it: handoffs at version 1, without the column, and a handoff in it.
        var old = TestHandoffs.Minimal();
        await Store.SaveAsync(old);
        Postgres.Execute($"""
            ALTER TABLE handoffs DROP COLUMN time_preference;
            DELETE FROM schema_migrations WHERE component = '{PostgresMigrations.HandoffsComponent}' AND version = 2;
            """);

        var upgraded = new PostgresHandoffStore(Postgres.Database);
        var fresh = TestHandoffs.Minimal() with { TimePreference = TimePreferences.NoPreference };
        await upgraded.SaveAsync(fresh);

        Assert.Equal([1, 2], await Postgres.Database.AppliedVersionsAsync(PostgresMigrations.HandoffsComponent));
        Assert.Null((await upgraded.GetAsync(old.Id))!.TimePreference);
        Assert.Equal(TimePreferences.NoPreference, (await upgraded.GetAsync(fresh.Id))!.TimePreference);
    }

    [SkippableFact]
    public void Constructor_SchemaNewerThanBuild_Throws()
    {
        _ = Store;
        Postgres.Execute(
            $"INSERT INTO schema_migrations (component, version) VALUES ('{PostgresMigrations.HandoffsComponent}', {PostgresMigrations.Handoffs.Count + 1});");

        var error = Assert.Throws<InvalidOperationException>(() => new PostgresHandoffStore(Postgres.Database));
        Assert.Contains("newer than this build supports", error.Message);
    }

    [SkippableTheory]
    [InlineData("handoffs", "id", "uuid")]
    [InlineData("handoffs", "created_at", "timestamp with time zone")]
    [InlineData("handoff_events", "id", "bigint")]
    [InlineData("notification_outbox", "next_attempt_at", "timestamp with time zone")]
    [InlineData("notification_destinations", "enabled", "boolean")]
    public async Task Constructor_NewDatabase_UsesPostgresTypes(string table, string column, string type)
    {
        _ = Store;
        await using var command = Postgres.Database.DataSource.CreateCommand(
            "SELECT data_type FROM information_schema.columns WHERE table_name = @table AND column_name = @column;");
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("column", column);

        Assert.Equal(type, await command.ExecuteScalarAsync());
    }

    [SkippableFact]
    public void Constructor_NewDatabase_CreatesQueueIndex()
    {
        Assert.Equal(1, Postgres.Scalar("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'ix_handoffs_queue'"));
    }

    [SkippableFact]
    public async Task SaveAsync_UnstorableCharacters_KeptAsReplacementCharacters()
    {
        var handoff = TestHandoffs.Minimal() with { Question = "numb\0legs \uD83D and \uDE00, still 😣" };

        await Store.SaveAsync(handoff);

        Assert.Equal("numb\uFFFDlegs \uFFFD and \uFFFD, still 😣", (await Store.GetAsync(handoff.Id))!.Question);
    }

    [SkippableFact]
    public async Task SaveAsync_ConnectionLostMidSave_LeavesNoHandoffAndNoOutboxRow()
    {
        await Database.Outbox.SyncDestinationsAsync([new NotificationDestination("crm", NotificationDestinationKind.Webhook)], TestHandoffs.Monday9am);

        // The server ends the session after the outbox row is written and before the handoff row is: what a crash of
        // the bot, a failover or a network cut does to a save in flight.
        Postgres.Execute("""
            CREATE FUNCTION lose_connection() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); RETURN NEW; END $$;
            CREATE TRIGGER lose_connection BEFORE INSERT ON handoffs FOR EACH ROW EXECUTE FUNCTION lose_connection();
            """);
        var handoff = TestHandoffs.Minimal("emergency");

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Store.SaveAsync(handoff));

        Assert.Equal(0, Postgres.Scalar("SELECT COUNT(*) FROM handoffs"));
        Assert.Equal(0, Postgres.Scalar("SELECT COUNT(*) FROM notification_outbox"));

        // The pool drops the connection the server ended; the next save goes through whole.
        Postgres.Execute("DROP TRIGGER lose_connection ON handoffs;");
        await Store.SaveAsync(handoff);

        Assert.Equal(1, Postgres.Scalar("SELECT COUNT(*) FROM handoffs"));
        Assert.Equal(1, Postgres.Scalar("SELECT COUNT(*) FROM notification_outbox"));
    }

    [SkippableFact]
    public async Task SaveAsync_TwoInstancesSaveTheSameHandoffsAtOnce_EachStoredAndAnnouncedOnce()
    {
        await Database.Outbox.SyncDestinationsAsync(
            [new NotificationDestination("crm", NotificationDestinationKind.Webhook),
             new NotificationDestination("pager", NotificationDestinationKind.Webhook)],
            TestHandoffs.Monday9am);
        using var other = Database.OpenInstance();
        var handoffs = Enumerable.Range(0, 20).Select(_ => TestHandoffs.Minimal("urgent")).ToList();

        // A retried turn, or two turns of one conversation on two instances, saving the same handoff at the same moment.
        await Task.WhenAll(handoffs.SelectMany(h => new[]
        {
            Task.Run(() => Store.SaveAsync(h)),
            Task.Run(() => other.Handoffs.SaveAsync(h with { Level = "emergency" })),
        }));

        Assert.Equal(20, Postgres.Scalar("SELECT COUNT(*) FROM handoffs"));
        Assert.Equal(40, Postgres.Scalar("SELECT COUNT(*) FROM notification_outbox WHERE event = 'created'"));
        Assert.Equal(0, Postgres.Scalar("""
            SELECT COUNT(*) FROM (
                SELECT handoff_id, destination, event FROM notification_outbox
                GROUP BY handoff_id, destination, event HAVING COUNT(*) > 1) repeated
            """));
    }
}
