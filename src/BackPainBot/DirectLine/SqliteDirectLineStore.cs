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

    /// <remarks>Two statements: the activities first, then their conversations.</remarks>
    protected override string DeleteIdleSql(string idle) => $"""
        DELETE FROM directline_activities
        WHERE conversation_id IN (SELECT id FROM directline_conversations WHERE {idle});
        DELETE FROM directline_conversations WHERE {idle} RETURNING id;
        """;
}
