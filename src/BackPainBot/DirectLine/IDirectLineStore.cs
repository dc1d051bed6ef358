namespace BackPainBot.DirectLine;

/// <summary>How starting a conversation went.</summary>
public enum ConversationStart
{
    Created,
    AlreadyExists,

    /// <summary>The store holds as many conversations as it may; the client should try again later.</summary>
    Full,
}

/// <summary>A conversation as the endpoints need it: whose it is.</summary>
public sealed record DirectLineConversation(string Id, string UserId);

/// <summary>Activities after a watermark, as JSON text, and the watermark to ask from next time (null: none yet).</summary>
public sealed record ActivityPage(IReadOnlyList<string> Activities, long? Watermark);

/// <summary>
/// Where Direct Line conversations and their activities live. Activities are numbered per conversation from 0; an
/// activity's id is <c>{conversationId}|{number:D7}</c> and a watermark is the number of the last activity a client
/// has. Activities are kept as JSON text because they go out to clients as they are. In the database named by
/// <c>Storage:Provider</c>: <see cref="SqliteDirectLineStore"/> or, for several instances, <see cref="PostgresDirectLineStore"/>.
/// </summary>
public interface IDirectLineStore
{
    /// <summary>Starts a conversation owned by <paramref name="userId"/>.</summary>
    Task<ConversationStart> StartAsync(string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary>Finds a conversation and counts the call as use, or null when it is unknown or was idle too long.</summary>
    Task<DirectLineConversation?> TouchAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Numbers a new activity, asks <paramref name="render"/> for its JSON given its id, and keeps it, dropping the
    /// oldest activities past the conversation's limits. Returns the id, or null when the conversation is unknown.
    /// </summary>
    Task<string?> AppendAsync(string conversationId, Func<string, string> render, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> activities after <paramref name="watermark"/> (all kept ones when null); null when the conversation is unknown.</summary>
    Task<ActivityPage?> ReadAsync(string conversationId, long? watermark, int max, CancellationToken cancellationToken);

    /// <summary>Completes with true once the conversation has activities after <paramref name="watermark"/>, or with false once it is gone.</summary>
    Task<bool> WaitForActivitiesAsync(string conversationId, long? watermark, CancellationToken cancellationToken);

    /// <summary>Forgets conversations idle for longer than the idle timeout; returns how many.</summary>
    Task<int> RemoveIdleAsync(CancellationToken cancellationToken);
}
