using System.Data.Common;
using System.Globalization;

namespace BackPainBot.DirectLine;

/// <summary>
/// Direct Line conversations in the database, the same SQL on SQLite and PostgreSQL; the providers differ only in how a
/// write transaction takes its lock, how idle conversations are deleted with their activities, and (PostgreSQL) how the
/// other instances are told. Bounded by <see cref="DirectLineOptions"/> as before: a cap on conversations, on activities
/// and bytes per conversation (oldest dropped first), and an idle timeout.
/// </summary>
/// <remarks>
/// <para>
/// An activity's number comes from its conversation's row: <c>UPDATE … SET next_number = next_number + 1 … RETURNING</c>
/// in the append's transaction. The row stays locked until the activity is committed, so appends to one conversation
/// from any number of instances take turns: numbers never collide, and number N+1 is never visible before N, so a client
/// reading from a watermark can never skip an activity still being written.
/// </para>
/// <para>
/// Sizes are counted as UTF-16 (two bytes a character), as they were in memory, so a limit means the same on every
/// provider.
/// </para>
/// </remarks>
internal abstract class SqlDirectLineStore : IDirectLineStore
{
    /// <summary>
    /// Reading marks a conversation as in use at most this often: polls and streams then write only now and then. The
    /// idle timeout is at least a minute, so a conversation is never forgotten more than this much early.
    /// </summary>
    internal static readonly TimeSpan TouchResolution = TimeSpan.FromSeconds(5);

    /// <summary>Marks the conversation as used now, unless it is idle already or was marked within <see cref="TouchResolution"/>.</summary>
    private const string TouchSql = """
        UPDATE directline_conversations SET last_active_ticks = @now
        WHERE id = @id AND last_active_ticks >= @cutoff AND last_active_ticks < @stale;
        """;

    private readonly DirectLineOptions _options;
    private readonly TimeProvider _clock;

    protected SqlDirectLineStore(DirectLineOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
    }

    /// <summary>The streams waiting in this process.</summary>
    protected ConversationSignals Signals { get; } = new();

