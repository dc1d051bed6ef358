using System.Data.Common;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace BackPainBot.Handoffs;

/// <summary>
/// Typed parameters and small helpers shared by the PostgreSQL stores. Every parameter names its PostgreSQL type, so a
/// null binds as a typed NULL that PostgreSQL never has to guess, and every value reaches the server as a parameter,
/// never as SQL text.
/// </summary>
internal static class PostgresCommands
{
    /// <summary>Runs one statement, in <paramref name="transaction"/> when given; returns the rows it affected.</summary>
    public static async Task<int> ExecuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        CancellationToken cancellationToken,
        params NpgsqlParameter[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A command with its parameters, in <paramref name="transaction"/> when given.</summary>
    public static NpgsqlCommand Command(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>A statement of an <see cref="NpgsqlBatch"/>, with its parameters.</summary>
    public static NpgsqlBatchCommand BatchCommand(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>A <c>text</c> parameter; see <see cref="StorableText"/> for the characters PostgreSQL cannot keep.</summary>
    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = value is null ? DBNull.Value : StorableText(value) };

    /// <summary>A <c>uuid</c> parameter.</summary>
    public static NpgsqlParameter Uuid(string name, Guid value) => new(name, NpgsqlDbType.Uuid) { Value = value };

    /// <summary>A <c>uuid[]</c> parameter, for <c>= ANY(@ids)</c>: any number of ids in one query.</summary>
    public static NpgsqlParameter Uuids(string name, IEnumerable<Guid> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = values.ToArray() };

    /// <summary>A <c>timestamptz</c> parameter: the instant, in UTC (PostgreSQL keeps microseconds, not the offset).</summary>
    public static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } time ? time.UtcDateTime : DBNull.Value };

    /// <summary>
    /// A <c>smallint</c> parameter holding <paramref name="value"/>'s offset in minutes, so a time given in the clinic's
    /// zone reads back in that zone (<c>timestamptz</c> keeps the instant only).
    /// </summary>
    public static NpgsqlParameter Offset(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.Smallint) { Value = value is { } time ? (short)time.Offset.TotalMinutes : DBNull.Value };

    /// <summary>An <c>integer</c> parameter.</summary>
    public static NpgsqlParameter Integer(string name, int? value) =>
        new(name, NpgsqlDbType.Integer) { Value = value is { } number ? number : DBNull.Value };

    /// <summary>A <c>bigint</c> parameter.</summary>
    public static NpgsqlParameter Bigint(string name, long value) => new(name, NpgsqlDbType.Bigint) { Value = value };

    /// <summary>A <c>boolean</c> parameter.</summary>
    public static NpgsqlParameter Boolean(string name, bool value) => new(name, NpgsqlDbType.Boolean) { Value = value };

    /// <summary>The instant in a <c>timestamptz</c> column, in UTC.</summary>
    public static DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    /// <summary>A nullable <c>timestamptz</c> column, in UTC.</summary>
    public static DateTimeOffset? ReadNullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    /// <summary>A <c>timestamptz</c> column read back at the offset stored beside it (see <see cref="Offset"/>).</summary>
    public static DateTimeOffset ReadTime(DbDataReader reader, int ordinal, int offsetOrdinal) =>
        ReadTime(reader, ordinal).ToOffset(TimeSpan.FromMinutes(reader.GetInt16(offsetOrdinal)));

    /// <summary>A nullable text column.</summary>
    public static string? ReadNullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>
    /// <paramref name="value"/> with what PostgreSQL's <c>text</c> cannot hold replaced by U+FFFD: the NUL character, and
    /// a surrogate without its pair (which has no UTF-8 form). SQLite keeps both; here a patient who sends one must still
    /// have their handoff saved rather than see the save fail. JSON columns never need it: the serializer escapes both.
    /// </summary>
    public static string StorableText(string value)
    {
        var span = value.AsSpan();
        if (!span.Contains('\0') && !HasUnpairedSurrogate(span))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            // EnumerateRunes already yields U+FFFD for an unpaired surrogate.
            builder.Append(rune.Value == 0 ? '\uFFFD' : rune.ToString());
        }

        return builder.ToString();
    }

    private static bool HasUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
