using BackPainBot.Triage.Learned;
using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests.Learned;

public sealed class TriageExamplesTests
{
    [Fact]
    public void Load_ClinicExamples_AreValidAndRaiseFlags()
    {
        var examples = TriageExamples.Load(RepoPaths.TriageExamples, ClinicRules.Rules.Rules);

        Assert.True(examples.Count > 6500);
        Assert.Contains(examples, e => e.Level == TriageLevel.Emergency);
        Assert.Contains(examples, e => e.Level == TriageLevel.None);
    }

    [Fact]
    public void Load_ClinicExamples_HoldNoValidationOrHeldOutRow()
    {
        // The examples are the tune rows written before the round-14 blind batch (up to round 11 first, batch X to batch Z
        // added in round 15); the round-14 blind batch and every row after it (batch AA, later batches and the held-out
        // rows) are for measuring, and none of them may be trained on.
        var firstValidationLine = Array.FindIndex(File.ReadAllLines(RepoPaths.EvaluationSet), l => l.StartsWith("# Held-out batch written blind on 2026-11-29 (round 14)", StringComparison.Ordinal)) + 1;
        Assert.True(firstValidationLine > 0, "the round-14 blind batch's header is missing from the evaluation set");
        var validation = TriageEvaluation.LoadTsv(RepoPaths.EvaluationSet)
            .Where(r => r.Split != "tune" || r.Line >= firstValidationLine)
            .Select(r => r.Message)
            .ToHashSet(StringComparer.Ordinal);

        var examples = TriageExamples.Load(RepoPaths.TriageExamples, ClinicRules.Rules.Rules);

        Assert.DoesNotContain(examples, e => validation.Contains(e.Message));
    }

    [Theory]
    [InlineData("emergency\treported\tsaddle-numbness", "line 4: expected 4 tab-separated columns")]
    [InlineData("critical\treported\tsaddle-numbness\tnumb down there", "line 4: unknown level 'critical'")]
    [InlineData("emergency\tmaybe\tsaddle-numbness\tnumb down there", "line 4: unknown context 'maybe'")]
    [InlineData("emergency\treported\tsadle-numbness\tnumb down there", "line 4: unknown code 'sadle-numbness'")]
    [InlineData("urgent\treported\tsaddle-numbness\tnumb down there", "line 4: the level is urgent but its highest code is emergency")]
    [InlineData("none\t-\tsaddle-numbness\tnumb down there", "line 4: a message at level none raises no code")]
    [InlineData("emergency\t-\tsaddle-numbness\tnumb down there", "line 4: the context must be - exactly when the level is none")]
    [InlineData("emergency\treported\tsaddle-numbness\t ", "line 4: the message is empty")]
    public void Parse_MalformedLine_FailsNamingTheFileAndLine(string badLine, string problem)
    {
        var text = "# comment\nemergency\treported\tsaddle-numbness\tI can't feel the toilet seat\n\n" + badLine + "\n";

        var error = Assert.Throws<TriageExamplesException>(() => TriageExamples.Parse(text, ClinicRules.Rules.Rules, "examples.tsv"));

        Assert.StartsWith("Triage examples file 'examples.tsv' is invalid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadLines_ListsEveryOne()
    {
        var text = "emergency\treported\tnope\tone\nnone\t-\t-\tfine\nurgent\treported\tleg-weakness-one\n";

        var error = Assert.Throws<TriageExamplesException>(() => TriageExamples.Parse(text, ClinicRules.Rules.Rules));

        Assert.Equal(["line 1: unknown code 'nope' (not a rule of the red-flag rule file)", "line 3: expected 4 tab-separated columns (level, context, codes, message), found 3"], error.Problems);
    }

    [Fact]
    public void Parse_OnlySelfCareExamples_FailsWithNothingToLearn()
    {
        var error = Assert.Throws<TriageExamplesException>(() => TriageExamples.Parse("none\t-\t-\twhich shoes?\n", ClinicRules.Rules.Rules));

        Assert.Contains("nothing to learn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingFile_NamesTheSetting()
    {
        var problems = TriageExamples.Validate(Path.Combine(Path.GetTempPath(), "no-such-examples.tsv"), ClinicRules.Rules.Rules);

        Assert.Contains("Triage:SecondOpinion:ExamplesPath", Assert.Single(problems), StringComparison.Ordinal);
    }
}
