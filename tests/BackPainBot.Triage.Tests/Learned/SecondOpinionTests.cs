using BackPainBot.Triage.Learned;
using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests.Learned;

public sealed class SecondOpinionTests
{
    // In words no rule phrase has, in the spirit of the examples (the rules alone give nothing).
    private const string BladderInNewWords = "my bladder is doing whatever it wants since I hurt my back";
    private const string LeakInNewWords = "my back is bad and my wee keeps sneaking out";

    [Theory]
    [InlineData(BladderInNewWords)]
    [InlineData(LeakInNewWords)]
    public void Assess_EmergencyInWordsNoRuleHas_ModelRaisesItsCodeAsAReport(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);

        var result = ClinicRules.EngineWithSecondOpinion.Assess(message);

        var flag = Assert.Single(result.Flags);
        Assert.Equal("bladder-dysfunction", flag.Code);
        Assert.Equal(TriageLevel.Emergency, flag.Level);
        Assert.Equal(MentionContext.Reported, flag.Context);
        Assert.Contains("911", flag.Rule.Advice, StringComparison.Ordinal);
        Assert.InRange(flag.ModelScore!.Value, SecondOpinionOptions.DefaultEmergencyThreshold, 1);
    }

    [Fact]
    public void Assess_ModelFlag_SpansTheSentenceThatWeighedMost()
    {
        const string message = "My back is bad. My wee keeps sneaking out.";

        var flag = Assert.Single(ClinicRules.EngineWithSecondOpinion.Assess(message).Flags);

        Assert.Equal("My wee keeps sneaking out", message.Substring(flag.Start, flag.Length));
    }

    [Theory]
    [InlineData("no wee sneaking out or anything, just a stiff back, which stretches help?")]
    [InlineData("my wee doesn't keep sneaking out, my back is just a bit stiff")]
    [InlineData("my bladder never does whatever it wants, I just have a stiff back")]
    public void Assess_DeniedLookAlike_ModelRaisesNothing(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.EngineWithSecondOpinion.Assess(message).Level);
    }

    // Look-alikes the rules list for the code: the model's words ("fell off", "truck") must not overrule them.
    [Theory]
    [InlineData("I fell off the wagon with my diet over the holidays, will walking more help my back?")]
    [InlineData("A box of tools fell off the truck bed and I had to lift it back up, now my back is sore. Heat or ice?")]
    public void Assess_LookAlikeTheRulesList_ModelRaisesNothing(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.EngineWithSecondOpinion.Assess(message).Level);
    }

    // A fever with back pain is urgent; whether there are neurological signs that make it an emergency is for the
    // rules to find, not for the model to guess from the fever's words.
    [Fact]
    public void Assess_FeverWithBackPain_ModelDoesNotMakeItAnInfectionWithNeurologicalSigns()
    {
        var result = ClinicRules.EngineWithSecondOpinion.Assess("I've had a fever and chills with this back pain");

        Assert.Equal(TriageLevel.Urgent, result.Level);
        Assert.DoesNotContain(result.Flags, f => f.Code == "infection-with-neurological-signs");
    }

    [Theory]
    [InlineData("my mum says her wee keeps sneaking out and her back is bad", MentionContext.OtherPerson)]
    [InlineData("what if my bladder started doing whatever it wants, should I worry?", MentionContext.Hypothetical)]
    public void Assess_SomeoneElsesOrHypotheticalMention_ModelFlagKeepsThatContext(string message, MentionContext context)
    {
        var result = ClinicRules.EngineWithSecondOpinion.Assess(message);

        var flag = Assert.Single(result.Flags);
        Assert.Equal(context, flag.Context);
        Assert.NotNull(flag.ModelScore);
    }

    [Fact]
    public void Assess_EvaluationMessages_ModelNeverLowersOrRemovesARuleFlag()
    {
        var rows = TriageEvaluation.LoadTsv(RepoPaths.EvaluationSet).Where(r => r.Split == "tune").Take(1500);
        foreach (var row in rows)
        {
            var rules = ClinicRules.Engine.Assess(row.Message);
            var both = ClinicRules.EngineWithSecondOpinion.Assess(row.Message);

            Assert.True(both.Level >= rules.Level, $"line {row.Line}: {both.Level} < {rules.Level}");
            Assert.All(rules.Flags, f => Assert.Contains(f, both.Flags));
            Assert.All(both.Flags.Except(rules.Flags), f => Assert.True(f.Level > rules.Level && f.ModelScore is not null, $"line {row.Line}: {f.Code}"));
        }
    }

    [Fact]
    public void Assess_SelfCareQuestionRepeatedAThousandTimes_ModelRaisesNothing()
    {
        // Each feature counts once: repeating words must not add up to a confident score.
        var message = string.Concat(Enumerable.Repeat("why do my ankles hurt ", 1000));

        Assert.Equal(TriageLevel.None, ClinicRules.EngineWithSecondOpinion.Assess(message).Level);
    }

    [Fact]
    public void Train_SameExamplesTwice_GivesTheSameScores()
    {
        var examples = TriageExamples.Load(RepoPaths.TriageExamples, ClinicRules.Rules.Rules);

        var first = SecondOpinion.Train(ClinicRules.Rules, examples).Scores(LeakInNewWords);
        var second = SecondOpinion.Train(ClinicRules.Rules, examples).Scores(LeakInNewWords);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Assess_ThresholdAboveEveryScore_LeavesTheRulesAlone()
    {
        var options = new SecondOpinionOptions { EmergencyThreshold = 1, UrgentThreshold = 2, RoutineThreshold = 2 };
        var engine = new TriageEngine(ClinicRules.Rules, secondOpinion: SecondOpinion.Load(ClinicRules.Rules, RepoPaths.TriageExamples, options));

        Assert.Equal(TriageLevel.None, engine.Assess(LeakInNewWords).Level);
    }

    [Fact]
    public void PendingScreening_ModelEmergency_AsksNothingMore()
    {
        Assert.Empty(ClinicRules.EngineWithSecondOpinion.PendingScreening([LeakInNewWords]));
    }
}
