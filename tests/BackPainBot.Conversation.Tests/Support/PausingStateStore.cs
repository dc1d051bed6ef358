using BackPainBot.Handoffs.State;

namespace BackPainBot.Conversation.Tests.Support;

/// <summary>
/// A state store that can hold a turn's save until told to go on, to stage the race two turns would otherwise win or
/// lose by timing alone.
/// </summary>
internal sealed class PausingStateStore(IConversationStateStore inner) : IConversationStateStore
{
    private Pause? _next;

    /// <summary>Holds the next write: <see cref="Pause.Reached"/> completes when it arrives, and it waits for <see cref="Pause.Release"/>.</summary>
    public Pause PauseNextWrite() => _next = new Pause();

    public Task<IReadOnlyDictionary<string, StoredState>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(keys, cancellationToken);

    public async Task<string> WriteAsync(string key, byte[] json, string? expectedETag, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _next, null) is { } pause)
        {
            pause.Arrive();
            await pause.Released;
        }

        return await inner.WriteAsync(key, json, expectedETag, cancellationToken);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(keys, cancellationToken);

    public Task<int> SweepAsync(CancellationToken cancellationToken = default) => inner.SweepAsync(cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public sealed class Pause
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        internal Task Released => _released.Task;

        public void Release() => _released.TrySetResult();

        internal void Arrive() => _reached.TrySetResult();
    }
}
