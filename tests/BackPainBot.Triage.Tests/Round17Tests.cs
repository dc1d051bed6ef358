using BackPainBot.Triage.Tests.Support;
using static BackPainBot.Triage.Tests.Support.RuleAssert;

namespace BackPainBot.Triage.Tests;

/// <summary>
/// Round 17: the families the round-16 blind batch missed or escalated, with the rules alone, each with twins of the
/// same shape that must keep their level. Every message of the first theory of each family was missed, or escalated,
/// by the rules before the change (checked on a copy of the round-16 rule file).
/// </summary>
public sealed class Round17Tests
{
    // The urge to pass urine not felt, however it is told.
    [Theory]
    [InlineData("never had the need to wee all afternoon, and when I finally went it was like a bucket. lower back agony")]
    [InlineData("I dont get the gotta wee feeling since Sunday, my back is in bits")]
    [InlineData("my body does not tell me when I need the toilet for pee anymore, back pain 5 days")]
    [InlineData("there's no signal from my bladder at all since yesterday and my back hurts")]
    public void Assess_UrgeToPassUrineNotFelt_IsBladderEmergency(string message) =>
        AssertFlag(message, "bladder-dysfunction", TriageLevel.Emergency);

    [Theory]
    [InlineData("didn't feel the need to wee as much on the hike since I barely drank, back a bit stiff")]
    [InlineData("haven't had a pee since lunch because I've been driving all afternoon, back stiff from the seat")]
    public void Assess_UrgeAbsentForAPassingReason_IsNotEscalated(string message) => AssertNone(message);

    // One-leg weakness that has grown over days is progressive weakness.
    [Theory]
    [InlineData("my left foot slaps when I walk, started quiet on Friday, now it's loud and I'm catching my toes on every step. sore back")]
    [InlineData("the tip of my trainer keeps scraping the ground and it is worse every day. my back aches")]
    [InlineData("this week my left leg has gone from a bit wobbly to my knee giving way on the stairs, back is sore")]
    public void Assess_OneLegWeaknessGrowingOverDays_IsProgressiveWeakness(string message) =>
        AssertFlag(message, "progressive-weakness", TriageLevel.Emergency);

    [Fact]
    public void Assess_OneLegWeaknessThatHasNotChanged_StaysUrgent() =>
        AssertFlag("my left foot slaps a little when I walk, it's been the same all week, sore back", "leg-weakness-one", TriageLevel.Urgent);

    // "Osteoporotic" is thin bone; a fall from standing with it is a fragility fall, not major trauma.
    [Fact]
    public void Assess_OsteoporoticLowFall_IsFallWithBoneRisk() =>
        AssertFlag("I'm osteoporotic and slipped on the bathroom mat, my lower back is very sore", "fall-with-bone-risk", TriageLevel.Urgent);

    [Fact]
    public void Assess_FallFromStandingHeightWithOsteoporosis_IsNotMajorTrauma()
    {
        var result = ClinicRules.Engine.Assess("I have osteoporosis and had a fall from standing height in the garden, my back hurts");

        Assert.Equal(TriageLevel.Urgent, result.Level);
        Assert.DoesNotContain(result.Flags, f => f.Code == "major-trauma");
    }

    // An electric line, streak or current from the buttock or back down the leg is a trapped nerve.
    [Theory]
    [InlineData("I get an electric line from my left buttock into my calf when I drive")]
    [InlineData("it feels like electricity going down the back of my right leg when I bend")]
    public void Assess_ElectricLineDownTheLeg_IsNervePinching(string message) =>
        AssertFlag(message, "nerve-pinching", TriageLevel.Routine);

    [Fact]
    public void Assess_ElectricShockFromADoor_IsNotEscalated() =>
        AssertNone("got an electric shock from the fridge door, made me jump. any back stretches for the morning?");

    // Clinical shorthand: pyrexial, a temperature, reduced power in a named leg.
    [Theory]
    [InlineData("Post-op day 6 lumbar decompression, pyrexial 38.3, new reduced power L leg.")]
    [InlineData("Pyrexial 38.5, LBP, reduced power rt leg, IVDU.")]
    public void Assess_PyrexiaWithReducedPowerInALeg_IsInfectionWithNeurologicalSigns(string message) =>
        AssertFlag(message, "infection-with-neurological-signs", TriageLevel.Emergency);

    [Fact]
    public void Assess_PyrexiaWithNormalPower_IsFeverUrgent() =>
        AssertFlag("Post-op day 4, pyrexial 38.2, power normal in both legs, wound clean.", "fever-infection", TriageLevel.Urgent);

    // A bare age told non-natively.
    [Theory]
    [InlineData("I am 72 years, back pain since ten days")]
    [InlineData("I have 66 years, lower back hurting for 2 weeks")]
    [InlineData("77, new pain in my lower back since the move")]
    public void Assess_BareAgeToldNonNatively_IsAgeRisk(string message) =>
        AssertFlag(message, "age-risk", TriageLevel.Routine);

    [Theory]
    [InlineData("I am 31 years. My back is stiff after the office.")]
    [InlineData("I have 4 children and my back is stiff from carrying them")]
    public void Assess_YoungAgeOrACount_IsNotAgeRisk(string message) => AssertNone(message);

