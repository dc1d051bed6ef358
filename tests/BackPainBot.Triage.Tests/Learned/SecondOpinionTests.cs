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

    // Statements that a body function is fine or normal: the model once read them as the symptom and escalated every one
    // to 911. The first eight are the evaluation set's; the rest are in words neither the evaluation set nor the
    // examples have.
    [Theory]
    [InlineData("my legs feel normal")]
    [InlineData("I can pee fine")]
    [InlineData("I can control my bladder fine")]
    [InlineData("I have full control of my bowels")]
    [InlineData("my legs aren't weak")]
    [InlineData("Both legs feel totally normal and strong, it's only my lower back, left side, after running")]
    [InlineData("Nothing shooting down my legs, the pain stays in my lower back and its mild")]
    [InlineData("my legs are fine, no weakness")]
    [InlineData("both my legs feel strong and normal")]
    [InlineData("my bowels are working normally")]
    [InlineData("bowel control is totally normal")]
    [InlineData("the feeling in my bottom is normal")]
    [InlineData("my legs feel totally fine today")]
    [InlineData("walking is fine and both legs feel normal")]
    [InlineData("my legs are absolutely fine")]
    [InlineData("I wee without any trouble")]
    public void Assess_BodyFunctionSaidToBeFine_ModelRaisesNothing(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.EngineWithSecondOpinion.Assess(message).Level);
    }

    // The opposite error: one part said to be fine and another not, or fine before and not now. The rules alone miss
    // these; the model must still escalate them.
    [Theory]
    [InlineData("my legs are fine but my bladder isn't", "bladder-dysfunction")]
    [InlineData("I thought my legs were fine but now they give way", "both-legs")]
    public void Assess_OnePartFineAnotherNot_ModelStillEscalates(string message, string code)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);

        var result = ClinicRules.EngineWithSecondOpinion.Assess(message);

        Assert.Equal(TriageLevel.Emergency, result.Level);
        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    // Fine until now, fine except for a red flag, fine most of the time: whatever says the body function is fine, what
    // comes after it in the sentence is reported, and the message still escalates (the first by the rules, the others
    // by the model: "is normal" denies "peeing" but not "I can't feel the stream" after "except").
    [Theory]
    [InlineData("normal until this morning, now I can't pee")]
    [InlineData("peeing is normal except I can't feel the stream")]
    [InlineData("my wee is fine except I have to push really hard to get it out")]
    [InlineData("I was peeing fine until last night nothing comes out")]
    [InlineData("my legs feel ok at rest, walking they go numb")]
    [InlineData("I have full control of my bowels most of the time, sometimes it just comes out")]
    [InlineData("my bladder was normal until today, now it won't work")]
    [InlineData("bowels were fine yesterday but today I've had an accident without feeling it")]
    [InlineData("bladder has always been fine but since this morning nothing will come out")]
    public void Assess_FineBeforeOrExceptARedFlag_StillEscalates(string message)
    {
        Assert.Equal(TriageLevel.Emergency, ClinicRules.EngineWithSecondOpinion.Assess(message).Level);
    }

    // Round 16's examples (batch R16 of knowledge/triage-examples.tsv) tell emergencies by what the person notices, in
    // many voices. These messages are in neither file, no rule phrase has them, and the model trained on the examples
    // before round 16 gave both nothing; now each is a 911 emergency.
    [Theory]
    [InlineData("stuff comes out of my bottom on its own now, back is wrecked", "bowel-dysfunction")]
    [InlineData("my man part stays soft since my back injury", "sexual-dysfunction")]
    public void Assess_EmergencyToldByWhatThePersonNotices_ModelEscalatesIt(string message, string code)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);

        var result = ClinicRules.EngineWithSecondOpinion.Assess(message);

        Assert.Equal(TriageLevel.Emergency, result.Level);
        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Reported, flag.Context);
        Assert.NotNull(flag.ModelScore);
    }

    // The article's own question, how the ankles are linked to the back, was read as saddle numbness ("between", as in
    // "between my legs") and sent to 911 with a score above 0.6. Round 16's examples use "between", "link" and
    // "connection" the way the article and plain questions do; the model now leaves them to the answers.
    [Theory]
    [InlineData("what's the link between my ankles and my lower back?")]
    [InlineData("what is the connection between ankle and back pain?")]
    public void Assess_ArticleQuestionLinkingAnklesAndBack_ModelRaisesNothing(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);

        Assert.Equal(TriageLevel.None, ClinicRules.EngineWithSecondOpinion.Assess(message).Level);
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
