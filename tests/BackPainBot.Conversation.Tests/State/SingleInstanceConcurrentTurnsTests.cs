using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Handoffs.State;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>
/// Concurrent turns on the in-memory store: one process, so both "instances" share the store and the lock, as two
/// requests of one conversation arriving together at a single bot do.
/// </summary>
public sealed class InMemoryConcurrentTurnsTests : ConcurrentTurnsContract
{
    private readonly IConversationStateStore _store = new InMemoryConversationStateStore(TimeProvider.System, TimeSpan.FromHours(24));
    private readonly InProcessConversationLock _lock = new();

    protected override Task<IConversationStateStore> StartStoreAsync() => Task.FromResult(_store);

    protected override IConversationLock LockOfLastInstance() => _lock;
}

/// <summary>Concurrent turns on the SQLite provider (single instance): one store and one lock shared by the process.</summary>
public sealed class SqliteConcurrentTurnsTests : ConcurrentTurnsContract, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly InProcessConversationLock _lock = new();
    private SqliteConversationStateStore? _store;

    public void Dispose() => _folder.Dispose();

    protected override Task<IConversationStateStore> StartStoreAsync()
    {
        _store ??= Track(SqliteConversationStateStore.OpenDataDirectory(_folder.Path, TimeProvider.System, TimeSpan.FromHours(24)));
        return Task.FromResult<IConversationStateStore>(_store);
    }

    protected override IConversationLock LockOfLastInstance() => _lock;
}
