using BackPainBot.Conversation.Takeover;
using BackPainBot.Handoffs;
using Npgsql;

namespace BackPainBot.Staff;

/// <summary>
/// Pending takeover lines in the shared PostgreSQL database (component <c>takeover</c>): a staff member's message sent
/// through one instance reaches the conversation's transcript at the patient's next turn, whichever instance runs it.
/// Taking them deletes them in the same statement, so two turns never both add a line. Lines nobody took are deleted
/// once they are older than the bot's conversation state is kept (<c>Storage:ConversationIdleHours</c>): the handoff's
/// stored transcript has them regardless.
/// </summary>
internal sealed class PostgresPendingTakeoverLines : IPendingTakeoverLines
{
    public const string Component = "takeover";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _keepFor;

    public static IReadOnlyList<PostgresDatabase.Migration> Migrations { get; } =
    [
        new(1, """
            CREATE TABLE takeover_pending_lines (
                id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                conversation_id text        NOT NULL,
                said_at         timestamptz NOT NULL,
                speaker         text        NOT NULL,
                text            text        NOT NULL
            );
            CREATE INDEX ix_takeover_pending_lines_conversation ON takeover_pending_lines (conversation_id, id);
            CREATE INDEX ix_takeover_pending_lines_said_at ON takeover_pending_lines (said_at);
            """),
    ];

    /// <param name="keepFor">How long a line nobody took is kept.</param>
    public PostgresPendingTakeoverLines(PostgresDatabase database, TimeProvider clock, TimeSpan keepFor)
    {
        database.Migrate(Component, Migrations);
        _dataSource = database.DataSource;
        _clock = clock;
        _keepFor = keepFor;
    }

    public async Task AddAsync(string conversationId, TranscriptEntry entry, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO takeover_pending_lines (conversation_id, said_at, speaker, text) VALUES (@conversationId, @saidAt, @speaker, @text);
            DELETE FROM takeover_pending_lines
            WHERE conversation_id = @conversationId
              AND id NOT IN (SELECT id FROM takeover_pending_lines WHERE conversation_id = @conversationId ORDER BY id DESC LIMIT @max);
            DELETE FROM takeover_pending_lines WHERE said_at < @expired;
            """);
        command.Parameters.AddWithValue("conversationId", conversationId);
        command.Parameters.AddWithValue("saidAt", entry.Timestamp.ToUniversalTime());
        command.Parameters.AddWithValue("speaker", entry.From);
        command.Parameters.AddWithValue("text", entry.Text);
        command.Parameters.AddWithValue("max", IPendingTakeoverLines.MaxPerConversation);
        command.Parameters.AddWithValue("expired", (_clock.GetUtcNow() - _keepFor).ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TranscriptEntry>> TakeAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            DELETE FROM takeover_pending_lines WHERE conversation_id = @conversationId RETURNING id, said_at, speaker, text;
            """);
        command.Parameters.AddWithValue("conversationId", conversationId);
        var lines = new List<(long Id, TranscriptEntry Entry)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add((reader.GetInt64(0), new TranscriptEntry(reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3))));
        }

        return [.. lines.OrderBy(l => l.Entry.Timestamp).ThenBy(l => l.Id).Select(l => l.Entry)];
    }
}
