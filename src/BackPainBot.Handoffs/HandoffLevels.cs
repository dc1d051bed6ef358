namespace BackPainBot.Handoffs;

/// <summary>Maps a handoff level to the rank the staff queue is ordered by.</summary>
internal static class HandoffLevels
{
    private static readonly Dictionary<string, int> _ranks = new(StringComparer.Ordinal)
    {
        ["emergency"] = 3,
        ["urgent"] = 2,
        ["routine"] = 1,
        ["none"] = 0,
    };

    /// <summary>Higher is more urgent.</summary>
    /// <exception cref="ArgumentException">The level is not one of the known values.</exception>
    public static int Rank(string level)
    {
        // An unknown level would otherwise sort as "none" and an emergency could wait at the back of the queue.
        if (_ranks.TryGetValue(level, out var rank))
        {
            return rank;
        }

        throw new ArgumentException(
            $"Unknown handoff level '{level}'. Valid values: {string.Join(", ", _ranks.Keys)}.",
            nameof(level));
    }
}
