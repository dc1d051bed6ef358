using BackPainBot.Knowledge.Tests.Support;
using Xunit.Abstractions;

namespace BackPainBot.Knowledge.Tests;

/// <summary>
/// Checks <see cref="KnowledgeOptions.DefaultMinScore"/> against the labelled questions in <c>Data/questions.tsv</c>:
/// it must be a best threshold on the tune split, and the held-out split (never used to choose anything) must reach
/// the targets. The numbers are printed for the README.
/// </summary>
public sealed class EvaluationTests(ShippedKnowledge knowledge, ITestOutputHelper output) : IClassFixture<ShippedKnowledge>
{
    private const double InScopeTarget = 0.90;
    private const double RefusalTarget = 0.90;

    private static readonly IReadOnlyList<LabelledQuestion> Questions = LabelledQuestion.Load();

    [Fact]
    public void QuestionsFile_LabelsEnoughQuestionsWithRealSectionIds()
    {
        var ids = knowledge.Index.Sections.Select(s => s.Id).ToHashSet();

        Assert.True(Questions.Count(q => q.InScope) >= 60, "at least 60 in-scope questions");
        Assert.True(Questions.Count(q => !q.InScope) >= 25, "at least 25 out-of-scope questions");
        Assert.All(Questions.Where(q => q.InScope), q => Assert.True(ids.Contains(q.ExpectedId!), $"line {q.Line}: unknown section '{q.ExpectedId}'"));
        Assert.All(ids, id => Assert.Contains(Questions, q => q.Split == LabelledQuestion.Heldout && q.ExpectedId == id));
        Assert.Equal(Questions.Count, Questions.Select(q => q.Question).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void DefaultMinScore_OnTuneQuestions_IsInTheBestRange()
    {
        var tune = Outcomes(LabelledQuestion.Tune);

        var (chosen, low, high, scores) = Evaluation.Choose(tune);

        output.WriteLine($"Tune: best thresholds {low:F2}..{high:F2}, middle {chosen:F2}; {scores}");
        output.WriteLine($"Tune at the default: {Evaluation.Score(tune, KnowledgeOptions.DefaultMinScore)}");
        Assert.InRange(KnowledgeOptions.DefaultMinScore, low, high);
    }

    [Fact]
    public void HeldoutQuestions_AtDefaultMinScore_MeetAccuracyAndRefusalTargets()
    {
        var heldout = Outcomes(LabelledQuestion.Heldout);

        var scores = Evaluation.Score(heldout, KnowledgeOptions.DefaultMinScore);

        output.WriteLine($"Held-out: {scores}");
        foreach (var miss in heldout.Where(o => !o.Correct(KnowledgeOptions.DefaultMinScore)))
        {
            output.WriteLine($"  miss (line {miss.Question.Line}): expected {miss.Question.ExpectedId ?? "no answer"}, got {miss.TopId ?? "none"} at {miss.TopScore:F2}");
        }

        Assert.True(scores.InScopeAccuracy >= InScopeTarget, $"held-out in-scope top-1 accuracy {scores.InScopeAccuracy:P1} < {InScopeTarget:P0}");
        Assert.True(scores.RefusalRate >= RefusalTarget, $"held-out refusal rate {scores.RefusalRate:P1} < {RefusalTarget:P0}");
    }

    private List<Evaluation.Outcome> Outcomes(string split) =>
        Questions.Where(q => q.Split == split).Select(q => Evaluation.Outcome.Of(knowledge.Index, q)).ToList();
}
