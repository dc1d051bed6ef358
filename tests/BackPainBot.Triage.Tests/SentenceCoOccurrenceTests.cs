using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>
/// The clinic's safety-net rules written with <c>a &amp;&amp; b</c>: a body part or function and a loss or change anywhere
/// in one sentence, in either order ("trouble starting my stream and then it just dribbles"), read in context like any
/// other mention.
/// </summary>
public sealed class SentenceCoOccurrenceTests
{
    [Theory]
    [InlineData("having trouble starting my stream and then it just dribbles", "bladder-dysfunction")]
    [InlineData("since the disc went my bladder just is not under my control any more", "bladder-dysfunction")]
    [InlineData("went for a number two this morning and honestly could not feel it happening", "bowel-dysfunction")]
    [InlineData("my bowel habits are completely out of my hands since my back gave way", "bowel-dysfunction")]
    [InlineData("my legs stopped holding me when I stood up", "both-legs")]
    [InlineData("Progressive L leg weakness over 48h, self", "progressive-weakness")]
    [InlineData("losing strength in my leg day by day", "progressive-weakness")]
    [InlineData("the weakness in my foot has progressed since friday", "progressive-weakness")]
    [InlineData("the numb patch on my shin has spread", "nerve-symptoms-worsening")]
    [InlineData("a tingling in my toes that has crept up to my knee", "nerve-symptoms-worsening")]
    [InlineData("my right knee feels like it might give out on the stairs", "leg-weakness-one")]
    public void Assess_PartAndLossFarApartInOneSentence_ReportsTheRedFlag(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Contains(result.Flags, f => f.Code == code && f.Context == MentionContext.Reported);
    }

    [Theory]
    [InlineData("I don't have any trouble starting my stream and it never dribbles")]
    [InlineData("no trouble starting my stream, back is just stiff")]
    [InlineData("my bladder has not been out of control at all")]
    [InlineData("I can feel everything when I have a bowel movement")]
    [InlineData("my bladder control has been fine and my legs are holding up well")]
    public void Assess_DeniedLossOrNoLoss_ReturnsNone(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Theory]
    [InlineData("what should I do if my stream won't start and then only dribbles?", "bladder-dysfunction")]
    [InlineData("if someone's bowels were out of control after a back injury, would they need the ER?", "bowel-dysfunction")]
    public void Assess_HypotheticalPartAndLoss_IsHypothetical(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Contains(result.Flags, f => f.Code == code);
        Assert.True(result.IsHypotheticalOnly);
    }

    [Theory]
    [InlineData("my husband's stream takes forever to start and then it only dribbles, his back is bad", "bladder-dysfunction")]
    [InlineData("my mum's leg weakness has progressed since last week", "progressive-weakness")]
    public void Assess_SomeoneElsesPartAndLoss_IsAboutThem(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Contains(result.Flags, f => f.Code == code && f.Context == MentionContext.OtherPerson);
    }

    [Theory]
    [InlineData("years ago my bowels were out of control after surgery, all fine now")]
    [InlineData("in 2019 the weakness in my leg progressed over a week but it recovered fully")]
    public void Assess_PastPartAndLoss_ReturnsNone(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Theory]
    [InlineData("my leg got stronger day by day after physio")]
    [InlineData("my running has progressed nicely since I started core work")]
    [InlineData("the bruise on my thigh is bigger than yesterday after I bumped the table")]
    [InlineData("why does every doctor ask about my waterworks when I come in about my back?")]
    [InlineData("is foot drop an actual medical thing or just something physios say?")]
    public void Assess_LookAlike_ReturnsNone(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Fact]
    public void Assess_OneLegWeakerButStable_IsUrgentNotEmergency()
    {
        var result = ClinicRules.Engine.Assess("One of my legs just feels weaker than the other. Not getting worse, just weak.");

        Assert.Equal(TriageLevel.Urgent, result.Level);
    }
}
