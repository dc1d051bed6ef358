using Lucene.Net.Search;

namespace BackPainBot.Knowledge;

/// <summary>Scoring sections for a question: calibrated coverage, nearness of the question's words, and the explanation.</summary>
public sealed partial class KnowledgeIndex
{
    /// <summary>
    /// How much using the question's words together lifts a section's score, as a share of what its coverage leaves to
    /// 1: "heel" and "land" next to each other in the landing tip beat both words somewhere in another tip. 0 to 0.3
    /// scored the same on the tune questions; this is the middle, so it only reorders sections that cover the same words.
    /// </summary>
    private const double ProximityBoost = 0.15;

    /// <summary>
    /// How much a typo-corrected word counts towards a section's score. A correction may be a real word the articles
    /// do not use ("treat" is one letter from "tread"), so it counts half: enough for "sneekers" to find the shoe tip,
    /// too little for one correction alone to answer a question about something else. 0.4 to 0.6 scored the same on the
    /// tune questions.
    /// </summary>
    private const double CorrectionCertainty = 0.5;

    private static readonly (TermFields Flag, string Label)[] ExplainedFields =
    [
        (TermFields.Title, "title"),
        (TermFields.Keywords, "keywords"),
        (TermFields.Text, "body"),
        (TermFields.Article, "article"),
    ];

    /// <summary>Every section that matches a question word, best first: by calibrated score, then BM25, then article order.</summary>
    private List<SearchHit> Rank(List<QueryWord> words)
    {
        var totalWeight = words.Sum(w => w.Weight);
        var query = totalWeight <= 0 ? null : BuildQuery(words);
        if (query is null)
        {
            return [];
        }

        // In-order collection makes Lucene use BooleanScorer2; the out-of-order BooleanScorer it picks otherwise
        // allocates a 2,048-bucket table (over 100 KB) per search, for an index of a few dozen documents.
        var collector = TopScoreDocCollector.Create(_terms.SectionsByDoc.Length, docsScoredInOrder: true);
        _searcher.Search(query, collector);
        var top = collector.GetTopDocs();
        var hits = new List<SearchHit>(top.ScoreDocs.Length);
        var pairs = WordPairs(words);
        foreach (var scoreDoc in top.ScoreDocs)
        {
            if (Score(words, _terms.CreditsByDoc[scoreDoc.Doc]) is ({ Count: > 0 } matched, var matchedWeight))
            {
                var coverage = matchedWeight / totalWeight;
                // Measured against all the question's words, not its pairs, so "back pain" (two words every section
                // has side by side) cannot lift a section by much.
                var together = pairs.Where(p => NearIn(scoreDoc.Doc, p.A, p.B)).Sum(p => p.Weight) / totalWeight;
                var score = coverage + (1 - coverage) * ProximityBoost * together;
                hits.Add(new SearchHit(_terms.SectionsByDoc[scoreDoc.Doc], (float)score)
                {
                    MatchedTerms = matched,
                    Relevance = scoreDoc.Score,
                    Why = Explain(matched, _terms.FieldsByDoc[scoreDoc.Doc]),
                });
            }
        }

        // OrderBy is stable, so equal confidences keep Lucene's order: BM25, then article order.
        return hits
            .OrderByDescending(h => h.Score)
            .ThenByDescending(h => h.Relevance)
            .ToList();
    }

    /// <summary>The section's matched terms (one per question word, first match kept) and their credited weight.</summary>
    private static (List<string> Matched, double Weight) Score(List<QueryWord> words, Dictionary<string, float> credits)
    {
        var matched = new List<string>();
        var weight = 0.0;
        foreach (var word in words)
        {
            string? best = null;
            var bestCredit = 0f;
            foreach (var term in word.Terms)
            {
                if (credits.TryGetValue(term, out var credit) && credit > bestCredit)
                {
                    (best, bestCredit) = (term, credit);
                }
            }

            if (best is not null)
            {
                weight += word.Weight * bestCredit * word.Certainty;
                if (!matched.Contains(best))
                {
                    matched.Add(best);
                }
            }
        }

        return (matched, weight);
    }

    /// <summary>Neighbouring known question words, weighted by the lighter of the two.</summary>
    private static List<(QueryWord A, QueryWord B, double Weight)> WordPairs(List<QueryWord> words)
    {
        var pairs = new List<(QueryWord, QueryWord, double)>();
        for (var i = 1; i < words.Count; i++)
        {
            var (a, b) = (words[i - 1], words[i]);
            if (a.Terms.Length > 0 && b.Terms.Length > 0 && b.Position - a.Position <= NearbyTerms.Window)
            {
                pairs.Add((a, b, Math.Min(a.Weight, b.Weight)));
            }
        }

        return pairs;
    }

    private bool NearIn(int doc, QueryWord a, QueryWord b)
    {
        foreach (var x in a.Terms)
        {
            foreach (var y in b.Terms)
            {
                if (_nearby.Near(doc, x, y))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>"title: shoe; keywords: mile; body: replac": each matched term under the strongest field it is in.</summary>
    private static string Explain(List<string> matched, Dictionary<string, TermFields> fields)
    {
        var parts = new List<string>(4);
        foreach (var (flag, label) in ExplainedFields)
        {
            var terms = matched.Where(t => StrongestField(fields.GetValueOrDefault(t)) == flag).ToList();
            if (terms.Count > 0)
            {
                parts.Add(label + ": " + string.Join(", ", terms));
            }
        }

        return string.Join("; ", parts);
    }

    // Flags are declared strongest first, so the lowest set bit is the field that best explains the match.
    private static TermFields StrongestField(TermFields fields) =>
        fields == TermFields.None ? TermFields.None : (TermFields)((int)fields & -(int)fields);
}
