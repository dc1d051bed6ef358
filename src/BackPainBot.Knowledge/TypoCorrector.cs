using Lucene.Net.Analysis;

namespace BackPainBot.Knowledge;

/// <summary>
/// Maps a word the index does not know to the closest word the clinic's articles, synonyms or stop list do know
/// ("sneekers" → shoes, "treadmil" → treadmill, "shoud" → a filler word), at most 1 edit for words of 5+ letters and 2
/// for 10+. Four-letter words only get two neighbouring letters swapped back ("pian" → pain); shorter words are left
/// alone: at that length one edit turns most words into another real word ("paint" is not "pain").
/// </summary>
/// <remarks>
/// Two edits are only allowed between words that also share their last letter. Two edits at the end of a word usually
/// make another word rather than a typo ("medicare" is not "medical", "sprinter" is not "sprint"), while a typo in a long
/// word tends to sit in the middle ("chirapracter").
/// </remarks>
/// <remarks>
/// Works on surface words rather than index terms so a typo of a synonym ("sneekers") still reaches its synonym's
/// meaning. The vocabulary is a few hundred words, so a linear scan per unknown word costs microseconds.
/// </remarks>
internal sealed class TypoCorrector
{
    private const int SwapLength = 4;
    private const int OneEditLength = 5;
    private const int TwoEditsLength = 10;
    private const int MaxWordLength = 64;

    private readonly Dictionary<char, List<Entry>> _byFirstLetter;

    private TypoCorrector(Dictionary<char, List<Entry>> byFirstLetter) => _byFirstLetter = byFirstLetter;

    /// <summary>Builds the vocabulary from the clinic's own texts, keeping only words whose terms are in the index.</summary>
    public static TypoCorrector Build(
        IEnumerable<string> texts, Analyzer surface, Analyzer full, Func<string, bool> isIndexed)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var word in texts.SelectMany(t => KnowledgeAnalysis.Terms(surface, t)).Distinct(StringComparer.Ordinal))
        {
            if (word.Length < SwapLength || word.Length > MaxWordLength || !char.IsLetter(word[0]))
            {
                continue;
            }

            var terms = KnowledgeAnalysis.Terms(full, word).Where(isIndexed).Distinct(StringComparer.Ordinal).ToArray();
            if (terms.Length > 0)
            {
                entries[word] = new Entry(word, terms);
            }
        }

        foreach (string word in KnowledgeAnalysis.StopWords)
        {
            if (word.Length >= SwapLength && char.IsLetter(word[0]))
            {
                entries.TryAdd(word, new Entry(word, []));
            }
        }

        var byFirstLetter = entries.Values
            .GroupBy(e => e.Word[0])
            .ToDictionary(g => g.Key, g => g.ToList());
        return new TypoCorrector(byFirstLetter);
    }

    /// <summary>
    /// Finds the closest known word(s). <paramref name="terms"/> is empty when the closest word is filler, so the caller
    /// can drop the word instead of counting it as unknown.
    /// </summary>
    public bool TryCorrect(string word, out string[] terms)
    {
        terms = [];
        var maxEdits = word.Length >= TwoEditsLength ? 2 : word.Length >= SwapLength ? 1 : 0;
        if (maxEdits == 0 || word.Length > MaxWordLength || !_byFirstLetter.TryGetValue(word[0], out var candidates))
        {
            return false;
        }

        var swapOnly = word.Length < OneEditLength;

        var best = int.MaxValue;
        var found = false;
        var bestTerms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (swapOnly ? candidate.Word.Length != word.Length || !IsSwap(word, candidate.Word) : candidate.Word.Length < OneEditLength)
            {
                continue;
            }

            // A correction to filler drops the word, so it must be a near-certain typo: "shoulder" is two edits from
            // "should", and dropping it would leave "pain" to match every section.
            var allowed = candidate.Terms.Length == 0 || candidate.Word[^1] != word[^1] ? 1 : maxEdits;
            var distance = Distance(word, candidate.Word, Math.Min(allowed, best));
            if (distance > allowed || distance > best)
            {
                continue;
            }

            if (distance < best)
            {
                best = distance;
                bestTerms.Clear();
            }

            found = true;
            bestTerms.UnionWith(candidate.Terms);
        }

        if (found)
        {
            terms = [.. bestTerms];
        }

        return found;
    }

    /// <summary>Whether the words differ only by two neighbouring letters swapped.</summary>
    private static bool IsSwap(string a, string b)
    {
        var i = 0;
        while (i < a.Length && a[i] == b[i])
        {
            i++;
        }

        return i < a.Length - 1 && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2));
    }

    /// <summary>Optimal string alignment distance (a swap of neighbours is one edit), or max + 1 once it exceeds max.</summary>
    internal static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        var width = b.Length + 1;
        Span<int> rows = stackalloc int[3 * width];
        var twoBack = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, twoBack[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            var recycled = twoBack;
            twoBack = previous;
            previous = current;
            current = recycled;
        }

        return Math.Min(previous[b.Length], max + 1);
    }

    private sealed record Entry(string Word, string[] Terms);
}
