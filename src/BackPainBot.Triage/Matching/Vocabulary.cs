using System.Collections.Frozen;

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

    public Vocabulary Build(IEnumerable<string> typoTolerant, IEnumerable<string> neverTypos) =>
        new(_ids.ToFrozenDictionary(StringComparer.Ordinal), typoTolerant, neverTypos);
}

/// <summary>
/// Maps a message's words to the numbers of the phrase words they stand for: the same word, its possessive
/// ("husband's" is "husband"), or, for the symptom words the clinic marked typo-tolerant, a near miss ("numbnes").
/// </summary>
internal sealed class Vocabulary
{
    /// <summary>Words shorter than this are never read as misspellings: too many real words are one letter apart.</summary>
    public const int MinTypoLength = 5;

    /// <summary>Words this long or longer may be two edits off; shorter ones one edit.</summary>
    public const int TwoEditLength = 8;

    private static readonly int[] NoIds = [];

    private readonly FrozenDictionary<string, int> _ids;
    private readonly FrozenSet<string> _neverTypos;
    private readonly (string Word, int Id, int MaxEdits)[] _typoTolerant;

    public Vocabulary(FrozenDictionary<string, int> ids, IEnumerable<string> typoTolerant, IEnumerable<string> neverTypos)
    {
        _ids = ids;
        _neverTypos = neverTypos.ToFrozenSet(StringComparer.Ordinal);
        _typoTolerant = typoTolerant
            .Where(ids.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .Select(w => (w, ids[w], w.Length >= TwoEditLength ? 2 : 1))
            .ToArray();
    }

    /// <summary>The word numbers a message word stands for; empty when it matches no phrase word.</summary>
    public int[] Lookup(string token)
    {
        var exact = _ids.TryGetValue(token, out var id) ? id : -1;
        var possessive = token.EndsWith("'s", StringComparison.Ordinal) && _ids.TryGetValue(token[..^2], out var owner) ? owner : -1;
        if (exact >= 0 || possessive >= 0)
        {
            return exact >= 0 && possessive >= 0 ? [exact, possessive] : [Math.Max(exact, possessive)];
        }

        return IsTypoCandidate(token) ? FindNearMisses(token) : NoIds;
    }

    // A real word is never a misspelling of another one: "hills" is not "chills", "never" is not "fever".
    private bool IsTypoCandidate(string token) =>
        token.Length >= MinTypoLength
        && !_neverTypos.Contains(token)
        && token.All(c => char.IsLetter(c) || c == '\'');

    private int[] FindNearMisses(string token)
    {
        List<int>? found = null;
        foreach (var (word, id, maxEdits) in _typoTolerant)
        {
            if (EditDistance.Compute(token, word, maxEdits) <= maxEdits)
            {
                (found ??= []).Add(id);
            }
        }

        return found is null ? NoIds : [.. found];
    }
}