    // A part of the leg that doesn't feel right to the touch is numbness.
    [Theory]
    [InlineData("the outside of my left calf, I don't feel normal when I touch it. back pain too")]
    [InlineData("a patch on my shin feels like touching it through a glove, back has been sore")]
    public void Assess_LegThatDoesNotFeelRightToTheTouch_IsNumbness(string message) =>
        AssertFlag(message, "numbness", TriageLevel.Routine);

    [Fact]
    public void Assess_ChairThatDoesNotFeelGood_IsNotEscalated() =>
        AssertNone("my back doesn't feel good when I sit in the car seat, any cushion tips?");

    // Saddle skin wrapped in clingfilm, plastic or cotton wool, or asleep to the touch.
    [Theory]
    [InlineData("since my back went my lady bits feel like they're wrapped in cling film")]
    public void Assess_SaddleWrappedOrAsleep_IsSaddleNumbness(string message) =>
        AssertFlag(message, "saddle-numbness", TriageLevel.Emergency);

    [Fact]
    public void Assess_ClingfilmOnTheBack_IsNotEscalated() =>
        AssertNone("the physio wrapped my lower back in cling film with an ice pack, how long should I leave it?");

    // A crashed vehicle told non-natively, a full flight of stairs, the top of a pyramid or stunt.
    [Theory]
    [InlineData("I had accident with my car on the motorway, car is total loss, back very pain")]
    [InlineData("went head over heels down a whole flight of stairs at the station, my back is agony")]
    [InlineData("my daughter fell off the top of the human pyramid at cheer practice and her back hurts")]
    public void Assess_CrashOrLongFall_IsMajorTrauma(string message) =>
        Assert.Equal(TriageLevel.Emergency, ClinicRules.Engine.Assess(message).Level);

    [Fact]
    public void Assess_CarThatIsFinishedMechanically_IsNotEscalated() =>
        AssertNone("my car is finished, the gearbox died. the rental seat hurts my back, any cushion?");

    // Both legs heavy, or wobbly to the point of folding.
    [Theory]
    [InlineData("my two legs are heavy like stones since yesterday, back sore")]
    [InlineData("both legs heavy and shaky since I woke up, lower back pain")]
    public void Assess_BothLegsHeavy_IsBothLegs(string message) =>
        AssertFlag(message, "both-legs", TriageLevel.Emergency);

    [Theory]
    [InlineData("my legs feel heavy after standing at the market all day, back a bit tired")]
    [InlineData("legs feel heavy when I cycle uphill, back is fine")]
    public void Assess_HeavyLegsAfterExertion_IsNotEscalated(string message) => AssertNone(message);

    // Faecal incontinence is not bladder; both ends lost is both.
    [Fact]
    public void Assess_FaecalIncontinenceWithoutAwareness_IsBowelOnly()
    {
        var result = ClinicRules.Engine.Assess("Note: 58F, LBP 4/7, new faecal incontinence without awareness overnight.");

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == "bowel-dysfunction");
        Assert.DoesNotContain(result.Flags, f => f.Code == "bladder-dysfunction");
    }

    [Fact]
    public void Assess_LostControlOfBothEnds_IsBladderAndBowel()
    {
        var result = ClinicRules.Engine.Assess("lost control of both ends this afternoon, my back went on Friday");

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == "bladder-dysfunction");
        Assert.Contains(result.Flags, f => f.Code == "bowel-dysfunction");
    }

    // Passing causes: thawing toes, race cramps, a foot asleep from sitting, a patch gone by itself long ago, a price.
    [Theory]
    [InlineData("my fingers and toes tingle when they warm up after sledging, fine in a few minutes. back ok, boots?")]
    [InlineData("had bad calf cramps in the last mile of the half marathon, always happens, back fine")]
    [InlineData("sat cross-legged at the campfire and my foot went to sleep, pins and needles then fine. is that bad for my back?")]
    [InlineData("my foot fell asleep on the toilet scrolling again lol. best desk chair for the back?")]
    [InlineData("Last autumn I had a numb patch on my shin for a week, it went away by itself. Question about pillows.")]
    [InlineData("When I saw the bill for the new bed my legs went weak lol. worth it for my back?")]
    public void Assess_PassingCauseOrFigurative_IsNotEscalated(string message) => AssertNone(message);

    [Theory]
    [InlineData("my toes tingle all day now even when they're warm, and my back aches", "tingling")]
    [InlineData("I get calf cramps every evening now without any exercise, back sore", "leg-cramps")]
    [InlineData("my foot goes to sleep whenever I sit now and stays numb for hours, back aches", "numbness")]
    public void Assess_SameSymptomWithoutAPassingCause_StaysRoutine(string message, string code) =>
        AssertFlag(message, code, TriageLevel.Routine);

    [Fact]
    public void Assess_LegsWentWeakAndFell_IsStillBothLegs() =>
        AssertFlag("my legs went weak in the kitchen and I fell, back pain since Monday", "both-legs", TriageLevel.Emergency);
}
