using System.Data.Common;
using BackPainBot.Handoffs;
using Microsoft.Data.Sqlite;

namespace BackPainBot.DirectLine;

/// <summary>
/// Direct Line conversations in the SQLite file beside the handoffs (<c>handoffs.db</c>, schema version 6): they
/// survive a restart. One process uses the file, so waiting streams are woken in-process.
/// </summary>
internal sealed class SqliteDirectLineStore : SqlDirectLineStore
{
    private readonly string _connectionString;

    /// <summary>Opens the store, creating and migrating the database if needed.</summary>
    /// <param name="connectionString">
    /// A Microsoft.Data.Sqlite connection string (<see cref="SqliteDatabase.ForDataDirectory"/>); for tests, a shared
    /// in-memory database kept alive by a connection the test holds open.
    /// </param>
    public SqliteDirectLineStore(string connectionString, DirectLineOptions options, TimeProvider clock)
        : base(options, clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        SqliteDatabase.Migrate(connectionString);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await SqliteDatabase.OpenAsync(_connectionString, cancellationToken);

    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // BEGIN IMMEDIATE: the write lock from the start, so two appends never both read the same next number.
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected override async Task<List<string>> DeleteIdleAsync(
        DbConnection connection, DbTransaction transaction, string? conversationId, long cutoffTicks, CancellationToken cancellationToken)
    {
        var which = conversationId is null ? "last_active_ticks < @cutoff" : "id = @id AND last_active_ticks < @cutoff";
        await using var command = Command(connection, transaction, $"""
            DELETE FROM directline_activities
            WHERE conversation_id IN (SELECT id FROM directline_conversations WHERE {which});
            DELETE FROM directline_conversations WHERE {which} RETURNING id;
            """);
        Add(command, "@cutoff", cutoffTicks);
        if (conversationId is not null)
        {
            Add(command, "@id", conversationId);
        }

        var removed = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            removed.Add(reader.GetString(0));
        }

        return removed;
    }
}
