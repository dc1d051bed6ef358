using System.Data.Common;

namespace BackPainBot.Handoffs;

/// <summary>
/// How one provider's columns read back as the values the records hold, the only part of mapping a row that differs
/// between the providers: ids are text in SQLite and <c>uuid</c> in PostgreSQL; times are ISO 8601 text (with their
/// offset) in SQLite and <c>timestamptz</c> in PostgreSQL; instants kept for comparing (leases, next attempts) are UTC
/// ticks in SQLite and <c>timestamptz</c> in PostgreSQL.
/// </summary>
/// <param name="ReadId">A non-null id column.</param>
/// <param name="ReadTime">A non-null time column.</param>
/// <param name="ReadInstant">A non-null instant column, in UTC.</param>
internal sealed record StoreColumns(
    Func<DbDataReader, int, Guid> ReadId,
    Func<DbDataReader, int, DateTimeOffset> ReadTime,
    Func<DbDataReader, int, DateTimeOffset> ReadInstant)
{
    /// <summary>SQLite: ids as <c>D</c>-format text, times as round-trip text, instants as UTC ticks.</summary>
    public static StoreColumns Sqlite { get; } = new(
        (reader, ordinal) => Guid.ParseExact(reader.GetString(ordinal), "D"),
        (reader, ordinal) => SqliteCommands.ParseTime(reader.GetString(ordinal)),
        (reader, ordinal) => new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero));

    /// <summary>PostgreSQL: <c>uuid</c> ids, <c>timestamptz</c> times and instants, read in UTC.</summary>
    public static StoreColumns Postgres { get; } = new(
        (reader, ordinal) => reader.GetGuid(ordinal),
        PostgresCommands.ReadTime,
        PostgresCommands.ReadTime);

    /// <summary>A nullable time column.</summary>
    public DateTimeOffset? ReadNullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);
}

/// <summary>
/// Rows to records, written once for both providers. Each reader takes the columns in the order its summary names; the
/// providers' SQL selects them in that order.
/// </summary>
internal static class StoreRows
{
    /// <summary>Every row <paramref name="command"/> returns, mapped by <paramref name="read"/>.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(
        DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>A nullable text column.</summary>
    public static string? ReadNullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>
    /// The contact kept in three columns; a contact with no field set carries no information and reads back as none.
    /// </summary>
    public static ContactDetails? Contact(string? name, string? phone, string? email) =>
        name is null && phone is null && email is null ? null : new ContactDetails(name, phone, email);

    /// <summary>Columns: id, user_name, role, password_hash, security_stamp, disabled, created_at.</summary>
    public static StaffUser User(DbDataReader reader, StoreColumns columns) => new(
        columns.ReadId(reader, 0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetBoolean(5),
        columns.ReadTime(reader, 6));

    /// <summary>Columns: id, at, author, text.</summary>
    public static HandoffNote Note(DbDataReader reader, StoreColumns columns, Guid handoffId) =>
        new(reader.GetInt64(0), handoffId, columns.ReadTime(reader, 1), reader.GetString(2), reader.GetString(3));

    /// <summary>Columns: id, at, actor, kind, from_status, to_status, detail.</summary>
    public static HandoffEvent Event(DbDataReader reader, StoreColumns columns, Guid handoffId) => new(
        reader.GetInt64(0), handoffId, columns.ReadTime(reader, 1), reader.GetString(2), reader.GetString(3),
        ReadNullableString(reader, 4), ReadNullableString(reader, 5), ReadNullableString(reader, 6));

    /// <summary>Columns: at, viewer, via.</summary>
    public static TranscriptView View(DbDataReader reader, StoreColumns columns, Guid handoffId) =>
        new(handoffId, columns.ReadTime(reader, 0), reader.GetString(1), reader.GetString(2));
}
