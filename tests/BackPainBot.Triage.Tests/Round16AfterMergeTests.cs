using BackPainBot.Triage.Tests.Support;
using static BackPainBot.Triage.Tests.Support.RuleAssert;

namespace BackPainBot.Triage.Tests;

/// <summary>
/// Round 16, after the merge of the recall and false-escalation branches: the families both left behind, with the rules
/// alone, each with the twins of the same shape that must keep their level. Every message of the first theory of each
/// family was missed, or escalated, by the rules before the change.
/// </summary>
public sealed class Round16AfterMergeTests
{
    // A "no" answering a question about what the writer can still feel or control reports the loss.
    [Theory]
    [InlineData("the locum asked if I can still tell when I need a wee. nope, not since Saturday", "bladder-dysfunction")]
    [InlineData("my wife wanted to know whether I could feel when I need the loo. Honestly not really, my back is wrecked", "bladder-dysfunction")]
    [InlineData("the paramedic asked if I can still feel when I need a poo. no, not for a day or two", "bowel-dysfunction")]
    [InlineData("the GP checked whether I could feel the paper when I wipe. sadly no, back agony", "saddle-numbness")]
    public void Assess_NoAnsweringWhatTheWriterCanStillFeel_IsEmergency(string message, string code) =>
        AssertFlag(message, code, TriageLevel.Emergency);

    [Theory]
    [InlineData("the locum asked if I can still tell when I need a wee. yes, all normal, just a stiff back")]
    [InlineData("the GP checked whether I could feel the paper when I wipe. yes I can, no change. heat or ice?")]
    [InlineData("the locum asked if I had any trouble peeing. no. what stretches help?")]
    public void Assess_QuestionAboutWhatTheWriterCanFeelAnsweredYesOrDenied_IsNotEscalated(string message) =>
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);

    // The writer who calls himself or herself a grandparent or parent "of N" is not someone else.
    [Theory]
    [InlineData("Granny of seven, 82, my lower back has been stiff and sore for a fortnight")]
    [InlineData("retired grandpa of two, 68, new back ache since I dug the allotment")]
    public void Assess_WriterDescribedAsGrandparentWithAnAge_IsOwnAgeRisk(string message) =>
        AssertFlag(message, "age-risk", TriageLevel.Routine);

    [Fact]
    public void Assess_GrandparentWhoIsSomeoneElseWithAnAge_IsSomeoneElsesAgeRisk() =>
        AssertFlag("my granny, 82, says her lower back has been sore for a fortnight", "age-risk", TriageLevel.Routine, MentionContext.OtherPerson);

    // Someone else's reach goes on through "but has": "he's clean now but has had back pain" is all about him.
    [Theory]
    [InlineData("my son used to shoot up, he's been clean a year now but has had severe back pain since Friday")]
    [InlineData("my daughter used to inject, she's doing well now but has had bad back pain for days")]
    public void Assess_SomeoneElsesHistoryGoingOnThroughButHas_IsTheirFeverInfection(string message) =>
        AssertFlag(message, "fever-infection", TriageLevel.Urgent, MentionContext.OtherPerson);

    [Fact]
    public void Assess_SomeoneElsesDrugHistoryButTheWritersOwnBackAche_IsNotEscalated() =>
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess("my uncle used to inject, he's doing well now, but I've had a sore back from gardening, any tips?").Level);

    // A rolled, turned or twisted ankle or foot is not major trauma; a rolled car still is.
    [Theory]
    [InlineData("I rolled my left ankle on a tree root and my back aches from hobbling")]
    [InlineData("we rolled our ankles on the hike and my back is stiff from limping down")]
    [InlineData("I rolled my foot stepping off the kerb, my lower back is sore from the crutches")]
    public void Assess_RolledOrTwistedAnkle_IsNotMajorTrauma(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.DoesNotContain(result.Flags, f => f.Code == "major-trauma");
        Assert.Equal(TriageLevel.None, result.Level);
    }

    [Theory]
    [InlineData("I rolled my jeep on a gravel road yesterday and my back is killing me")]
    [InlineData("I rolled my ankle, slipped and fell off the scaffolding, landed on my back")]
    public void Assess_RolledVehicleOrFallAfterTheAnkle_IsStillMajorTrauma(string message) =>
        AssertFlag(message, "major-trauma", TriageLevel.Emergency);

    // Tired legs after a workout named in the message are not both-legs weakness.
    [Theory]
    [InlineData("did a brutal leg workout this morning and my legs are like jelly lol, back stretches?")]
    [InlineData("hiked 20 miles yesterday, both my legs are weak today haha, is a hot bath good for my back?")]
    [InlineData("heavy squats this morning, now both my legs feel weak and wobbly lol, foam roller for my back?")]
    public void Assess_LegsWeakAfterANamedWorkout_IsNotEscalated(string message) =>
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);

    [Theory]
    [InlineData("haven't done any exercise, but both my legs are weak and shaky today and my back is bad")]
    [InlineData("did squats last week but since last night both my legs have gone weak, back agony")]
    public void Assess_LegsWeakWithoutAWorkoutToExplainIt_IsBothLegsEmergency(string message) =>
        AssertFlag(message, "both-legs", TriageLevel.Emergency);

    // A passing cause told before "today" or "while", or a cramp stretched out, that went at once.
    [Theory]
    [InlineData("my toes went numb in my new hiking boots today, fine after I unlaced them. back tips for hiking?")]
    [InlineData("my foot went dead while I was on the loo scrolling, all fine after. is a squat stool good for my back?")]
    [InlineData("calf cramped for a second while jogging, stretched it out and all good. is jogging ok for my back?")]
    public void Assess_PassingCauseThatWentAtOnce_IsNotEscalated(string message) =>
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);

    [Fact]
    public void Assess_NumbToesThatStayNumbAfterTheBootsCameOff_IsStillReported() =>
        AssertFlag("my toes went numb in my hiking boots today and they're still numb hours after I took them off", "numbness", TriageLevel.Routine);

    // A parent's cancer long ago, told with a question about the writer's own back, is not the writer's risk.
    [Theory]
    [InlineData("my mother had ovarian cancer 30 years ago, does that mean my stiff back is something bad? I'm 29")]
    [InlineData("my grandad died of bowel cancer decades ago, should I worry about my sore back after moving house?")]
    public void Assess_ParentsCancerLongAgoWithAQuestionAboutTheWritersBack_IsNotEscalated(string message) =>
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);

    [Fact]
    public void Assess_ParentsCancerWithTheirOwnNewNightPain_IsStillTheirCancerWarning() =>
        AssertFlag("my mum had breast cancer years ago and now she has new back pain that wakes her every night", "cancer-warning-signs", TriageLevel.Urgent, MentionContext.OtherPerson);

    // A phone or watch felt buzzing in the leg when it is not buzzing (phantom vibration) is not tingling.
    [Theory]
    [InlineData("my pager goes off all shift so I feel it buzzing on my thigh when it isn't, lol. back tips for nurses?")]
    [InlineData("my phone vibrates so often I feel buzzing in my leg when it's not even there, haha, best chair for my back?")]
    public void Assess_PhoneFeltBuzzingInTheLegWhenItIsNot_IsNotEscalated(string message) =>
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);

    [Fact]
    public void Assess_BuzzingInTheLegWithNoPhone_IsStillTingling() =>
        AssertFlag("my phone is off but my thigh keeps buzzing by itself, with back pain", "tingling", TriageLevel.Routine);
}
