using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using BackPainBot.Triage.Text;

namespace BackPainBot.Triage.Matching;

/// <summary>Collects every word used in phrases and triggers and gives each one a number.</summary>
internal sealed class VocabularyBuilder
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public int Add(string word)
    {
        if (!_ids.TryGetValue(word, out var id))
        {
            id = _ids.Count;
            _ids.Add(word, id);
        }

        return id;
    }

    public int? IdOf(string word) => _ids.TryGetValue(word, out var id) ? id : null;

    public Vocabulary Build(
        IEnumerable<string> typoTolerant, IEnumerable<string> neverTypos, IReadOnlyDictionary<string, string>? respell = null, IEnumerable<string>? owners = null) =>
        new(_ids.ToFrozenDictionary(StringComparer.Ordinal), typoTolerant, neverTypos, respell, owners);
}

/// <summary>
/// Maps a message's words to the numbers of the phrase words they stand for: the same word, its possessive
/// ("husband's" is "husband", and so is "husbands" for a word for someone else), an -ing word with its g dropped ("gettin"), or, for the symptom words the clinic marked
/// typo-tolerant, a near miss ("numbnes") or the word with a softening suffix ("numby", "numbish", "tinglyness").
/// </summary>
internal sealed class Vocabulary : IKnownWords
{
    /// <summary>Words shorter than this are never read as misspellings.</summary>
    public const int MinTypoLength = 3;

    /// <summary>
    /// Words shorter than this are read as misspellings only when two neighbouring letters are swapped ("lges" is
    /// "legs"): one other letter off turns a short word into another real one ("week" for "weak", "wee" for "week").
    /// </summary>
    public const int OneEditLength = 5;

    /// <summary>
    /// Words ending in "in" this long or longer are read as an -ing word with the g dropped ("gettin"); shorter ones
    /// ("thin", "pin") are words of their own.
    /// </summary>
    public const int MinDroppedGLength = 5;

    /// <summary>
    /// Words ending in "s" this long or longer may be a word for someone else without its apostrophe ("mums" is "mum's");
    /// shorter ones ("his", "us") are words of their own.
    /// </summary>
    public const int MinBareS = 4;

    /// <summary>Words this long or longer may be two edits off; shorter ones one edit.</summary>
    public const int TwoEditLength = 8;

    private static readonly int[] NoIds = [];

    private readonly FrozenDictionary<string, int> _ids;
    private readonly FrozenSet<string> _neverTypos;
    private readonly (string Word, int Id, int MaxEdits)[] _typoTolerant;
    private readonly FrozenDictionary<string, int> _symptomWords;
    private readonly FrozenDictionary<string, string> _respell;
    private readonly FrozenSet<string> _owners;
    private readonly AnalysisCache<int[]> _nearMisses = new(NearMissCacheCapacity);
    private readonly Func<string, int[]> _findNearMisses;

    // The same lookups by a part of a word ("mum" in "mums", "gettin" with a g), without making a string of it.
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idsBySpan;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _ownersBySpan;

    // Most message words stand for one vocabulary word: each such answer is made once and shared (never changed).
    private readonly int[]?[] _single;

    // Every phrase word and respelled word with its answer, made when the rules are loaded and shared (never changed).
    private readonly FrozenDictionary<string, KnownWord> _known;
    private readonly FrozenDictionary<string, KnownWord>.AlternateLookup<ReadOnlySpan<char>> _knownBySpan;

    /// <summary>Unknown words whose near misses are remembered: far more than a clinic's patients use in a day.</summary>
    internal const int NearMissCacheCapacity = 8192;

