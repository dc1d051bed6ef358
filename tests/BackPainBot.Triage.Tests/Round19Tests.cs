using BackPainBot.Triage.Tests.Support;
using static BackPainBot.Triage.Tests.Support.RuleAssert;

namespace BackPainBot.Triage.Tests;

/// <summary>
/// Round 19: the families the round-19 blind batch and batch EE missed or escalated, with the rules alone, each with
/// twins of the same shape that must keep their level. Every message of the first theory or fact of each family was
/// missed, or escalated, by the rules before the change (checked on a copy of the round-18 rule file); the twins passed
/// there too and must keep passing.
/// </summary>
public sealed class Round19Tests
{
    // Non-native English about bladder or bowel control: "I not can control", "it come out alone", "I am not feel when
    // the stool is coming", "I try to make pee but nothing come out".
    [Theory]
    [InlineData("my back very pain from lifting and I not can control the pee, it come out alone", "bladder-dysfunction")]
    [InlineData("back is hurt since Monday and I am not feel when the poo is coming", "bowel-dysfunction")]
    [InlineData("I try to make pee but nothing come out since morning, my back pain is strong", "bladder-dysfunction")]
    public void Assess_NonNativeLossOfBladderOrBowelControl_IsEmergency(string message, string code) =>
        AssertFlag(message, code, TriageLevel.Emergency);

    [Fact]
    public void Assess_NonNativeDenialOfBladderAndBowelTrouble_IsNotEscalated() =>
        AssertNone("I not have problem with pee or poo, only my back is tired from standing at work. Which shoes are good?");

    // A leak from the bottom asked about "in case it happens": the safety information, as a hypothetical.
    [Theory]
    [InlineData("In case it ever happens, what should a person with a bad back do if they leak from their backside?")]
    [InlineData("just in case - what should someone with sciatica do if they start to leak from the bum?")]
    public void Assess_LeakFromTheBottomInCaseItHappens_IsHypotheticalBowelDysfunction(string message) =>
        AssertFlag(message, "bowel-dysfunction", TriageLevel.Emergency, MentionContext.Hypothetical);

    // A fall from a height in slang ("stacked it off the roof"); a phone dropped off a scaffold is no fall.
    [Fact]
    public void Assess_StackedItOffTheRoof_IsMajorTrauma() =>
        AssertFlag("stacked it off the roof yesterday, about 3m, back's wrecked", "major-trauma", TriageLevel.Emergency);

    [Fact]
    public void Assess_ToolDroppedOffTheScaffold_IsNotEscalated() =>
        AssertNone("dropped my drill off the scaffold this morning, back's fine, which boots are best for concrete?");

    // Ages told by school year, spelled out with the next birthday, or "years of age".
    [Theory]
    [InlineData("grade 9 here and my back has been sore since basketball")]
    [InlineData("Sixty eight next birthday and my lower back has started aching")]
    [InlineData("I am 81 years of age and my back hurts since Monday")]
    public void Assess_AgeBySchoolYearOrSpelledOut_IsAgeRisk(string message) =>
        AssertFlag(message, "age-risk", TriageLevel.Routine);

    [Fact]
    public void Assess_SchoolYearWithABackThatIsFine_IsNotEscalated() =>
        AssertNone("I'm in class 11 doing a project, my back is fine, how often should shoes be replaced?");

    // Codes missing beside an emergency: genitals that feel nothing with no erection are saddle numbness too; "temp all
    // weekend" with bowel trouble is an infection with neurological signs.
    [Fact]
    public void Assess_PenisFeelsNothingAndNotHard_IsSaddleNumbnessAndSexualDysfunction()
    {
        var result = ClinicRules.Engine.Assess("since my back pain my penis is not feel anything and not get hard");

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == "saddle-numbness");
        Assert.Contains(result.Flags, f => f.Code == "sexual-dysfunction");
    }

    [Fact]
    public void Assess_TempAllWeekendWithBowelTrouble_IsInfectionWithNeurologicalSigns() =>
        AssertFlag("temp all weekend and now I can't control my bowels, back is very sore", "infection-with-neurological-signs", TriageLevel.Emergency);

    // Context: someone else who "also" has a fever; "what's the best move if"; a red flag the writer only read about.
    [Fact]
    public void Assess_RelativeWhoAlsoHasAFever_IsSomeoneElses() =>
        AssertFlag("My dad has diabetes and his back hurts, he's also got a fever", "fever-infection", TriageLevel.Urgent, MentionContext.OtherPerson);

    [Fact]
    public void Assess_WhatsTheBestMoveIfBothLegsGoNumb_IsHypothetical() =>
        AssertFlag("What's the best move if both my legs go numb with this back?", "both-legs", TriageLevel.Emergency, MentionContext.Hypothetical);

    [Fact]
    public void Assess_FootDropTheWriterReadAbout_IsHypothetical() =>
        AssertFlag("Should I worry if my foot starts to drag? I read foot drop is a thing", "leg-weakness-one", TriageLevel.Urgent, MentionContext.Hypothetical);

    // Over-triage: pins and needles that went within the hour, "numb to" prices, an educational question with no
    // symptom, a minor fall on steroids read as major trauma, tingles down the spine, a leg that woke up on standing, a
    // "same thing as" question.
    [Theory]
    [InlineData("pins and needles in my feet after the coach trip, gone within about 15 minutes. Best travel pillow for my back?")]
    [InlineData("my toes were tingly after the flight but they were fine within the hour, any stretches for the plane?")]
    [InlineData("I'm numb to petrol prices these days, is cycling to work good for my back?")]
    [InlineData("what exactly is cauda equina? just curious, no symptoms")]
    [InlineData("That goal sent tingles down my spine! Best stretches after five-a-side?")]
    [InlineData("Knelt in the garden and my foot went dead, but it woke up as soon as I stood up. Normal?")]
    [InlineData("Is sciatica the same thing as a slipped disc? No symptoms, just reading up.")]
    public void Assess_PassingOrFigurativeOrEducational_IsNotEscalated(string message) => AssertNone(message);

    [Fact]
    public void Assess_MinorFallOnSteroidsLandingOnMeBum_IsFallWithBoneRiskNotMajorTrauma()
    {
        var result = ClinicRules.Engine.Assess("on pred for my asthma for years, slipped on the wet step and landed on me bum, back's sore");

        Assert.Equal(TriageLevel.Urgent, result.Level);
        Assert.Contains(result.Flags, f => f.Code == "fall-with-bone-risk");
        Assert.DoesNotContain(result.Flags, f => f.Code == "major-trauma");
    }

    [Fact]
    public void Assess_PinsAndNeedlesThatHaveNotGone_StayTingling() =>
        AssertFlag("pins and needles in my foot since the flight yesterday and they haven't gone", "tingling", TriageLevel.Routine);

    [Fact]
    public void Assess_NumbSaddleWithACaudaEquinaQuestion_StaysSaddleNumbness() =>
        AssertFlag("my saddle area is numb since yesterday, what exactly is cauda equina?", "saddle-numbness", TriageLevel.Emergency);

    [Fact]
    public void Assess_OwnPinchedNerveWithASameThingQuestion_StaysNervePinching() =>
        AssertFlag("Is this the same thing as a slipped disc? My pinched nerve shoots down my leg", "nerve-pinching", TriageLevel.Routine);
}
