using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs;

/// <summary>
/// The <c>handoffs.db</c> file for stores that keep their tables beside the handoffs but live outside this assembly (the
/// host's Direct Line store): its connection string, its migrations (<see cref="SqliteMigrations"/>, one series for the
/// whole file) and connections with the settings every connection to it needs.
/// </summary>
public static class SqliteDatabase
{
    /// <summary>
    /// The connection string of <c>handoffs.db</c> in <paramref name="dataDirectory"/>, creating the folder; the same
    /// string the handoff store uses, so the two share one connection pool.
    /// </summary>
    /// <param name="dataDirectory">Absolute path; the caller resolves relative settings against its content root.</param>
    /// <exception cref="ArgumentException">The path is not absolute.</exception>
    public static string ForDataDirectory(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        if (!Path.IsPathFullyQualified(dataDirectory))
        {
            throw new ArgumentException(
                "The data directory must be an absolute path; resolve it against the content root first.", nameof(dataDirectory));
        }

        Directory.CreateDirectory(dataDirectory);
        return SqliteConnections.FileConnectionString(dataDirectory);
    }

    /// <summary>Creates the database if needed and brings its schema up to date (WAL journal, every migration).</summary>
    /// <exception cref="SqliteException">The database cannot be opened or migrated.</exception>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this build knows.</exception>
    public static void Migrate(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        using var connection = SqliteConnections.Open(connectionString);

        // As SqliteHandoffStore: WAL lets readers go on while a turn writes; it cannot change inside a transaction.
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }

        SqliteMigrations.Apply(connection);
    }

    /// <summary>An open connection with the per-connection settings (durable commits, waiting for a busy database).</summary>
    public static Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(connectionString, cancellationToken);
}