    public Vocabulary(
        FrozenDictionary<string, int> ids,
        IEnumerable<string> typoTolerant,
        IEnumerable<string> neverTypos,
        IReadOnlyDictionary<string, string>? respell = null,
        IEnumerable<string>? owners = null)
    {
        _ids = ids;
        _owners = (owners ?? []).ToFrozenSet(StringComparer.Ordinal);
        _respell = (respell ?? new Dictionary<string, string>()).ToFrozenDictionary(StringComparer.Ordinal);
        _neverTypos = neverTypos.ToFrozenSet(StringComparer.Ordinal);
        _typoTolerant = typoTolerant
            .Where(ids.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .Select(w => (w, ids[w], w.Length >= TwoEditLength ? 2 : w.Length >= OneEditLength ? 1 : 0))
            .ToArray();
        _symptomWords = _typoTolerant.ToFrozenDictionary(t => t.Word, t => t.Id, StringComparer.Ordinal);
        _findNearMisses = FindNearMisses;
        _idsBySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _ownersBySpan = _owners.GetAlternateLookup<ReadOnlySpan<char>>();
        _single = new int[]?[ids.Count == 0 ? 0 : ids.Values.Max() + 1];
        // Nearly every word of a message is a phrase word: the answer for each is worked out here, once.
        _known = ids.Keys.Concat(_respell.Keys)
            .Distinct(StringComparer.Ordinal)
            .ToFrozenDictionary(word => word, word => new KnownWord(word, LookupUnknown(word)), StringComparer.Ordinal);
        _knownBySpan = _known.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <inheritdoc />
    public bool TryGetWord(ReadOnlySpan<char> word, [NotNullWhen(true)] out string? known)
    {
        known = _knownBySpan.TryGetValue(word, out var entry) ? entry.Text : null;
        return known is not null;
    }

    /// <summary>
    /// Suffixes that soften or name a symptom word without changing what it reports ("numb-ish" is two words already):
    /// "numby", "numbish", "weakish", "tinglyness", "numbyness". Longest first; at most two are taken off.
    /// </summary>
    private static readonly string[] SofteningSuffixes = ["ness", "ish", "y"];

    /// <summary>The word numbers a message word stands for; empty when it matches no phrase word.</summary>
    public int[] Lookup(string token) => _known.TryGetValue(token, out var entry) ? entry.Ids : LookupUnknown(token);

    private int[] LookupUnknown(string token)
    {
        // Text-speak the clinic listed ("legz", "cnt") is read as the word it stands for.
        if (_respell.TryGetValue(token, out var respelled))
        {
            token = respelled;
        }

        var exact = _ids.TryGetValue(token, out var id) ? id : -1;
        var possessive = token.EndsWith("'s", StringComparison.Ordinal) && _idsBySpan.TryGetValue(token.AsSpan()[..^2], out var owner) ? owner : -1;
        if (exact >= 0 || possessive >= 0)
        {
            return exact >= 0 && possessive >= 0 ? [exact, possessive] : Single(Math.Max(exact, possessive));
        }

        // A possessive typed without its apostrophe ("my mums leg", "wifes knee") is the owner, as "mum's" is. Only for
        // the words for someone else, and only when the rules do not use the word with its s: "legs" is never "leg".
        if (token.Length >= MinBareS && token[^1] == 's' && _ownersBySpan.Contains(token.AsSpan()[..^1]) && _idsBySpan.TryGetValue(token.AsSpan()[..^1], out var bare))
        {
            return Single(bare);
        }

        // A dropped g ("gettin", "crampin", "tinglin") is the -ing word the rules use.
        if (token.Length >= MinDroppedGLength && token.EndsWith("in", StringComparison.Ordinal) && HasWithG(token, out var ing))
        {
            return Single(ing);
        }

        // "Numby", "weakish", "tinglyness": a symptom word the clinic marked typo-tolerant, softened by a suffix, is that
        // word. Only those words: "bony" is not "bon", and "chilly" is not "chills".
        if (SymptomWordUnderSuffix(token) is { } softened)
        {
            return Single(softened);
        }

        // Every unknown word of every message would otherwise be compared with each typo-tolerant word; the same words
        // ("stretches", "afterwards") come up again and again, so their answers are kept (bounded, like the analyses).
        return IsTypoCandidate(token) ? _nearMisses.GetOrAdd(token, _findNearMisses) : NoIds;
    }

    private int[] Single(int id) => _single[id] ??= [id];

    private bool HasWithG(string token, out int id)
    {
        // Words this long are not worth a stack buffer; none is in the vocabulary as an -ing word anyway.
        if (token.Length >= MaxStackWord)
        {
            return _ids.TryGetValue(token + "g", out id);
        }

        Span<char> withG = stackalloc char[token.Length + 1];
        token.CopyTo(withG);
        withG[^1] = 'g';
        return _idsBySpan.TryGetValue(withG, out id);
    }

    private const int MaxStackWord = 256;

    private int? SymptomWordUnderSuffix(string token)
    {
        if (_neverTypos.Contains(token))
        {
            return null;
        }

        var word = token.AsSpan();
        for (var taken = 0; taken < 2; taken++)
        {
            var shortened = false;
            foreach (var suffix in SofteningSuffixes)
            {
                if (word.Length - suffix.Length >= MinTypoLength && word.EndsWith(suffix, StringComparison.Ordinal))
                {
                    word = word[..^suffix.Length];
                    shortened = true;
                    break;
                }
            }

            if (!shortened)
            {
                return null;
            }

            if (_symptomWords.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var id))
            {
                return id;
            }
        }

        return null;
    }

    // A real word is never a misspelling of another one: "hills" is not "chills", "never" is not "fever".
    private bool IsTypoCandidate(string token) =>
        token.Length >= MinTypoLength
        && !_neverTypos.Contains(token)
        && AllLettersOrApostrophes(token);

    private static bool AllLettersOrApostrophes(string token)
    {
        foreach (var c in token)
        {
            if (!char.IsLetter(c) && c != '\'')
            {
                return false;
            }
        }

        return true;
    }

    private int[] FindNearMisses(string token)
    {
        List<int>? found = null;
        foreach (var (word, id, maxEdits) in _typoTolerant)
        {
            // A doubled key ("weeak", "legss") is one of the commonest slips on a phone and never makes another real word
            // of a short symptom word; a dropped inner letter ("fevr") is caught for five-letter words, never a dropped
            // first letter ("ever" is not "fever").
            var near = maxEdits == 0
                ? IsSwap(token, word) || IsDoubled(token, word)
                : token.Length >= OneEditLength
                    ? EditDistance.Compute(token, word, maxEdits) <= maxEdits
                    : word.Length == OneEditLength && IsInnerDeletion(token, word);
            if (near)
            {
                (found ??= []).Add(id);
            }
        }

        return found is null ? NoIds : [.. found];
    }

    /// <summary>True when <paramref name="token"/> is <paramref name="word"/> with one letter typed twice ("weeak").</summary>
    private static bool IsDoubled(string token, string word)
    {
        if (token.Length != word.Length + 1)
        {
            return false;
        }

        var first = 0;
        while (first < word.Length && token[first] == word[first])
        {
            first++;
        }

        // token[first] is the extra letter: it must repeat its neighbour, and the rest must line up.
        return first > 0
            && token[first] == token[first - 1]
            && token.AsSpan(first + 1).SequenceEqual(word.AsSpan(first));
    }

    /// <summary>True when <paramref name="token"/> is <paramref name="word"/> with one letter after the first left out ("fevr").</summary>
    private static bool IsInnerDeletion(string token, string word)
    {
        if (token.Length + 1 != word.Length || token[0] != word[0])
        {
            return false;
        }

        var first = 1;
        while (first < token.Length && token[first] == word[first])
        {
            first++;
        }

        return token.AsSpan(first).SequenceEqual(word.AsSpan(first + 1));
    }

    /// <summary>True when <paramref name="token"/> is <paramref name="word"/> with two neighbouring letters swapped.</summary>
    private static bool IsSwap(string token, string word)
    {
        if (token.Length != word.Length)
        {
            return false;
        }

        var first = 0;
        while (first < token.Length && token[first] == word[first])
        {
            first++;
        }

        return first + 1 < token.Length
            && token[first] == word[first + 1]
            && token[first + 1] == word[first]
            && token.AsSpan(first + 2).SequenceEqual(word.AsSpan(first + 2));
    }
}

/// <summary>A word the rules know, with the word numbers it stands for.</summary>
internal sealed record KnownWord(string Text, int[] Ids);
