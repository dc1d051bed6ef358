using BackPainBot.Testing;
using Npgsql;

namespace BackPainBot.Handoffs.Tests;

public sealed class PostgresDatabaseTests
{
    [Fact]
    public void Open_WithoutConnectionString_SaysWhichSettingIsMissing()
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresDatabase.Open(" "));
        Assert.Contains("Storage:ConnectionString", error.Message);
    }

    [Fact]
    public void Open_MalformedConnectionString_IsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresDatabase.Open("Hots=nowhere;;Bogus Key=1"));
        Assert.Contains("not a valid PostgreSQL connection string", error.Message);
    }

    [Fact]
    public void Open_UnreachableServer_StopsWithTheHostAndDatabaseNamed()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var error = Assert.Throws<InvalidOperationException>(() =>
            PostgresDatabase.Open("Host=127.0.0.1;Port=1;Database=clinic;Username=bot;Password=secret", TimeSpan.FromSeconds(2)));
        Assert.Contains("'clinic' on 127.0.0.1:1 cannot be reached", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [PostgresFact]
    public async Task Open_ErrorDetailAskedFor_StaysOff()
    {
        await using var test = PostgresTestDatabase.Create();

        // The detail of a failed insert lists the row's values: patient text must not reach exceptions or logs.
        await using var database = PostgresDatabase.Open(test.ConnectionString + ";Include Error Detail=true");

        Assert.False(new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString).IncludeErrorDetail);
    }

    [PostgresFact]
    public async Task Open_RepeatedStatements_ArePreparedOnTheServer()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var database = PostgresDatabase.Open(test.ConnectionString);
        await using var connection = await database.DataSource.OpenConnectionAsync();

        // A turn's statements run thousands of times an hour; after a few uses the server keeps them parsed and planned.
        for (var i = 0; i < 10; i++)
        {
            await using var command = new NpgsqlCommand("SELECT $1::int + 1", connection) { Parameters = { new() { Value = i } } };
            await command.ExecuteScalarAsync();
        }

        await using var prepared = new NpgsqlCommand("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::int + 1%'", connection);
        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task Open_PoolerThatCannotPrepare_OperatorTurnsItOff()
    {
        await using var test = PostgresTestDatabase.Create();

        // Behind a pooler in transaction mode prepared statements break; the connection string's setting wins.
        await using var database = PostgresDatabase.Open(test.ConnectionString + ";Max Auto Prepare=0");
        await using var connection = await database.DataSource.OpenConnectionAsync();
        for (var i = 0; i < 10; i++)
        {
            await using var command = new NpgsqlCommand("SELECT 41 + 1", connection);
            await command.ExecuteScalarAsync();
        }

        await using var prepared = new NpgsqlCommand("SELECT COUNT(*) FROM pg_prepared_statements", connection);
        Assert.Equal(0L, await prepared.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task PooledConnection_AbandonedTurn_LeavesNoLockOrSettingForTheNextBorrower()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var database = PostgresDatabase.Open(test.ConnectionString + ";Maximum Pool Size=1");

        // Connections go back to the pool without a reset; a turn that dies mid-transaction must still hand over a
        // clean session, or the next conversation on that connection would wait on a lock nobody holds.
        int processId;
        await using (var first = await database.DataSource.OpenConnectionAsync())
        {
            processId = first.ProcessID;
            await using var turn = new NpgsqlCommand(
                "BEGIN; SELECT set_config('lock_timeout', '5', true); SELECT pg_advisory_xact_lock(1, 2);", first);
            await turn.ExecuteNonQueryAsync();
        }

        await using var next = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(processId, next.ProcessID);
        await using var check = new NpgsqlCommand(
            "SELECT current_setting('lock_timeout'), (SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())",
            next);
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("0", reader.GetString(0));
        Assert.Equal(0L, reader.GetInt64(1));
    }

    [PostgresFact]
    public async Task Open_OperatorAsksForReset_SettingWins()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var defaults = PostgresDatabase.Open(test.ConnectionString);
        await using var reset = PostgresDatabase.Open(test.ConnectionString + ";No Reset On Close=false");

        Assert.True(new NpgsqlConnectionStringBuilder(defaults.DataSource.ConnectionString).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(reset.DataSource.ConnectionString).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(defaults.ListenerDataSource.ConnectionString).Pooling);
    }

    [PostgresFact]
    public async Task Migrate_AppliesEachComponentsSeriesOnce()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var database = PostgresDatabase.Open(test.ConnectionString);
        PostgresDatabase.Migration[] first = [new(1, "CREATE TABLE a (id int PRIMARY KEY);")];
        PostgresDatabase.Migration[] second = [.. first, new(2, "ALTER TABLE a ADD COLUMN name text;")];

        database.Migrate("alpha", first);
        database.Migrate("alpha", second);
        database.Migrate("alpha", second);
        database.Migrate("beta", [new(1, "CREATE TABLE b (id int PRIMARY KEY);")]);

        Assert.Equal([1, 2], await database.AppliedVersionsAsync("alpha"));
        Assert.Equal([1], await database.AppliedVersionsAsync("beta"));
        await using var insert = database.DataSource.CreateCommand("INSERT INTO a (id, name) VALUES (1, 'x')");
        Assert.Equal(1, await insert.ExecuteNonQueryAsync());
    }

    [PostgresFact]
    public async Task Migrate_ConcurrentInstances_RunEachMigrationOnce()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var one = PostgresDatabase.Open(test.ConnectionString);
        await using var two = PostgresDatabase.Open(test.ConnectionString);
        PostgresDatabase.Migration[] migrations = [new(1, "CREATE TABLE c (id int PRIMARY KEY);")];

        // Without the lock one of these fails with "relation c already exists".
        await Task.WhenAll(
            Task.Run(() => one.Migrate("gamma", migrations)),
            Task.Run(() => two.Migrate("gamma", migrations)));

        Assert.Equal([1], await one.AppliedVersionsAsync("gamma"));
    }

    [PostgresFact]
    public async Task Migrate_DatabaseFromANewerBuild_RefusesToStart()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var database = PostgresDatabase.Open(test.ConnectionString);
        database.Migrate("delta", [new(1, "SELECT 1;"), new(2, "SELECT 1;")]);

        var error = Assert.Throws<InvalidOperationException>(() => database.Migrate("delta", [new(1, "SELECT 1;")]));
        Assert.Contains("newer than this build supports", error.Message);
    }

    [PostgresFact]
    public async Task Migrate_FailingMigration_LeavesNothingHalfApplied()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var database = PostgresDatabase.Open(test.ConnectionString);

        Assert.Throws<PostgresException>(() => database.Migrate("epsilon",
        [
            new(1, "CREATE TABLE e (id int PRIMARY KEY);"),
            new(2, "ALTER TABLE missing ADD COLUMN x int;"),
        ]));

        Assert.Empty(await database.AppliedVersionsAsync("epsilon"));
        await using var exists = database.DataSource.CreateCommand("SELECT to_regclass('e') IS NULL");
        Assert.True((bool)(await exists.ExecuteScalarAsync())!);
    }
}
