using BackPainBot.Handoffs.Notifications;
using BackPainBot.Testing;
using Npgsql;

namespace BackPainBot.Handoffs.Tests;

/// <summary>
/// One provider's database for one test: the handoff store, the staff store and the outbox on it (opened as the host
/// opens them), raw SQL for checks, and simulated failures. The store tests are written once against this and run on
/// every provider.
/// </summary>
internal abstract class StoreDatabase : IDisposable
{
    /// <summary>The provider's handoff store; <see cref="Outbox"/> raises its notifications.</summary>
    public abstract IHandoffStore Handoffs { get; }

    public abstract IStaffStore Staff { get; }

    public abstract INotificationOutbox Outbox { get; }

    /// <summary>The finest time the provider keeps: a tick in SQLite's text, a microsecond in PostgreSQL's timestamptz.</summary>
    public abstract TimeSpan TimeResolution { get; }

    /// <summary>Runs SQL that both providers understand, outside the stores.</summary>
    public abstract void Execute(string sql);

    /// <summary>The first column of the first row, as a number.</summary>
    public abstract long Scalar(string sql);

    /// <summary>From now on every <paramref name="operation"/> (INSERT or UPDATE) on <paramref name="table"/> fails, as a full disk would.</summary>
    public abstract void FailWrites(string table, string operation);

    /// <summary>Another instance on the same database: its own handoff store and outbox, as a second process opens them.</summary>
    public abstract StoreInstance OpenInstance();

    public abstract void Dispose();
}

/// <summary>A handoff store and its outbox of one (simulated) bot instance.</summary>
internal sealed record StoreInstance(IHandoffStore Handoffs, INotificationOutbox Outbox, IDisposable Owner) : IDisposable
{
    public void Dispose() => Owner.Dispose();
}

/// <summary>A private in-memory SQLite database, as the tests of the default provider always used.</summary>
internal sealed class SqliteStoreDatabase : StoreDatabase
{
    private readonly InMemoryDatabase _database = new();
    private readonly SqliteHandoffStore _handoffs;

    public SqliteStoreDatabase()
    {
        _handoffs = _database.CreateStore();
        Staff = new SqliteStaffStore(_database.ConnectionString);
        Outbox = NotificationOutboxFactory.Create(_handoffs);
    }

    public override IHandoffStore Handoffs => _handoffs;

    public override IStaffStore Staff { get; }

    public override INotificationOutbox Outbox { get; }

    public override TimeSpan TimeResolution => TimeSpan.FromTicks(1);

    /// <summary>The SQLite database itself, for the SQLite-only tests.</summary>
    public InMemoryDatabase Database => _database;

    /// <summary>The concrete store, for the SQLite-only tests of its write queue and schema.</summary>
    public SqliteHandoffStore SqliteHandoffs => _handoffs;

    public override void Execute(string sql) => _database.Execute(sql);

    public override long Scalar(string sql) => _database.Scalar(sql);

    public override void FailWrites(string table, string operation) => _database.Execute($"""
        CREATE TRIGGER fail_{table}_{operation} BEFORE {operation} ON {table}
        BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END;
        """);

    public override StoreInstance OpenInstance()
    {
        var store = _database.CreateStore();
        return new StoreInstance(store, NotificationOutboxFactory.Create(store), store);
    }

    public override void Dispose()
    {
        _handoffs.Dispose();
        _database.Dispose();
    }
}

/// <summary>A fresh PostgreSQL database (<see cref="PostgresTestDatabase"/>) with the stores sharing one data source, as in the host.</summary>
internal sealed class PostgresStoreDatabase : StoreDatabase
{
    private readonly PostgresTestDatabase _test;
    private readonly PostgresDatabase _database;

    /// <summary>Creates the database; call <see cref="PostgresTestServer.SkipIfUnavailable"/> first.</summary>
    public PostgresStoreDatabase()
    {
        _test = PostgresTestDatabase.Create();
        try
        {
            _database = PostgresDatabase.Open(_test.ConnectionString);
            var options = new StorageOptions { Provider = HandoffStoreFactory.Postgres };
            Handoffs = HandoffStoreFactory.Create(options, Path.GetTempPath(), () => _database);
            Staff = StaffStoreFactory.Create(options, Path.GetTempPath(), () => _database);
            Outbox = NotificationOutboxFactory.Create(Handoffs);
        }
        catch
        {
            _database?.Dispose();
            _test.Dispose();
            throw;
        }
    }

    public override IHandoffStore Handoffs { get; }

    public override IStaffStore Staff { get; }

    public override INotificationOutbox Outbox { get; }

    public override TimeSpan TimeResolution => TimeSpan.FromMicroseconds(1);

    /// <summary>The shared database the stores use.</summary>
    public PostgresDatabase Database => _database;

    /// <summary>Connection string of the test database, for opening further instances.</summary>
    public string ConnectionString => _test.ConnectionString;

    public override void Execute(string sql)
    {
        using var command = _database.DataSource.CreateCommand(sql);
        command.ExecuteNonQuery();
    }

    public override long Scalar(string sql)
    {
        using var command = _database.DataSource.CreateCommand(sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override void FailWrites(string table, string operation) => Execute($"""
        CREATE OR REPLACE FUNCTION simulated_disk_failure() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'simulated disk failure'; END $$;
        CREATE TRIGGER fail_{table}_{operation} BEFORE {operation} ON {table}
        FOR EACH ROW EXECUTE FUNCTION simulated_disk_failure();
        """);

    public override StoreInstance OpenInstance()
    {
        // Its own data source, as another process has its own pool.
        var database = PostgresDatabase.Open(_test.ConnectionString);
        var store = new PostgresHandoffStore(database);
        return new StoreInstance(store, NotificationOutboxFactory.Create(store), database);
    }

    public override void Dispose()
    {
        _database.Dispose();
        _test.Dispose();
    }
}
