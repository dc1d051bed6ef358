namespace BackPainBot.Handoffs.State;

/// <summary>
/// Runs work on one conversation one piece at a time: the bot holds it for a whole turn, from reading the state to
/// saving it, so two turns of a conversation never start from the same state.
/// </summary>
public interface IConversationLock
{
    /// <summary>Waits until no one else holds <paramref name="key"/>, then holds it until the result is disposed.</summary>
    /// <exception cref="ConversationBusyException">Someone else held it for longer than the wait limit.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    ValueTask<IAsyncDisposable> AcquireAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>
/// A conversation stayed locked by another turn for longer than the wait limit (a turn stuck on something slow);
/// this turn did not run. The message names the key only.
/// </summary>
public sealed class ConversationBusyException(string key, TimeSpan waited, Exception? inner = null)
    : TimeoutException($"Another turn of '{key}' held it for longer than {waited.TotalSeconds:0.#} s; this turn did not run.", inner)
{
    /// <summary>The conversation's key.</summary>
    public string Key { get; } = key;
}

/// <summary>
/// The conversation lock of one process: a semaphore per key while anyone holds or waits for it, so memory follows the
/// conversations in progress, not all conversations seen. Enough for the <c>sqlite</c> provider (one instance); the
/// <c>postgres</c> one adds a database lock across instances (<see cref="PostgresConversationStateStore.AcquireAsync"/>).
/// </summary>
public sealed class InProcessConversationLock : IConversationLock
{
    /// <summary>Longest a turn waits for the turn ahead of it by default. Turns take milliseconds.</summary>
    public static readonly TimeSpan DefaultWaitLimit = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);
    private readonly TimeSpan _waitLimit;

    /// <param name="waitLimit">Longest to wait; <see cref="DefaultWaitLimit"/> when null.</param>
    public InProcessConversationLock(TimeSpan? waitLimit = null)
    {
        _waitLimit = waitLimit ?? DefaultWaitLimit;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_waitLimit, TimeSpan.Zero, nameof(waitLimit));
    }

    /// <summary>Keys held or waited for now; zero when idle.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_gates)
            {
                return _gates.Count;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> AcquireAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(key, out gate!))
            {
                gate = new Gate();
                _gates.Add(key, gate);
            }

            gate.Users++;
        }

        bool entered;
        try
        {
            entered = await gate.Semaphore.WaitAsync(_waitLimit, cancellationToken);
        }
        catch
        {
            Leave(key, gate);
            throw;
        }

        if (!entered)
        {
            Leave(key, gate);
            throw new ConversationBusyException(key, _waitLimit);
        }

        return new Holder(this, key, gate);
    }

    private void Leave(string key, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(key);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>Holders and waiters; guarded by the dictionary's lock.</summary>
        public int Users { get; set; }
    }

    private sealed class Holder(InProcessConversationLock owner, string key, Gate gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Semaphore.Release();
                owner.Leave(key, gate);
            }

            return ValueTask.CompletedTask;
        }
    }
}
