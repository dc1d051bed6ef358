using System.Globalization;

namespace BackPainBot.Knowledge;

/// <summary>Letting the clinic's nearest example questions vote on the sections' scores.</summary>
public sealed partial class KnowledgeIndex
{
    /// <summary>
    /// Moves each ranked section's score by the vote of the nearest examples: up by the section's share of their
    /// similarity, down by the share of examples the bot should refuse, times <see cref="ExampleVote.Weight"/>. Shares
    /// are out of <see cref="ExampleVote.Neighbours"/>, so one far example moves little and five near ones move most.
    /// Only sections that already share a word with the question are moved: an example can lift an answer the text
    /// nearly gives, never invent one.
    /// </summary>
    private List<SearchHit> Vote(List<SearchHit> ranked, List<ExampleMatch> nearest, ExampleVote vote, IReadOnlyList<string> terms)
    {
        if (vote.Model && _classifier is not null && ranked.Count > 0)
        {
            var probabilities = _classifier.Probabilities(terms);
            if (probabilities.Count == 0)
            {
                return ranked;
            }

            var refused = probabilities.GetValueOrDefault(ExampleClassifier.Refuse);
            return ranked
                .Select(h => h with { Score = (float)Math.Clamp(h.Score + vote.Weight * (probabilities.GetValueOrDefault(h.Section.Id) - refused), 0, 1) })
                .OrderByDescending(h => h.Score)
                .ToList();
        }

        if (nearest.Count == 0 || ranked.Count == 0 || vote.Weight <= 0)
        {
            return ranked;
        }

        var refuse = 0.0;
        var support = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var match in nearest)
        {
            if (!match.Example.InScope)
            {
                refuse += match.Similarity;
                continue;
            }

            foreach (var id in match.Example.SectionIds)
            {
                support[id] = support.GetValueOrDefault(id) + match.Similarity;
            }
        }

        // A near-copy of an example decides: its label is what the clinic said about this very question.
        var nearestMatch = nearest[0];
        var decisive = vote.Decisive > 0 && nearestMatch.Similarity >= vote.Decisive;
        var voted = new List<SearchHit>(ranked.Count);
        foreach (var hit in ranked)
        {
            var shift = vote.Weight * (support.GetValueOrDefault(hit.Section.Id) - refuse) / vote.Neighbours;
            if (decisive)
            {
                shift = nearestMatch.Example.SectionIds.Contains(hit.Section.Id, StringComparer.Ordinal) ? 1 : -1;
            }

            if (shift == 0)
            {
                voted.Add(hit);
                continue;
            }

            var why = string.Create(CultureInfo.InvariantCulture, $"examples: {shift:+0.000;-0.000}");
            voted.Add(hit with
            {
                Score = (float)Math.Clamp(hit.Score + shift, 0, 1),
                Why = hit.Why.Length == 0 ? why : hit.Why + "; " + why,
            });
        }

        // Stable, so equal scores keep the text's order (BM25, then article order).
        return voted.OrderByDescending(h => h.Score).ToList();
    }
}

/// <summary>How the nearest example questions vote (<see cref="KnowledgeOptions"/>' Example settings).</summary>
/// <param name="Neighbours">How many examples vote (k); 0 turns the vote off.</param>
/// <param name="Weight">How far a unanimous vote of identical examples moves a score.</param>
/// <param name="MinSimilarity">How near an example must be to vote.</param>
/// <param name="Decisive">How near the nearest example must be to decide alone; 0 never.</param>
internal readonly record struct ExampleVote(int Neighbours, float Weight, float MinSimilarity, float Decisive = 0, bool Model = false);
