using BackPainBot.Handoffs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BackPainBot.Hosting;

/// <summary>
/// Healthy when the database answers a query: PostgreSQL through <see cref="PostgresDatabase.PingAsync"/>, SQLite by
/// reading the handoff database's schema over a read-only connection. Part of readiness, never of liveness: an instance
/// whose database is out should leave the load balancer's rotation, not be restarted.
/// </summary>
internal sealed class DatabaseHealthCheck(IServiceProvider services, IOptions<StorageOptions> storage, IHostEnvironment environment)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = storage.Value;
        if (HandoffStoreFactory.IsKnownProvider(options.Provider)
            && HandoffStoreFactory.ProviderOf(options) == HandoffStoreFactory.Postgres
            && services.GetService<PostgresDatabase>() is { } postgres)
        {
            return await postgres.PingAsync(cancellationToken)
                ? HealthCheckResult.Healthy("PostgreSQL answers.")
                : HealthCheckResult.Unhealthy("PostgreSQL cannot be reached.");
        }

        if (!string.Equals(options.Provider?.Trim(), HandoffStoreFactory.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return HealthCheckResult.Unhealthy($"No database is registered for storage provider '{options.Provider}'.");
        }

        // Not pooled: a pooled connection would keep answering from a file that has been deleted or unmounted.
        var file = Path.Combine(Path.GetFullPath(options.DataDirectory, environment.ContentRootPath), SqliteHandoffStore.DatabaseFileName);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master;";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("SQLite answers.");
        }
        catch (SqliteException ex)
        {
            // The code, not the message: it names the file's path.
            return HealthCheckResult.Unhealthy($"SQLite cannot be read (error {ex.SqliteErrorCode}).");
        }
    }
}
