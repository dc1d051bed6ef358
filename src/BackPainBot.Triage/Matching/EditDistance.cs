namespace BackPainBot.Triage.Matching;

/// <summary>Optimal-string-alignment (restricted Damerau-Levenshtein) distance: "tingleing" is one edit from "tingling".</summary>
internal static class EditDistance
{
    /// <summary>The distance between <paramref name="a"/> and <paramref name="b"/>, or <c>max + 1</c> once it exceeds <paramref name="max"/>.</summary>
    public static int Compute(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        // Three rows on the stack: this runs for unknown words of every message, and words are short.
        Span<int> rows = b.Length < 64 ? stackalloc int[3 * (b.Length + 1)] : new int[3 * (b.Length + 1)];
        var previousPrevious = rows[..(b.Length + 1)];
        var previous = rows.Slice(b.Length + 1, b.Length + 1);
        var current = rows.Slice(2 * (b.Length + 1), b.Length + 1);
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previousPrevious[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > max)
            {
                return max + 1;
            }

            var oldest = previousPrevious;
            previousPrevious = previous;
            previous = current;
            current = oldest;
        }

        return Math.Min(previous[b.Length], max + 1);
    }
}
