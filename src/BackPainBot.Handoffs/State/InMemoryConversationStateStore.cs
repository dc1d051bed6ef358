using System.Collections.Concurrent;

namespace BackPainBot.Handoffs.State;

/// <summary>
/// Conversation states in process memory only: for tests and tools that need no persistence. Same ETag and expiry rules
/// as the durable stores.
/// </summary>
public sealed class InMemoryConversationStateStore : IConversationStateStore
{
    private readonly ConcurrentDictionary<string, StoredState> _items = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly TimeSpan _idleLifetime;

    /// <param name="clock">Clock for write times and idle expiry.</param>
    /// <param name="idleLifetime">How long a state is kept after its last write.</param>
    public InMemoryConversationStateStore(TimeProvider clock, TimeSpan idleLifetime)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleLifetime, TimeSpan.Zero);
        _clock = clock;
        _idleLifetime = idleLifetime;
    }

    /// <summary>States held now, idle ones included until swept.</summary>
    public int Count => _items.Count;

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, StoredState>> ReadAsync(
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var cutoff = _clock.GetUtcNow() - _idleLifetime;
        var result = new Dictionary<string, StoredState>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (_items.TryGetValue(key, out var state) && state.UpdatedAt >= cutoff)
            {
                result[key] = state;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, StoredState>>(result);
    }

    /// <inheritdoc />
    public Task<string> WriteAsync(string key, byte[] json, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(json);
        var written = new StoredState(json, StateETags.New(), _clock.GetUtcNow());
        while (true)
        {
            if (!_items.TryGetValue(key, out var current))
            {
                if (_items.TryAdd(key, written))
                {
                    return Task.FromResult(written.ETag);
                }

                continue;
            }

            if (!StateETags.IsUnconditional(expectedETag) && current.ETag != expectedETag)
            {
                throw new StateConflictException(key);
            }

            // Compare-and-swap on the exact state checked, so two writers holding the same ETag cannot both succeed.
            if (_items.TryUpdate(key, written, current))
            {
                return Task.FromResult(written.ETag);
            }
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            _items.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = _clock.GetUtcNow() - _idleLifetime;
        var removed = 0;
        foreach (var item in _items)
        {
            if (item.Value.UpdatedAt < cutoff && _items.TryRemove(item))
            {
                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