    public async Task<ConversationStart> StartAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var (now, cutoff) = Times();
        var removed = new List<string>();
        ConversationStart result;
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var transaction = await BeginWriteAsync(connection, cancellationToken))
        {
            // One start at a time keeps the cap exact; starts are rare next to reads and appends.
            await LockStartsAsync(connection, transaction, cancellationToken);
            await using (var find = Command(connection, transaction, "SELECT last_active_ticks FROM directline_conversations WHERE id = @id;"))
            {
                Add(find, "@id", conversationId);
                if (await find.ExecuteScalarAsync(cancellationToken) is { } lastActive and not DBNull)
                {
                    if (Convert.ToInt64(lastActive, CultureInfo.InvariantCulture) >= cutoff)
                    {
                        return ConversationStart.AlreadyExists;
                    }

                    removed.AddRange(await DeleteIdleAsync(connection, transaction, conversationId, cutoff, cancellationToken));
                }
            }

            long count;
            await using (var countAll = Command(connection, transaction, "SELECT COUNT(*) FROM directline_conversations;"))
            {
                count = Convert.ToInt64(await countAll.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            if (count >= _options.MaxConversations)
            {
                var idle = await DeleteIdleAsync(connection, transaction, conversationId: null, cutoff, cancellationToken);
                removed.AddRange(idle);
                count -= idle.Count;
            }

            result = ConversationStart.Full;
            if (count < _options.MaxConversations)
            {
                await using var insert = Command(connection, transaction, """
                    INSERT INTO directline_conversations (id, user_id, next_number, first_number, bytes, last_active_ticks)
                    VALUES (@id, @userId, 0, 0, 0, @now);
                    """);
                Add(insert, "@id", conversationId);
                Add(insert, "@userId", userId);
                Add(insert, "@now", now);
                await insert.ExecuteNonQueryAsync(cancellationToken);
                result = ConversationStart.Created;
            }

            await AnnounceAsync(connection, transaction, removed, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        Signals.Signal(removed);
        return result;
    }

    public async Task<DirectLineConversation?> TouchAsync(string conversationId, CancellationToken cancellationToken)
    {
        var (now, cutoff) = Times();
        string? userId = null;
        var idle = false;
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var command = Command(connection, null, TouchSql + """
            SELECT user_id, last_active_ticks FROM directline_conversations WHERE id = @id;
            """))
        {
            AddTouch(command, conversationId, now, cutoff);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                userId = reader.GetString(0);
                idle = reader.GetInt64(1) < cutoff;
            }
        }

        if (userId is null)
        {
            return null;
        }

        if (idle)
        {
            await RemoveIdleAsync(conversationId, cutoff, cancellationToken);
            return null;
        }

        return new DirectLineConversation(conversationId, userId);
    }

    public async Task<string?> AppendAsync(string conversationId, Func<string, string> render, CancellationToken cancellationToken)
    {
        var (now, cutoff) = Times();
        string activityId;
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var transaction = await BeginWriteAsync(connection, cancellationToken))
        {
            long number, first, bytes;
            await using (var next = Command(connection, transaction, """
                UPDATE directline_conversations SET next_number = next_number + 1, last_active_ticks = @now
                WHERE id = @id AND last_active_ticks >= @cutoff
                RETURNING next_number - 1, first_number, bytes;
                """))
            {
                Add(next, "@id", conversationId);
                Add(next, "@now", now);
                Add(next, "@cutoff", cutoff);
                await using var reader = await next.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    // Unknown, or idle: then it is removed on the way, as if the sweep had run.
                    await reader.DisposeAsync();
                    await transaction.RollbackAsync(cancellationToken);
                    await RemoveIdleAsync(conversationId, cutoff, cancellationToken);
                    return null;
                }

                (number, first, bytes) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            activityId = ActivityId(conversationId, number);
            var json = render(activityId);
            var keptCount = number - first + 1;
            var keptBytes = bytes + SizeOf(json);
            var keepFrom = first;
            if (keptCount > _options.MaxActivitiesPerConversation || (keptBytes > _options.MaxConversationBytes && keptCount > 1))
            {
                // The oldest go first until the rest fits; the new activity always stays.
                await using var oldest = Command(connection, transaction, """
                    SELECT number, size FROM directline_activities
                    WHERE conversation_id = @id AND number < @number
                    ORDER BY number;
                    """);
                Add(oldest, "@id", conversationId);
                Add(oldest, "@number", number);
                await using var reader = await oldest.ExecuteReaderAsync(cancellationToken);
                while ((keptCount > _options.MaxActivitiesPerConversation || (keptBytes > _options.MaxConversationBytes && keptCount > 1))
                       && await reader.ReadAsync(cancellationToken))
                {
                    keptBytes -= reader.GetInt64(1);
                    keptCount--;
                    keepFrom = reader.GetInt64(0) + 1;
                }
            }

            await using (var write = Command(connection, transaction, """
                INSERT INTO directline_activities (conversation_id, number, size, body) VALUES (@id, @number, @size, @body);
                DELETE FROM directline_activities WHERE conversation_id = @id AND number < @keepFrom;
                UPDATE directline_conversations SET first_number = @keepFrom, bytes = @bytes WHERE id = @id;
                """))
            {
                Add(write, "@id", conversationId);
                Add(write, "@number", number);
                Add(write, "@size", SizeOf(json));
                Add(write, "@body", json);
                Add(write, "@keepFrom", keepFrom);
                Add(write, "@bytes", keptBytes);
                await write.ExecuteNonQueryAsync(cancellationToken);
            }

            await AnnounceAsync(connection, transaction, [conversationId], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        Signals.Signal(conversationId);
        return activityId;
    }

    public async Task<ActivityPage?> ReadAsync(string conversationId, long? watermark, int max, CancellationToken cancellationToken)
    {
        var (now, cutoff) = Times();
        long nextNumber;
        var activities = new List<string>();
        long? last = null;
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var command = Command(connection, null, TouchSql + """
            SELECT next_number, last_active_ticks FROM directline_conversations WHERE id = @id;
            SELECT number, body FROM directline_activities
            WHERE conversation_id = @id AND number > @after
            ORDER BY number
            LIMIT @max;
            """))
        {
            AddTouch(command, conversationId, now, cutoff);
            Add(command, "@after", watermark ?? -1);
            Add(command, "@max", max);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            nextNumber = reader.GetInt64(0);
            if (reader.GetInt64(1) < cutoff)
            {
                await reader.DisposeAsync();
                await RemoveIdleAsync(conversationId, cutoff, cancellationToken);
                return null;
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                last = reader.GetInt64(0);
                activities.Add(reader.GetString(1));
            }
        }

        return last is { } lastNumber
            ? new ActivityPage(activities, lastNumber)
            : new ActivityPage([], watermark ?? (nextNumber > 0 ? nextNumber - 1 : null));
    }

    public async Task<bool> WaitForActivitiesAsync(string conversationId, long? watermark, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Registered before reading, so an activity committed after the read still wakes this waiter.
            using var registration = Signals.Register(conversationId);
            var (_, cutoff) = Times();
            await using (var connection = await OpenAsync(cancellationToken))
            await using (var command = Command(connection, null, "SELECT next_number, last_active_ticks FROM directline_conversations WHERE id = @id;"))
            {
                Add(command, "@id", conversationId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken) || reader.GetInt64(1) < cutoff)
                {
                    return false;
                }

                var nextNumber = reader.GetInt64(0);
                if (nextNumber > 0 && (watermark is null || nextNumber - 1 > watermark))
                {
                    return true;
                }
            }

            await registration.Changed.WaitAsync(cancellationToken);
        }
    }

    public async Task<int> RemoveIdleAsync(CancellationToken cancellationToken)
    {
        var (_, cutoff) = Times();
        return (await RemoveIdleAsync(conversationId: null, cutoff, cancellationToken)).Count;
    }

    /// <summary>An open connection.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A transaction that holds the write lock from its first statement (SQLite: <c>BEGIN IMMEDIATE</c>).</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Makes starts wait for each other across processes, when the write transaction alone does not.</summary>
    protected virtual Task LockStartsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// The statement that deletes the conversations matching <paramref name="idle"/> (a condition on
    /// <c>directline_conversations</c> with the parameters <c>@cutoff</c> and, for one conversation, <c>@id</c>) and their
    /// activities, returning the conversations' ids.
    /// </summary>
    protected abstract string DeleteIdleSql(string idle);

    /// <summary>Tells other processes, when the transaction commits, that these conversations changed.</summary>
    protected virtual Task AnnounceAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> conversationIds, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    protected static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    internal static string ActivityId(string conversationId, long number) =>
        conversationId + "|" + number.ToString("D7", CultureInfo.InvariantCulture);

    // Strings are UTF-16 in memory; see the remarks.
    private static long SizeOf(string json) => json.Length * 2L;

    private static void AddTouch(DbCommand command, string conversationId, long now, long cutoff)
    {
        Add(command, "@id", conversationId);
        Add(command, "@now", now);
        Add(command, "@cutoff", cutoff);
        Add(command, "@stale", now - TouchResolution.Ticks);
    }

    /// <summary>
    /// Deletes the conversations idle since before <paramref name="cutoffTicks"/> (only <paramref name="conversationId"/>
    /// when given) and their activities; returns their ids.
    /// </summary>
    private async Task<List<string>> DeleteIdleAsync(
        DbConnection connection, DbTransaction transaction, string? conversationId, long cutoffTicks, CancellationToken cancellationToken)
    {
        var idle = conversationId is null ? "last_active_ticks < @cutoff" : "id = @id AND last_active_ticks < @cutoff";
        await using var command = Command(connection, transaction, DeleteIdleSql(idle));
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

    private async Task<List<string>> RemoveIdleAsync(string? conversationId, long cutoff, CancellationToken cancellationToken)
    {
        List<string> removed;
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var transaction = await BeginWriteAsync(connection, cancellationToken))
        {
            removed = await DeleteIdleAsync(connection, transaction, conversationId, cutoff, cancellationToken);
            await AnnounceAsync(connection, transaction, removed, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        Signals.Signal(removed);
        return removed;
    }

    /// <summary>Now, and the last-use time before which a conversation is idle, in UTC ticks.</summary>
    private (long Now, long Cutoff) Times()
    {
        var now = _clock.GetUtcNow().UtcTicks;
        return (now, now - _options.IdleTimeout.Ticks);
    }
}
