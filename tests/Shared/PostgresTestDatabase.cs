using Npgsql;

namespace BackPainBot.Testing;

/// <summary>
/// Where the storage tests find PostgreSQL. <c>BACKPAINBOT_TEST_POSTGRES</c> holds a connection string for a role that
/// may create databases (<c>.ci/run</c> starts a throwaway server on 127.0.0.1 and sets it). Without it the
/// PostgreSQL variants of the storage tests are skipped with the reason; with <c>BACKPAINBOT_REQUIRE_POSTGRES=1</c>
/// (set by CI) they run regardless and fail when the server is missing, so CI cannot pass by skipping them.
/// </summary>
internal static class PostgresTestServer
{
    public const string ConnectionStringVariable = "BACKPAINBOT_TEST_POSTGRES";
    public const string RequireVariable = "BACKPAINBOT_REQUIRE_POSTGRES";

    public static string? AdminConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } value ? value : null;

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>
    /// For tests shared by both providers (a base class whose <c>[SkippableFact]</c>s run once per provider): skips the
    /// PostgreSQL run with the reason when no server is configured, and never in CI.
    /// </summary>
    public static void SkipIfUnavailable() => Xunit.Skip.If(SkipReason is not null, SkipReason);

    /// <summary>Why PostgreSQL tests are skipped here, or <c>null</c> when they run.</summary>
    public static string? SkipReason =>
        AdminConnectionString is null && !Required
            ? $"PostgreSQL not configured: set {ConnectionStringVariable} to a connection string of a role that can create databases (CI does)."
            : null;
}

/// <summary>A fact that needs PostgreSQL: skipped with the reason when none is configured (never in CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresFactAttribute : Xunit.FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresTestServer.SkipReason;
}

/// <summary>A theory that needs PostgreSQL: skipped with the reason when none is configured (never in CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresTheoryAttribute : Xunit.TheoryAttribute
{
    public PostgresTheoryAttribute() => Skip = PostgresTestServer.SkipReason;
}

/// <summary>
/// A fresh, empty PostgreSQL database for one test (or one test class), dropped on dispose, so tests never see each
/// other's rows and can run in parallel.
/// </summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable, IDisposable
{
    private readonly string _adminConnectionString;
    private bool _dropped;

    private PostgresTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database's name (<c>bpb_test_…</c>).</summary>
    public string Name { get; }

    /// <summary>Connection string of the new database, for the store under test.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the database.</summary>
    /// <exception cref="InvalidOperationException">No server is configured (only reached when CI requires one).</exception>
    public static PostgresTestDatabase Create()
    {
        var admin = PostgresTestServer.AdminConnectionString
            ?? throw new InvalidOperationException(
                $"{PostgresTestServer.RequireVariable}=1 but {PostgresTestServer.ConnectionStringVariable} is not set: CI must start PostgreSQL.");
        var name = "bpb_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgresTestDatabase(admin, name, builder.ConnectionString);
    }

    public void Dispose()
    {
        if (_dropped)
        {
            return;
        }

        _dropped = true;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_adminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
