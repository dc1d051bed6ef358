using Npgsql;

namespace BackPainBot.Handoffs;

/// <summary>
/// The shared PostgreSQL database of the <c>postgres</c> storage provider: one pooled <see cref="NpgsqlDataSource"/> per
/// process, and versioned schema migrations kept per component (handoffs, staff, notifications, bot state, Direct
/// Line...), so each part of the bot owns its own numbered series and several instances starting together migrate once.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>Advisory-lock key taken while migrating, so two instances starting together never run a migration twice.</summary>
    private const long MigrationLockKey = 0x42_50_42_4D_49_47; // "BPBMIG"

    /// <summary>Statements each connection prepares for itself, unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 32;

    private PostgresDatabase(NpgsqlDataSource dataSource, NpgsqlDataSource listenerDataSource)
    {
        DataSource = dataSource;
        ListenerDataSource = listenerDataSource;
    }

    /// <summary>The pooled connections every PostgreSQL store of this process shares.</summary>
    /// <remarks>
    /// Pooled connections are not reset when they go back to the pool (<c>No Reset On Close</c>, unless the connection
    /// string sets it): no store leaves session state behind (settings and locks are transaction-scoped, and an open
    /// transaction is still rolled back), and the reset would cost the server seven statements on every turn.
    /// </remarks>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Unpooled connections for the LISTEN/NOTIFY listener, whose LISTENs are session state that must end with its
    /// connection rather than be handed to the next store that borrows it.
    /// </summary>
    public NpgsqlDataSource ListenerDataSource { get; }

    /// <summary>The database name, for messages (never the password).</summary>
    public string DatabaseName => new NpgsqlConnectionStringBuilder(DataSource.ConnectionString).Database ?? "";

    /// <summary>
    /// Opens the database named by <paramref name="connectionString"/> and checks it answers, so an unreachable database
    /// stops start-up with a clear message rather than failing the first patient's turn.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is empty or malformed.</exception>
    /// <exception cref="InvalidOperationException">The database cannot be reached or refuses the credentials.</exception>
    public static PostgresDatabase Open(string? connectionString, TimeSpan? connectTimeout = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                $"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)} is required when " +
                $"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)} is 'postgres' " +
                "(e.g. Host=127.0.0.1;Port=5432;Database=backpainbot;Username=backpainbot;Password=...).");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException(
                $"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)} is not a valid PostgreSQL connection string: {e.Message}");
        }

        if (connectTimeout is { } timeout)
        {
            builder.Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        }

        // A server error's detail can repeat the failing row (a patient's words); keep it out of exceptions and logs.
        builder.IncludeErrorDetail = false;

        // Every turn runs the same few statements: prepared once per connection, PostgreSQL stops parsing and planning
        // them each time. An operator behind a pooler that cannot keep prepared statements sets Max Auto Prepare=0.
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        var listenerBuilder = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false };

        // The stores leave no session state on a connection they return (see DataSource); skipping the reset saves the
        // server its seven statements per borrowed connection. The connection string can still ask for the reset.
        if (!Mentions(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        var database = new PostgresDatabase(dataSource, new NpgsqlDataSourceBuilder(listenerBuilder.ConnectionString).Build());
        try
        {
            using var connection = dataSource.OpenConnection();
            using var command = new NpgsqlCommand("SELECT 1", connection);
            command.ExecuteScalar();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            database.Dispose();
            throw new InvalidOperationException(
                $"The PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port} cannot be reached " +
                $"({e.GetType().Name}: {e.Message}). Check {StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)} " +
                "and that the server is running.",
                e);
        }

        return database;
    }

    /// <summary>One numbered schema change of a component. Append new ones; never edit a released one.</summary>
    public sealed record Migration(int Version, string Sql);

    /// <summary>
    /// Brings <paramref name="component"/>'s schema up to its latest migration, inside one transaction under an advisory
    /// lock; a no-op when it is already there.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database was migrated by a newer build of the bot.</exception>
    public void Migrate(string component, IReadOnlyList<Migration> migrations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        ArgumentNullException.ThrowIfNull(migrations);
        var latest = migrations.Count == 0 ? 0 : migrations.Max(m => m.Version);

        using var connection = DataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey});");
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                component  text        NOT NULL,
                version    integer     NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (component, version)
            );
            """);

        int current;
        using (var read = new NpgsqlCommand(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = @component;", connection, transaction))
        {
            read.Parameters.AddWithValue("component", component);
            current = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (current > latest)
        {
            throw new InvalidOperationException(
                $"The '{component}' schema in PostgreSQL database '{DatabaseName}' is at version {current}, newer than this " +
                $"build supports ({latest}). Upgrade the bot instead of running an older build against this database.");
        }

        foreach (var migration in migrations.Where(m => m.Version > current).OrderBy(m => m.Version))
        {
            Execute(connection, transaction, migration.Sql);
            using var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (component, version) VALUES (@component, @version);", connection, transaction);
            record.Parameters.AddWithValue("component", component);
            record.Parameters.AddWithValue("version", migration.Version);
            record.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The versions of <paramref name="component"/> applied so far, oldest first.</summary>
    public async Task<IReadOnlyList<int>> AppliedVersionsAsync(string component, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL;", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return [];
            }
        }

        await using var command = new NpgsqlCommand(
            "SELECT version FROM schema_migrations WHERE component = @component ORDER BY version;", connection);
        command.Parameters.AddWithValue("component", component);
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    /// <summary>Whether a query reaches the database within <paramref name="cancellationToken"/>; for readiness checks.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>Whether the connection string sets one of <paramref name="keys"/> (any case, any spacing Npgsql accepts).</summary>
    private static bool Mentions(string connectionString, params string[] keys)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(raw.ContainsKey);
    }

    public void Dispose()
    {
        DataSource.Dispose();
        ListenerDataSource.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await ListenerDataSource.DisposeAsync();
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
