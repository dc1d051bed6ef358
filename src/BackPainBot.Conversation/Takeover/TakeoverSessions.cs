using System.Collections.Concurrent;
using BackPainBot.Handoffs;

namespace BackPainBot.Conversation.Takeover;

/// <summary>A member of staff talking to the patient in the patient's own conversation.</summary>
/// <param name="StaffName">The staff account, as patients and colleagues see it.</param>
public sealed record TakeoverSession(Guid HandoffId, string ConversationId, string StaffName, DateTimeOffset Since);

/// <summary>
/// Shows the console what is said while staff have the conversation. The host's implementation pushes it to the
/// signed-in consoles; it never logs the text.
/// </summary>
public interface ITakeoverListener
{
    /// <summary>An entry was added to the handoff's transcript during a takeover.</summary>
    Task TranscriptAddedAsync(Guid handoffId, TranscriptEntry entry, CancellationToken cancellationToken);

    /// <summary>A takeover started or ended.</summary>
    Task TakeoverChangedAsync(Guid handoffId, CancellationToken cancellationToken);
}

/// <summary>
/// Lines said during a takeover outside the patient's turns (staff messages, joined and left notices), kept until the
/// conversation's next turn takes them into its own transcript. In memory for one instance
/// (<see cref="InMemoryPendingLines"/>); in the shared database when the next turn may run on another instance.
/// </summary>
public interface IPendingTakeoverLines
{
    /// <summary>Most lines kept per conversation; older ones are in the handoff's stored transcript already.</summary>
    const int MaxPerConversation = 100;

    /// <summary>Keeps a line for the conversation's next turn.</summary>
    Task AddAsync(string conversationId, TranscriptEntry entry, CancellationToken cancellationToken);

    /// <summary>The lines kept for the conversation, oldest first, now taken: a second call returns none.</summary>
    Task<IReadOnlyList<TranscriptEntry>> TakeAsync(string conversationId, CancellationToken cancellationToken);
}

/// <summary>Pending takeover lines in this process's memory: enough when every turn runs in this process.</summary>
public sealed class InMemoryPendingLines : IPendingTakeoverLines
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TranscriptEntry>> _pending = new(StringComparer.Ordinal);

    public Task AddAsync(string conversationId, TranscriptEntry entry, CancellationToken cancellationToken)
    {
        var queue = _pending.GetOrAdd(conversationId, _ => new ConcurrentQueue<TranscriptEntry>());
        queue.Enqueue(entry);
        while (queue.Count > IPendingTakeoverLines.MaxPerConversation && queue.TryDequeue(out _))
        {
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TranscriptEntry>> TakeAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TranscriptEntry>>(
            _pending.TryRemove(conversationId, out var queue) ? [.. queue.OrderBy(e => e.Timestamp)] : []);
}

/// <summary>
/// The conversations staff have taken over, which the bot checks on every message to stay quiet. Lines said outside
/// the bot's turns (staff messages, joined and left notices) wait in <see cref="IPendingTakeoverLines"/> until the
/// patient's next turn adds them to the conversation's own transcript, so a later save of the handoff keeps them.
/// </summary>
/// <remarks>
/// The sessions themselves are this process's view of the <c>takeover_by</c> column the workflow stores; with several
/// instances the host keeps the views in step (a takeover started on one instance is known to the others within
/// moments).
/// </remarks>
public sealed class TakeoverSessions(IHandoffWorkflow workflow, ITakeoverListener listener, IPendingTakeoverLines? pending = null)
{
    private readonly ConcurrentDictionary<string, TakeoverSession> _byConversation = new(StringComparer.Ordinal);
    private readonly IPendingTakeoverLines _pending = pending ?? new InMemoryPendingLines();

    /// <summary>The live takeover of a conversation, or null while the bot has it.</summary>
    public TakeoverSession? Find(string conversationId) => _byConversation.GetValueOrDefault(conversationId);

    /// <summary>The live takeover of a handoff's conversation, or null.</summary>
    public TakeoverSession? FindByHandoff(Guid handoffId) => _byConversation.Values.FirstOrDefault(s => s.HandoffId == handoffId);

    /// <summary>Every live takeover.</summary>
    public IReadOnlyList<TakeoverSession> All => [.. _byConversation.Values];

    /// <summary>Starts a takeover; false when the conversation is already taken over.</summary>
    public bool TryStart(TakeoverSession session) => _byConversation.TryAdd(session.ConversationId, session);

    /// <summary>Ends a takeover; false when there was none.</summary>
    public bool TryEnd(TakeoverSession session) =>
        _byConversation.TryRemove(new KeyValuePair<string, TakeoverSession>(session.ConversationId, session));

    /// <summary>
    /// Adds a line said during a takeover: to the stored transcript when <paramref name="store"/> (false when the
    /// bot's own save of the handoff has it already), to the console, and for a line said outside the patient's turn
    /// (<paramref name="outsideTurn"/>) to the conversation's transcript at its next turn.
    /// </summary>
    public async Task AddAsync(TakeoverSession session, TranscriptEntry entry, bool store, bool outsideTurn, CancellationToken cancellationToken)
    {
        if (outsideTurn)
        {
            await _pending.AddAsync(session.ConversationId, entry, cancellationToken);
        }

        if (store)
        {
            await workflow.AppendTranscriptAsync(session.HandoffId, entry, cancellationToken);
        }

        await listener.TranscriptAddedAsync(session.HandoffId, entry, cancellationToken);
    }

    /// <summary>Tells the console a takeover started or ended.</summary>
    public Task ChangedAsync(Guid handoffId, CancellationToken cancellationToken) => listener.TakeoverChangedAsync(handoffId, cancellationToken);

    /// <summary>The lines said outside the conversation's turns since its last turn, oldest first, now taken.</summary>
    public Task<IReadOnlyList<TranscriptEntry>> TakePendingAsync(string conversationId, CancellationToken cancellationToken) =>
        _pending.TakeAsync(conversationId, cancellationToken);
}

/// <summary>A listener for hosts without a console (tests, commands).</summary>
public sealed class NullTakeoverListener : ITakeoverListener
{
    public static NullTakeoverListener Instance { get; } = new();

    public Task TranscriptAddedAsync(Guid handoffId, TranscriptEntry entry, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task TakeoverChangedAsync(Guid handoffId, CancellationToken cancellationToken) => Task.CompletedTask;
}
