using System.Text.Json.Nodes;
using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>Flags that together mean more than each alone, from the rule file's combinations.</summary>
public sealed class CombinationTests
{
    [Fact]
    public void Assess_FeverWithOneLegWeak_ReturnsEmergencyAndKeepsThePartsItNamesAlongside()
    {
        var result = ClinicRules.Engine.Assess("I've had a fever since Monday. My left leg is weak.");

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Equal(
            ["fever-infection", "infection-with-neurological-signs", "leg-weakness-one"],
            result.Flags.Select(f => f.Code).Order());
    }

    [Fact]
    public void Assess_FeverWithBladderChange_AddsInfectionAndKeepsBladderAndFever()
    {
        var result = ClinicRules.Engine.Assess("fever and chills and now I can't pee");

        Assert.Equal(
            ["bladder-dysfunction", "fever-infection", "infection-with-neurological-signs"],
            result.Flags.Select(f => f.Code).Order());
    }

    [Theory]
    [InlineData("i inject and my back has been agony for days, now my right leg wont hold me up")]
    [InlineData("shaking and sweating all night, back aching, and my right foot is flopping when i walk")]
    public void Assess_InfectionRiskWithOneLegSign_ReturnsInfectionWithNeurologicalSignsAndTheWeakLeg(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == "infection-with-neurological-signs");
        Assert.Contains(result.Flags, f => f.Code == "leg-weakness-one");
    }

    [Fact]
    public void Assess_CombinationWithoutKeeps_StillReplacesItsLessUrgentParts()
    {
        var result = ClinicRules.Engine.Assess("I have osteoporosis and slipped on the ice");

        Assert.Equal("fall-with-bone-risk", Assert.Single(result.Flags).Code);
    }

    [Theory]
    [InlineData("on prednisone and slipped")]
    [InlineData("I have osteoporosis. I slipped on the ice yesterday.")]
    [InlineData("I've been on steroids for years and lifted a heavy box")]
    public void Assess_MinorFallWithBoneRisk_ReturnsFragilityFracture(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal("fall-with-bone-risk", Assert.Single(result.Flags).Code);
        Assert.Equal(TriageLevel.Urgent, result.Level);
    }

    [Theory]
    [InlineData("I have osteoporosis")]
    [InlineData("I slipped on the ice")]
    [InlineData("I have osteoporosis and never fell")]
    public void Assess_OnlyOnePartOfACombination_ReturnsNone(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Fact]
    public void Assess_WeakLegGettingWorse_ReturnsProgressiveWeakness()
    {
        var result = ClinicRules.Engine.Assess("the weakness in my right leg is getting worse");

        Assert.Equal(["leg-weakness-one", "progressive-weakness"], result.Flags.Select(f => f.Code).Order());
    }

    [Fact]
    public void Assess_WorseningInAnotherSentence_DoesNotCombine()
    {
        var result = ClinicRules.Engine.Assess("My right leg is weak. My back pain is getting worse.");

        Assert.Equal("leg-weakness-one", Assert.Single(result.Flags).Code);
    }

    [Fact]
    public void Assess_HypotheticalFeverWithReportedWeakness_CombinesAsAHypotheticalAndKeepsTheReportedPart()
    {
        var result = ClinicRules.Engine.Assess("My left leg is weak. What should I do if I get a fever?");

        Assert.Equal(MentionContext.Reported, Assert.Single(result.Flags, f => f.Code == "leg-weakness-one").Context);
        Assert.Equal(MentionContext.Hypothetical, Assert.Single(result.Flags, f => f.Code == "infection-with-neurological-signs").Context);
        Assert.DoesNotContain(result.Flags, f => f.Code == "fever-infection" && f.Context == MentionContext.Reported);
    }

    [Theory]
    [InlineData("I have osteoporosis, what should I do if I fall?", "fall-with-bone-risk")]
    [InlineData("my left foot is a little weak - what if it started getting weaker quickly, would that change things?", "progressive-weakness")]
    public void Assess_ReportedPartWithAHypotheticalPart_ReturnsTheCombinationAsHypothetical(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(MentionContext.Hypothetical, Assert.Single(result.Flags, f => f.Code == code).Context);
    }

    [Fact]
    public void Assess_WeakLegThenItsGettingWorseInTheNextSentence_ReturnsProgressiveWeakness()
    {
        var result = ClinicRules.Engine.Assess("my right leg is weak. it's getting worse every day.");

        Assert.Equal(["leg-weakness-one", "progressive-weakness"], result.Flags.Select(f => f.Code).Order());
    }

    [Fact]
    public void Assess_SameMessageCombination_CombinesAcrossSentencesButNotAcrossMessages()
    {
        var engine = new TriageEngine(TriageRules.Parse(RuleFileJson.Text(d => d["combinations"] = JsonNode.Parse(
            """[{ "when": ["fever-infection", "numbness"], "then": "saddle-numbness", "sameMessage": true }]"""))));

        Assert.Contains(engine.Assess("I have a fever. My foot is numb.").Flags, f => f.Code == "saddle-numbness");
        Assert.DoesNotContain(engine.AssessConversation(["I have a fever", "My foot is numb"]).Flags, f => f.Code == "saddle-numbness");
    }

    [Theory]
    [InlineData("worst back pain ever, came out of nowhere, belly hurts too and I'm dizzy and sweaty")]
    [InlineData("Worst pain of my life in my back. It came out of the blue. My tummy hurts and I'm woozy.")]
    public void Assess_SuddenSevereBackPainWithBellyPainOrFaintness_ReturnsAorticAneurysm(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == "aortic-aneurysm");
    }

    [Theory]
    [InlineData("left foot was a bit floppy on tuesday, now im dragging it everywhere")]
    [InlineData("each morning its harder to lift my foot, today i can barely point my toes up")]
    [InlineData("my right leg is getting weaker every day, today i couldnt get up the stairs")]
    [InlineData("each day its harder to stand on my right leg, now it barely takes my weight")]
    public void Assess_OneLegWeakerDayByDay_ReturnsProgressiveWeaknessAndKeepsOneLegWeakness(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == "progressive-weakness");
        Assert.Contains(result.Flags, f => f.Code == "leg-weakness-one");
    }

    [Theory]
    [InlineData("my sciatica has moved into the other leg as well")]
    [InlineData("sciatica going down both legs now")]
    public void Assess_SciaticaInBothLegs_ReturnsBothLegsAndKeepsNervePinching(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == "both-legs");
        Assert.Contains(result.Flags, f => f.Code == "nerve-pinching");
    }

    [Fact]
    public void Assess_TinglingGettingWorse_ReturnsWorseningAndKeepsTingling()
    {
        var result = ClinicRules.Engine.Assess("the tingles in my calf are getting stronger and lasting longer");

        Assert.Equal(["nerve-symptoms-worsening", "tingling"], result.Flags.Select(f => f.Code).Order());
    }

    [Fact]
    public void Assess_SomethingTearingWithAPoundingBellyAndFaintness_ReturnsAorticAneurysm()
    {
        var result = ClinicRules.Engine.Assess("felt something rip in my back, now my tummy is pounding and I feel woozy");

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == "aortic-aneurysm");
    }

    [Fact]
    public void Assess_TemperatureAsANumberWithAScuffedShoe_ReturnsInfectionAndKeepsTheWeakLeg()
    {
        var result = ClinicRules.Engine.Assess("101 fever and i keep scuffing my left shoe, back aching");

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == "infection-with-neurological-signs");
        Assert.Contains(result.Flags, f => f.Code == "leg-weakness-one");
    }

    [Theory]
    [InlineData("born in 1948 and my back aches")]
    [InlineData("in my late 60s and my back started hurting this week")]
    public void Assess_AgeAsABirthYearOrDecadeWithBackPain_ReturnsAgeRisk(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal("age-risk", Assert.Single(result.Flags).Code);
    }

    [Theory]
    [InlineData("born in 1990, any chair tips for a stiff back?")]
    [InlineData("this year has been a total train wreck and my back is stiff, any stretches?")]
    public void Assess_LookAlikeOfAgeOrTrauma_ReturnsNone(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }
}
