using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs;

/// <summary>Connections to the handoff database with the settings every connection needs, for the stores beside <see cref="SqliteHandoffStore"/>.</summary>
internal static class SqliteConnections
{
    /// <summary>The connection string of <c>handoffs.db</c> in <paramref name="dataDirectory"/>, as <see cref="SqliteHandoffStore.OpenDataDirectory"/> makes it.</summary>
    public static string FileConnectionString(string dataDirectory) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDirectory, SqliteHandoffStore.DatabaseFileName),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
    }.ConnectionString;

    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Configure(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            Configure(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // As SqliteHandoffStore: a commit waits for the disk, and a busy database is waited for rather than failed.
    private static void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {SqliteHandoffStore.BusyTimeoutMilliseconds};";
        command.ExecuteNonQuery();
    }
}
