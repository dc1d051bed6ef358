namespace BackPainBot.Knowledge.Tests.Support;

/// <summary>Scores labelled questions against an index and picks the threshold that separates answers from refusals.</summary>
internal static class Evaluation
{
    private const float Step = 0.01f;

    /// <summary>Top-1 accuracy on in-scope questions and refusal rate on out-of-scope ones at a threshold.</summary>
    public static Scores Score(IKnowledgeSearch index, IEnumerable<LabelledQuestion> questions, float threshold)
    {
        var outcomes = questions.Select(q => Outcome.Of(index, q)).ToList();
        return Score(outcomes, threshold);
    }

    public static Scores Score(IReadOnlyList<Outcome> outcomes, float threshold)
    {
        var inScope = outcomes.Where(o => o.Question.InScope).ToList();
        var outOfScope = outcomes.Where(o => !o.Question.InScope).ToList();
        var answered = inScope.Count(o => o.AnsweredCorrectly(threshold));
        var refused = outOfScope.Count(o => o.Refused(threshold));
        return new Scores(threshold, answered, inScope.Count, refused, outOfScope.Count);
    }

    /// <summary>
    /// Sweeps thresholds in 0.01 steps and keeps those with the best balanced accuracy (mean of in-scope accuracy and
    /// refusal rate, so the 25 refusals weigh as much as the 60 answers); returns the middle of that best range, the
    /// threshold farthest from the scores that would flip a decision.
    /// </summary>
    public static (float Chosen, float Low, float High, Scores AtChosen) Choose(IReadOnlyList<Outcome> tune)
    {
        var candidates = Enumerable.Range(1, (int)(1 / Step) - 1).Select(i => i * Step).ToList();
        var scored = candidates.Select(t => Score(tune, t)).ToList();
        var best = scored.Max(s => s.Balanced);
        var optimal = scored.Where(s => s.Balanced >= best - 1e-9).Select(s => s.Threshold).ToList();
        var low = optimal.Min();
        var high = optimal.Max();
        var chosen = MathF.Round((low + high) / 2 / Step) * Step;
        return (chosen, low, high, Score(tune, chosen));
    }

    /// <summary>What the index returned for one question, independent of the threshold.</summary>
    internal sealed record Outcome(LabelledQuestion Question, string? TopId, float TopScore, IReadOnlyList<string> Matched)
    {
        public static Outcome Of(IKnowledgeSearch index, LabelledQuestion question)
        {
            var result = index.Search(question.Question);
            var top = result.Hits.Count > 0 ? result.Hits[0] : null;
            return new Outcome(question, top?.Section.Id, top?.Score ?? 0f, top?.MatchedTerms ?? []);
        }

        public bool AnsweredCorrectly(float threshold) => TopId == Question.ExpectedId && TopScore >= threshold;

        public bool Refused(float threshold) => TopId is null || TopScore < threshold;

        public bool Correct(float threshold) => Question.InScope ? AnsweredCorrectly(threshold) : Refused(threshold);
    }

    internal sealed record Scores(float Threshold, int Answered, int InScope, int Refused, int OutOfScope)
    {
        public double InScopeAccuracy => InScope == 0 ? 1 : (double)Answered / InScope;

        public double RefusalRate => OutOfScope == 0 ? 1 : (double)Refused / OutOfScope;

        public double Balanced => (InScopeAccuracy + RefusalRate) / 2;

        public override string ToString() =>
            $"threshold {Threshold:F2}: in-scope top-1 {Answered}/{InScope} ({InScopeAccuracy:P1}), " +
            $"out-of-scope refused {Refused}/{OutOfScope} ({RefusalRate:P1})";
    }
}
