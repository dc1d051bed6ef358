using BackPainBot.Triage.Text;

namespace BackPainBot.Triage.Learned;

/// <summary>
/// The hashed features of one message, each with the word it came from: every word, every pair of neighbouring words
/// in a sentence, and the 3- and 4-letter pieces of each word with its edges marked ("&lt;bl", "bla", ..., "er&gt;"),
/// so a misspelling ("bladdar", "bowl") still shares most of its pieces with the word. Words are the tokenizer's,
/// lower-case with contractions spelled out, as the rules read them.
/// </summary>
internal static class MessageFeatures
{
    /// <summary>
    /// Buckets of the hashed feature space: 2^16. On the validation rows 2^17 gave the same figures and 2^15 one emergency
    /// fewer; fewer buckets keep the weights (6 MB) closer to the processor, which is most of the cost of scoring.
    /// </summary>
    public const int Bits = 16;

    public const int Buckets = 1 << Bits;

    private const uint WordSeed = 2166136261;
    private const uint PairSeed = 374761393;
    private const uint PieceSeed = 2654435761;

    /// <summary>
    /// Fills <paramref name="features"/> with bucket and word index pairs; returns how many. The buffer must hold
    /// <see cref="MaxFeatures"/> of <paramref name="tokens"/>.
    /// </summary>
    public static int Extract(Token[] tokens, Span<(int Bucket, int Word)> features)
    {
        var count = 0;
        var previous = 0u;
        for (var i = 0; i < tokens.Length; i++)
        {
            var text = tokens[i].Text.AsSpan();
            var word = Hash(WordSeed, text);
            features[count++] = (Bucket(word), i);
            if (i > 0 && tokens[i - 1].Sentence == tokens[i].Sentence)
            {
                features[count++] = (Bucket(Mix(PairSeed ^ previous, word)), i - 1);
            }

            previous = word;
            count += Pieces(text, i, features[count..]);
        }

        return count;
    }

    /// <summary>
    /// Keeps the first of each bucket among the first <paramref name="count"/> features and returns how many are left:
    /// a feature counts once however often it is repeated, so a message that says the same thing a thousand times
    /// scores as if it said it once.
    /// </summary>
    public static int Distinct(Span<(int Bucket, int Word)> features, int count)
    {
        var seen = _seen ??= new ushort[Buckets];
        if (++_generation == 0)
        {
            Array.Clear(seen);
            _generation = 1;
        }

        var kept = 0;
        for (var n = 0; n < count; n++)
        {
            var bucket = features[n].Bucket;
            if (seen[bucket] != _generation)
            {
                seen[bucket] = _generation;
                features[kept++] = features[n];
            }
        }

        return kept;
    }

    // Per thread, the generation in which each bucket was last seen: no clearing between messages.
    [ThreadStatic]
    private static ushort[]? _seen;

    [ThreadStatic]
    private static ushort _generation;

    /// <summary>The most features <see cref="Extract"/> can give for these tokens.</summary>
    public static int MaxFeatures(Token[] tokens)
    {
        var max = 0;
        foreach (var token in tokens)
        {
            // The word, a pair, and at most two pieces per letter (with the two edge marks).
            max += 2 + (2 * (token.Text.Length + 2));
        }

        return max;
    }

    private static int Pieces(ReadOnlySpan<char> text, int word, Span<(int Bucket, int Word)> features)
    {
        // The word with its edges marked, without allocating: position -1 is '<', position Length is '>'.
        var length = text.Length + 2;
        var count = 0;
        for (var n = 3; n <= 4; n++)
        {
            for (var start = 0; start + n <= length; start++)
            {
                var hash = PieceSeed ^ (uint)n;
                for (var k = start; k < start + n; k++)
                {
                    var c = k == 0 ? '<' : k == length - 1 ? '>' : text[k - 1];
                    hash = (hash ^ c) * 16777619;
                }

                features[count++] = (Bucket(hash), word);
            }
        }

        return count;
    }

    private static uint Hash(uint seed, ReadOnlySpan<char> text)
    {
        var hash = seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    private static uint Mix(uint a, uint b) => ((a * 31) ^ b) * 2246822519;

    private static int Bucket(uint hash)
    {
        // Fold the high bits in, so hashes that differ only there do not share a bucket.
        hash ^= hash >> 15;
        hash *= 2246822519;
        hash ^= hash >> 13;
        return (int)(hash & (Buckets - 1));
    }
}
