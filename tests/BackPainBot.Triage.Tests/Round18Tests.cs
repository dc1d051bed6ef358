using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>
/// Round 18: the families the round-18 blind batch and batch DD missed or escalated, with the rules alone, each with
/// twins of the same shape that must keep their level. Every message of the first theory or fact of each family was
/// missed, or escalated, by the rules before the change (checked on a copy of the round-17 rule file); the twins passed
/// there too and must keep passing.
/// </summary>
public sealed class Round18Tests
{
    private static void AssertFlag(string message, string code, TriageLevel level)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(level, result.Level);
        Assert.Contains(result.Flags, f => f.Code == code);
    }

    private static void AssertNone(string message) =>
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);

    // Weakness told as a timeline of abilities lost day by day: a limp or a slapping foot first, then no stairs, no
    // tiptoe, no lifting the toes, a leg that buckles.
    [Theory]
    [InlineData("on sunday I had a slight limp after my back went, by tuesday I couldn't get up the stairs, today I can't stand on tiptoe on my left foot")]
    [InlineData("my right foot started scuffing on friday, by sunday I couldn't lift my toes at all, now the whole leg buckles. back pain all week")]
    [InlineData("my wife was scuffing her right shoe on monday, now she can't get that foot onto the brake pedal. her back is bad")]
    [InlineData("day 1 I noticed a limp, day 3 I could not climb the stairs, today I cannot stand on tiptoe on my right leg. sore back")]
    public void Assess_AbilitiesLostDayByDay_IsProgressiveWeakness(string message) =>
        AssertFlag(message, "progressive-weakness", TriageLevel.Emergency);

    [Fact]
    public void Assess_SlightLimpThatHasNotChanged_StaysOneLegUrgent()
    {
        var result = ClinicRules.Engine.Assess("my left foot slaps a bit when I walk, I've had a slight limp all week with my sore back, it's the same as on monday");

        Assert.Equal(TriageLevel.Urgent, result.Level);
        Assert.DoesNotContain(result.Flags, f => f.Code == "progressive-weakness");
    }

    // Both legs told by what they feel like: full of wet sand.
    [Fact]
    public void Assess_BothLegsFullOfWetSand_IsBothLegs() =>
        AssertFlag("both my legs are full of wet sand today and my back is wrecked", "both-legs", TriageLevel.Emergency);

    // A motorbike that came off on a fast road, told in passing inside a shoe question.
    [Fact]
    public void Assess_MotorbikeCameOffOnTheHighwayInAShoeQuestion_IsMajorTrauma() =>
        AssertFlag("which running shoes are best? my back hurts since the motorbike came off on the highway last week", "major-trauma", TriageLevel.Emergency);

    [Theory]
    [InlineData("that car crash reality show had me glued to the sofa and my back is stiff, stretches?")]
    [InlineData("my motivation for running fell off a cliff this winter, how do I restart without hurting my back?")]
    public void Assess_CrashOrCliffAsAFigureOfSpeech_IsNotEscalated(string message) => AssertNone(message);

    [Fact]
    public void Assess_OverTheHandlebars_StaysMajorTrauma() =>
        AssertFlag("went over the handlebars on a downhill trail yesterday and my back is sore, treadmill ok?", "major-trauma", TriageLevel.Emergency);

    // Fever with one leg that won't push up or clear a step: an infection with neurological signs.
    [Theory]
    [InlineData("fever since friday and my back hurts low down, today my left leg wouldn't push me up the stairs")]
    [InlineData("temp 38.5 since yesterday, back aching and my right foot won't clear the kerb")]
    public void Assess_FeverWithALegThatWontPushOrClear_IsInfectionWithNeurologicalSigns(string message) =>
        AssertFlag(message, "infection-with-neurological-signs", TriageLevel.Emergency);

    [Fact]
    public void Assess_FeverWithLegsFine_StaysFeverUrgent() =>
        AssertFlag("fever since friday and my back hurts low down, my legs are fine", "fever-infection", TriageLevel.Urgent);

    // A foot that can't keep hold of a sandal, and great-toe weakness in a clinician's shorthand.
    [Theory]
    [InlineData("my left foot can't keep hold of my sandal since my back went")]
    [InlineData("L EHL 3/5, LBP 1/52")]
    public void Assess_FootThatCannotGripOrWeakToeExtension_IsOneLegWeakness(string message) =>
        AssertFlag(message, "leg-weakness-one", TriageLevel.Urgent);

    [Fact]
    public void Assess_SandalsTooBig_IsNotEscalated() =>
        AssertNone("my sandals keep sliding off because they are a size too big, good shoes for a sore back?");

    // Night pain that wakes the writer at the same hour every night and that nothing eases.
    [Fact]
    public void Assess_AwakeEveryNightNothingEases_IsCancerWarningSign() =>
        AssertFlag("every single night I'm awake at 4 with my back and nothing I try takes the edge off", "cancer-warning-signs", TriageLevel.Urgent);

    [Fact]
    public void Assess_UpEveryNightWithABaby_IsNotEscalated() =>
        AssertNone("up at 3 every night but that's the newborn, my back is just sore from rocking her");

    // Tingling that used to come only after exertion and is now constant is worsening.
    [Fact]
    public void Assess_TinglingOnceOnlyAfterRunsNowConstant_IsNerveSymptomsWorsening() =>
        AssertFlag("the tingling in my left foot only came on after long runs, now it's there constantly. back sore", "nerve-symptoms-worsening", TriageLevel.Urgent);

    [Fact]
    public void Assess_TinglingThatComesAndGoesWithRuns_StaysRoutine() =>
        AssertFlag("the tingling in my left foot comes on after long runs and goes when I stop. back sore", "tingling", TriageLevel.Routine);

    // An age told by a life event.
    [Fact]
    public void Assess_BusPassWithNewBackPain_IsAgeRisk() =>
        AssertFlag("just got my bus pass and my lower back has started aching this week", "age-risk", TriageLevel.Routine);

    // Numbness told as a wrapping.
    [Fact]
    public void Assess_ShinWrappedInClingfilm_IsNumbness() =>
        AssertFlag("my shin feels like it's wrapped in clingfilm since I hurt my back", "numbness", TriageLevel.Routine);

    // A fever that is not the writer's or not about the back, legs that gave out from unfitness, numb as a feeling.
    [Theory]
    [InlineData("my son has a fever from a cold, nothing to do with backs, which shoes for walking?")]
    [InlineData("my legs gave out on the final climb, I'm just so unfit, how do I train for hills without hurting my back?")]
    [InlineData("my boss is a pain in the backside and I'm numb to it now, my lower back is just a bit tight")]
    [InlineData("had the flu with a temperature all week, my back is totally fine, when can I run again?")]
    public void Assess_UnrelatedFeverUnfitLegsOrFigurativeNumb_IsNotEscalated(string message) => AssertNone(message);

    [Fact]
    public void Assess_LegsThatGaveOutWithoutAReason_StayBothLegs() =>
        AssertFlag("my legs gave out on the stairs this morning and my back is agony", "both-legs", TriageLevel.Emergency);
}
