using System.Collections.Concurrent;

namespace BackPainBot.Triage;

/// <summary>
/// A thread-safe, bounded map from a message to its analysis. Two generations approximate least-recently-used
/// eviction at O(1) cost: when the current generation is full it becomes the previous one and the old previous one is
/// dropped; a hit in the previous generation is carried into the current one.
/// </summary>
/// <typeparam name="T">The analysis; it must not be changed once added, since concurrent turns share it.</typeparam>
internal sealed class AnalysisCache<T>
    where T : class
{
    private readonly int _generationSize;
    private readonly Lock _rotation = new();
    private ConcurrentDictionary<string, T> _current;
    private ConcurrentDictionary<string, T> _previous;

    /// <summary>Creates a cache that holds at least <paramref name="capacity"/> and at most twice as many messages.</summary>
    public AnalysisCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _generationSize = capacity;
        _current = NewGeneration();
        _previous = NewGeneration();
    }

    /// <summary>Messages held now, in both generations; for tests.</summary>
    public int Count => _current.Count + _previous.Count;

    /// <summary>The cached analysis of <paramref name="key"/>, or <paramref name="analyze"/>'s, which is then cached.</summary>
    public T GetOrAdd(string key, Func<string, T> analyze)
    {
        var current = _current;
        if (current.TryGetValue(key, out var value))
        {
            return value;
        }

        if (!_previous.TryGetValue(key, out value))
        {
            value = analyze(key);
        }

        if (current.Count >= _generationSize)
        {
            lock (_rotation)
            {
                if (ReferenceEquals(current, _current))
                {
                    _previous = current;
                    _current = NewGeneration();
                }
            }
        }

        _current[key] = value;
        return value;
    }

    // A generation is made at its full size: growing it a few times on the way would rehash every entry each time.
    private ConcurrentDictionary<string, T> NewGeneration() =>
        new(Environment.ProcessorCount, _generationSize, StringComparer.Ordinal);
}
