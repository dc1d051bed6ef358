using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace BackPainBot.Knowledge;

/// <summary>
/// Which index terms each section uses near each other (within <see cref="Window"/> positions, in its title, one keyword,
/// or its text), so a question that uses two words together ("worn out", "land on my heel") can prefer the section
/// that uses them together over one that only mentions both somewhere.
/// </summary>
/// <remarks>
/// Read once at build time into sets of term pairs: a pair look-up per question word pair is far cheaper than Lucene's
/// phrase or span queries, which seek positions and allocate on every search.
/// </remarks>
internal sealed class NearbyTerms
{
    /// <summary>How far apart (in positions, stop words included) two words may be and still count as used together.</summary>
    public const int Window = 3;

    private readonly HashSet<(string, string)>[] _pairsByDoc;

    private NearbyTerms(HashSet<(string, string)>[] pairsByDoc) => _pairsByDoc = pairsByDoc;

    public static NearbyTerms Build(Analyzer analyzer, IReadOnlyList<KnowledgeSection> sectionsByDoc)
    {
        var pairsByDoc = new HashSet<(string, string)>[sectionsByDoc.Count];
        for (var doc = 0; doc < sectionsByDoc.Count; doc++)
        {
            var section = sectionsByDoc[doc];
            var pairs = new HashSet<(string, string)>();

            // Keywords one at a time: neighbouring keywords in the list are not a phrase the clinic wrote.
            foreach (var text in section.Keywords.Append(section.Title).Append(section.Text))
            {
                AddPairs(analyzer, text, pairs);
            }

            pairsByDoc[doc] = pairs;
        }

        return new NearbyTerms(pairsByDoc);
    }

    /// <summary>Whether the document uses the two terms within the window of each other, in either order.</summary>
    public bool Near(int doc, string a, string b) => _pairsByDoc[doc].Contains(Order(a, b));

    private static void AddPairs(Analyzer analyzer, string text, HashSet<(string, string)> pairs)
    {
        var recent = new List<(int Position, string Term)>();
        using var stream = analyzer.GetTokenStream(KnowledgeFields.Text, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            var current = term.ToString();
            recent.RemoveAll(r => position - r.Position > Window);
            foreach (var (at, other) in recent)
            {
                // Synonyms share a position; a word and its synonym are not two words used together.
                if (at != position && other != current)
                {
                    pairs.Add(Order(other, current));
                }
            }

            recent.Add((position, current));
        }

        stream.End();
    }

    private static (string, string) Order(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
