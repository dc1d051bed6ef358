namespace BackPainBot.Knowledge.Tests.Support;

/// <summary>
/// Chooses the threshold and the clarify margin on labelled questions: each candidate value is scored, and the middle
/// of the range of values scoring within <see cref="Tolerance"/> of the best is kept. A single best value is often one
/// question's luck at the edge of a cliff; the middle of the plateau is the value farthest from flipping decisions.
/// </summary>
internal static class Calibration
{
    /// <summary>Half a percentage point: about one question's worth on the tune split.</summary>
    public const double Tolerance = 0.005;

    private const float Step = 0.01f;
    private const float MaxMargin = 0.30f;

    /// <summary>
    /// Thresholds by balanced accuracy: the mean of in-scope top-1 accuracy and out-of-scope refusal rate, so the
    /// refusals weigh as much as the answers although there are fewer of them.
    /// </summary>
    public static Choice ChooseThreshold(KnowledgeIndex index, IReadOnlyList<LabelledQuestion> questions, float margin)
    {
        var candidates = Enumerable.Range(1, (int)Math.Round(1 / Step) - 1).Select(i => i * Step);
        return Choose(candidates, t =>
        {
            var split = KnowledgeEvaluation.Evaluate(q => index.Search(q, KnowledgeEvaluation.RankingDepth, t, margin), questions).Splits.Single();
            return (split.Top1Accuracy + split.RefusalRate) / 2;
        });
    }

    /// <summary>
    /// Margins by the mean value of the bot's reply to the in-scope questions: the right answer (or a right list) 1,
    /// a "did you mean" that offers the right section 0.5, no answer 0, a wrong answer or list -1. A wrong tip delivered
    /// confidently is worse than asking, and asking is worse than knowing.
    /// </summary>
    public static Choice ChooseMargin(KnowledgeIndex index, IReadOnlyList<LabelledQuestion> questions, float threshold)
    {
        var inScope = questions.Where(q => q.InScope).ToList();
        var candidates = Enumerable.Range(0, (int)Math.Round(MaxMargin / Step) + 1).Select(i => i * Step);
        return Choose(candidates, m => inScope.Average(q => Value(index.Search(q.Question, KnowledgeEvaluation.RankingDepth, threshold, m), q)));
    }

    private static double Value(SearchResult result, LabelledQuestion question)
    {
        var acceptable = question.ExpectedIds;
        return result.Decision switch
        {
            SearchDecision.NoMatch => 0,
            SearchDecision.Clarify => result.Selected.Any(h => acceptable.Contains(h.Section.Id)) ? 0.5 : 0,
            SearchDecision.List => result.Selected.All(h => acceptable.Contains(h.Section.Id)) ? 1 : -1,
            _ => acceptable.Contains(result.Selected[0].Section.Id) ? 1 : -1,
        };
    }

    private static Choice Choose(IEnumerable<float> candidates, Func<float, double> value)
    {
        // The index is thread-safe and each candidate asks every question again, so the sweep runs in parallel.
        var scored = candidates.AsParallel().AsOrdered().Select(c => (Value: MathF.Round(c, 2), Score: value(c))).ToList();
        var best = scored.Max(s => s.Score);
        var optimal = scored.Where(s => s.Score >= best - Tolerance - 1e-9).Select(s => s.Value).ToList();
        var low = optimal.Min();
        var high = optimal.Max();
        return new Choice(MathF.Round((low + high) / 2 / Step) * Step, low, high, best);
    }

    /// <summary>The middle of the near-best range, the range itself and the best score.</summary>
    internal sealed record Choice(float Chosen, float Low, float High, double Score)
    {
        public override string ToString() => $"best {Low:F2}..{High:F2} (score {Score:F3}), middle {Chosen:F2}";
    }
}
