using Lucene.Net.Analysis;

namespace BackPainBot.Knowledge;

/// <summary>
/// The clinic's example questions, ready to find the ones nearest a patient's question: each example is the set of its
/// analyzed terms (the index's analyzer, so synonyms and stemming apply alike), weighted by how rare the term is among the
/// examples, in an inverted index. Nearness is the cosine of the two weighted term sets, so it is comparable across
/// questions: 1 for the same words, 0 for none shared. Immutable once built; thread-safe.
/// </summary>
internal sealed class ExampleNeighbours
{
    private readonly KnowledgeExample[] _examples;
    private readonly Dictionary<string, (int[] Examples, float Weight)> _postings;
    private readonly float[] _norms;
    private readonly float _unknownWeight;

    private ExampleNeighbours(KnowledgeExample[] examples, Dictionary<string, (int[], float)> postings, float[] norms, float unknownWeight)
    {
        _examples = examples;
        _postings = postings;
        _norms = norms;
        _unknownWeight = unknownWeight;
    }

    /// <summary>How many examples there are.</summary>
    public int Count => _examples.Length;

    /// <summary>Analyzes every example once; an example with no content words (all filler) never matches.</summary>
    public static ExampleNeighbours Build(IReadOnlyList<KnowledgeExample> examples, Analyzer analyzer)
    {
        var termsByExample = examples.Select(e => KnowledgeAnalysis.Terms(analyzer, e.Question).Distinct(StringComparer.Ordinal).ToArray()).ToArray();
        var lists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < termsByExample.Length; i++)
        {
            foreach (var term in termsByExample[i])
            {
                if (!lists.TryGetValue(term, out var list))
                {
                    lists[term] = list = [];
                }

                list.Add(i);
            }
        }

        var count = Math.Max(1, examples.Count);
        var postings = lists.ToDictionary(p => p.Key, p => (p.Value.ToArray(), Idf(count, p.Value.Count)), StringComparer.Ordinal);
        var norms = termsByExample
            .Select(terms => (float)Math.Sqrt(terms.Sum(t => Math.Pow(postings[t].Item2, 2))))
            .ToArray();
        return new ExampleNeighbours([.. examples], postings, norms, Idf(count, 1));
    }

    /// <summary>
    /// The <paramref name="k"/> examples nearest <paramref name="terms"/> (the question's analyzed terms), nearest first,
    /// leaving out those below <paramref name="minSimilarity"/>. A question word no example uses counts against every
    /// example, as much as the rarest known word: "is pizza bad for back pain" is not near "is walking bad for back pain".
    /// </summary>
    public List<ExampleMatch> Nearest(IReadOnlyList<string> terms, int k, float minSimilarity)
    {
        var matches = new List<ExampleMatch>(k);
        if (k <= 0 || _examples.Length == 0 || terms.Count == 0)
        {
            return matches;
        }

        var dots = new Dictionary<int, float>();
        var queryNorm = 0.0;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (!distinct.Add(term))
            {
                continue;
            }

            if (!_postings.TryGetValue(term, out var posting))
            {
                queryNorm += _unknownWeight * _unknownWeight;
                continue;
            }

            queryNorm += posting.Weight * posting.Weight;
            var square = posting.Weight * posting.Weight;
            foreach (var example in posting.Examples)
            {
                dots[example] = dots.GetValueOrDefault(example) + square;
            }
        }

        if (dots.Count == 0)
        {
            return matches;
        }

        var norm = (float)Math.Sqrt(queryNorm);
        foreach (var (example, dot) in dots)
        {
            var similarity = dot / (norm * _norms[example]);
            if (similarity < minSimilarity)
            {
                continue;
            }

            // Insertion into a short sorted list: k is a handful, the candidates a few hundred at most.
            var at = matches.Count;
            while (at > 0 && (matches[at - 1].Similarity < similarity
                || (matches[at - 1].Similarity == similarity && string.CompareOrdinal(matches[at - 1].Example.Id, _examples[example].Id) > 0)))
            {
                at--;
            }

            if (at < k)
            {
                matches.Insert(at, new ExampleMatch(_examples[example], similarity));
                if (matches.Count > k)
                {
                    matches.RemoveAt(k);
                }
            }
        }

        return matches;
    }

    private static float Idf(int count, int docFreq) => (float)Math.Log(1 + (double)count / docFreq);
}
