using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs;

/// <summary>Small helpers shared by the SQLite stores that write inside a caller's transaction.</summary>
internal static class SqliteCommands
{
    /// <summary>Runs one statement in <paramref name="transaction"/>; a null parameter value binds as SQL NULL.</summary>
    public static async Task ExecuteAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string sql,
        (string Name, object? Value)[] parameters,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
