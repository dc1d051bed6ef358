using System.Data.Common;
using BackPainBot.Handoffs;
using Npgsql;

namespace BackPainBot.DirectLine;

/// <summary>
/// Direct Line conversations in the shared PostgreSQL database (component <c>directline</c>), for several instances
/// behind one address: a client may post to one instance and stream or poll from another. Every change is announced
/// with <c>NOTIFY directline</c> in its own transaction, the payload being the conversation id alone (never what was
/// said); each instance's listener wakes its local streams for that conversation, which read the database again. When
/// the listener reconnects, every local stream is woken, so nothing missed meanwhile is left unsent.
/// </summary>
internal sealed class PostgresDirectLineStore : SqlDirectLineStore, IDisposable
{
    /// <summary>The schema's component in <c>schema_migrations</c>.</summary>
    public const string Component = "directline";

    /// <summary>The NOTIFY channel; payload: a conversation id.</summary>
    public const string NotifyChannel = "directline";

    /// <summary>Advisory-lock key held while starting a conversation, so the cap on conversations holds across instances.</summary>
    private const long StartLockKey = 0x42_50_42_44_4C_53; // "BPBDLS"

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresNotifications _notifications;
    private readonly IDisposable _subscription;

    public static IReadOnlyList<PostgresDatabase.Migration> Migrations { get; } =
    [
        // Times are UTC ticks from the instances' clocks, as in SQLite, so both providers share their SQL. Activities
        // are kept as the JSON clients receive, as text: they are never queried inside.
        new(1, """
            CREATE TABLE directline_conversations (
                id                text   NOT NULL PRIMARY KEY,
                user_id           text   NOT NULL,
                next_number       bigint NOT NULL DEFAULT 0,
                first_number      bigint NOT NULL DEFAULT 0,
                bytes             bigint NOT NULL DEFAULT 0,
                last_active_ticks bigint NOT NULL
            );
            CREATE INDEX ix_directline_conversations_last_active ON directline_conversations (last_active_ticks);
            CREATE TABLE directline_activities (
                conversation_id text   NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
                number          bigint NOT NULL,
                size            bigint NOT NULL,
                body            text   NOT NULL,
                PRIMARY KEY (conversation_id, number)
            );
            """),
    ];

    /// <summary>Migrates the <c>directline</c> schema and starts listening for the other instances' changes.</summary>
    public PostgresDirectLineStore(PostgresDatabase database, PostgresNotifications notifications, DirectLineOptions options, TimeProvider clock)
        : base(options, clock)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(notifications);
        database.Migrate(Component, Migrations);
        _dataSource = database.DataSource;
        _notifications = notifications;
        _subscription = notifications.Subscribe(NotifyChannel, Signals.Signal, Signals.SignalAll);
    }

    public void Dispose() => _subscription.Dispose();

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // Read committed is enough: an append locks its conversation's row with its first statement.
        await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken);

    protected override async Task LockStartsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key);");
        Add(command, "@key", StartLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <remarks>
    /// Activities go with their conversation (ON DELETE CASCADE). SKIP LOCKED: when several instances sweep at once, each
    /// deletes the rows the others have not taken, and none waits for (or deadlocks with) another.
    /// </remarks>
    protected override string DeleteIdleSql(string idle) => $"""
        DELETE FROM directline_conversations
        WHERE id IN (SELECT id FROM directline_conversations WHERE {idle} FOR UPDATE SKIP LOCKED)
        RETURNING id;
        """;

    protected override Task AnnounceAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> conversationIds, CancellationToken cancellationToken) =>
        _notifications.NotifyAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, NotifyChannel, conversationIds, cancellationToken);
}
