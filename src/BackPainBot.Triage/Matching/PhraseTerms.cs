namespace BackPainBot.Triage.Matching;

/// <summary>
/// The rule file's named word groups (<c>terms</c>), compiled to word numbers once at load time, for phrases that write
/// <c>@name</c> where they would write <c>(a|b c)</c>. Records which terms phrases use, so that the loader can report a
/// term nobody uses. Used only while the rules are compiled, by one thread.
/// </summary>
internal sealed class PhraseTerms
{
    private readonly IReadOnlyDictionary<string, int[][]> _terms;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <param name="terms">Each term's entries, each entry one or more word numbers; an empty term has no entries.</param>
    public PhraseTerms(IReadOnlyDictionary<string, int[][]> terms)
    {
        _terms = terms;
    }

    /// <summary>No terms: every <c>@name</c> is unknown.</summary>
    public static PhraseTerms None => new(new Dictionary<string, int[][]>(StringComparer.Ordinal));

    /// <summary>The entries of the term <paramref name="name"/> (without the @), or null when the file defines no such term.</summary>
    public int[][]? Entries(string name)
    {
        if (!_terms.TryGetValue(name, out var entries))
        {
            return null;
        }

        _used.Add(name);
        return entries;
    }

    /// <summary>The defined terms no phrase has used so far, in name order.</summary>
    public IEnumerable<string> Unused => _terms.Keys.Where(name => !_used.Contains(name)).Order(StringComparer.Ordinal);
}
