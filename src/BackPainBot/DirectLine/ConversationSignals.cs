namespace BackPainBot.DirectLine;

/// <summary>
/// Wakes the streams waiting in this process for a conversation to change. A waiter registers before it reads the
/// database and waits on <see cref="Registration.Changed"/> after, so a change committed in between is never missed;
/// every signal wakes everyone registered at that moment, and they read the database again. Only conversations with a
/// waiter take memory.
/// </summary>
internal sealed class ConversationSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Waiters> _waiting = new(StringComparer.Ordinal);

    /// <summary>Conversations with someone waiting; for tests.</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Starts waiting for the next change of <paramref name="conversationId"/>; dispose it when done.</summary>
    public Registration Register(string conversationId)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(conversationId, out var waiters))
            {
                _waiting[conversationId] = waiters = new Waiters();
            }

            waiters.Count++;
            return new Registration(this, conversationId, waiters);
        }
    }

    /// <summary>Wakes everyone waiting for <paramref name="conversationId"/>.</summary>
    public void Signal(string conversationId)
    {
        Waiters? waiters;
        lock (_gate)
        {
            _waiting.Remove(conversationId, out waiters);
        }

        waiters?.Changed.TrySetResult();
    }

    public void Signal(IEnumerable<string> conversationIds)
    {
        foreach (var conversationId in conversationIds)
        {
            Signal(conversationId);
        }
    }

    /// <summary>Wakes every waiter, as when changes may have been missed.</summary>
    public void SignalAll()
    {
        Waiters[] all;
        lock (_gate)
        {
            all = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (var waiters in all)
        {
            waiters.Changed.TrySetResult();
        }
    }

    private void Release(string conversationId, Waiters waiters)
    {
        lock (_gate)
        {
            if (--waiters.Count == 0 && _waiting.TryGetValue(conversationId, out var current) && current == waiters)
            {
                _waiting.Remove(conversationId);
            }
        }
    }

    internal sealed class Waiters
    {
        public TaskCompletionSource Changed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }
    }

    /// <summary>One waiter's place in line.</summary>
    public sealed class Registration : IDisposable
    {
        private readonly ConversationSignals _owner;
        private readonly string _conversationId;
        private readonly Waiters _waiters;
        private bool _released;

        internal Registration(ConversationSignals owner, string conversationId, Waiters waiters)
        {
            _owner = owner;
            _conversationId = conversationId;
            _waiters = waiters;
        }

        /// <summary>Completes at the next signal for the conversation after <see cref="Register"/>.</summary>
        public Task Changed => _waiters.Changed.Task;

        public void Dispose()
        {
            if (!_released)
            {
                _released = true;
                _owner.Release(_conversationId, _waiters);
            }
        }
    }
}
