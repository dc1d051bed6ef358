using System.Globalization;
using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs;

/// <summary>Small helpers shared by the SQLite stores: statements inside a caller's transaction, and the stored time format.</summary>
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

    /// <summary>A time as SQLite keeps it: round-trip text, with its offset.</summary>
    public static string FormatTime(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A time written by <see cref="FormatTime"/>.</summary>
    public static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
