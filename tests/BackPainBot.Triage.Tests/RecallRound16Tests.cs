using BackPainBot.Triage.Tests.Support;
using static BackPainBot.Triage.Tests.Support.RuleAssert;

namespace BackPainBot.Triage.Tests;

/// <summary>
/// Round 16 (recall): the ways of speaking the round-15 blind batch showed the rules lacked, each asked in words that are
/// in neither the batch nor batch BB, with the rules alone. Every message of the family theories was missed or given a
/// lower level by the rules before the round; the look-alikes must not escalate at all.
/// </summary>
public sealed class RecallRound16Tests
{
    [Theory]
    [InlineData("my thighs both have zero power since yesterday and my back is sore")]
    [InlineData("both legs no strong, back hurt")]
    [InlineData("I can't push up from a chair, both my upper legs are feeble since the back went")]
    [InlineData("from 2 days my two leg have no power and the back is paining")]
    public void Assess_BothLegsOrThighsWithoutStrength_IsBothLegsEmergency(string message) =>
        AssertFlag(message, "both-legs", TriageLevel.Emergency);

    [Theory]
    [InlineData("I realised my jeans were soaked and I never felt myself go. bad back since monday")]
    [InlineData("a little accident on the bus, pants damp, never felt it, back is bad since Monday")]
    [InlineData("since the back went I don't feel when I wee, it just happens")]
    public void Assess_WettingNotFelt_IsBladderEmergency(string message) =>
        AssertFlag(message, "bladder-dysfunction", TriageLevel.Emergency);

    [Theory]
    [InlineData("my willy has stopped getting hard since the back went")]
    [InlineData("my pecker won't stand up anymore since I hurt my back")]
    [InlineData("down there doesnt respond anymore since my back injury")]
    [InlineData("can't rise to the occasion in the bedroom since my disc went")]
    public void Assess_SlangForErectionsThatFail_IsSexualDysfunctionEmergency(string message) =>
        AssertFlag(message, "sexual-dysfunction", TriageLevel.Emergency);

    [Theory]
    [InlineData("I pranged my ute into a gum tree yesterday, back is sore")]
    [InlineData("smashed my pickup into a wall on the highway, lower back aching")]
    public void Assess_CrashOfTheWritersOwnVehicle_IsMajorTraumaEmergency(string message) =>
        AssertFlag(message, "major-trauma", TriageLevel.Emergency);

    [Fact]
    public void Assess_CrashOfAVehicleAskedAboutForTheFuture_IsHypotheticalMajorTrauma() =>
        AssertFlag("what do I do if I smash my car up and my back hurts after?", "major-trauma", TriageLevel.Emergency, MentionContext.Hypothetical);

    [Theory]
    [InlineData("the tingling now reaches my knee, last week it was only my toes")]
    [InlineData("the fuzzy patch on my shin is twice as big as last week")]
    [InlineData("pins and needles in my foot, more of my leg is affected than on Monday")]
    public void Assess_NerveSymptomCoveringMoreOfTheLeg_IsUrgentWorsening(string message) =>
        AssertFlag(message, "nerve-symptoms-worsening", TriageLevel.Urgent);

    [Theory]
    [InlineData("ex IV user, 3 years clean, bad back pain now")]
    [InlineData("used to inject drugs, clean now, severe back pain for a week")]
    [InlineData("got over tonsillitis a fortnight ago and now my back really hurts")]
    [InlineData("had strep 3 weeks ago, now back pain")]
    public void Assess_PastInjectingOrRecentInfectionWithBackPain_IsUrgentFeverInfection(string message) =>
        AssertFlag(message, "fever-infection", TriageLevel.Urgent);

    [Theory]
    [InlineData("I could barely feel the water on my privates in the shower")]
    [InlineData("in the bath I can hardly feel the water on my bum")]
    public void Assess_WaterOrTouchNotFeltInTheSaddle_IsSaddleNumbnessEmergency(string message) =>
        AssertFlag(message, "saddle-numbness", TriageLevel.Emergency);

    [Theory]
    [InlineData("buzzing in my heel, back aches")]
    [InlineData("a fizzing on the sole of my left foot")]
    public void Assess_BuzzingOrFizzingInTheFoot_IsRoutineTingling(string message) =>
        AssertFlag(message, "tingling", TriageLevel.Routine);

    [Theory]
    [InlineData("the warning before a poo isn't there anymore")]
    [InlineData("the urge you get before a poo has disappeared since my back went")]
    [InlineData("not sure anymore when I need a poo, back hurts")]
    public void Assess_BowelUrgeNotFelt_IsBowelEmergency(string message) =>
        AssertFlag(message, "bowel-dysfunction", TriageLevel.Emergency);

    [Theory]
    [InlineData("retired, 69, new back ache")]
    [InlineData("Pensioner (77) with a new ache in my lower back")]
    public void Assess_BareAgeAfterAWordForAnOlderPerson_IsAgeRisk(string message) =>
        AssertFlag(message, "age-risk", TriageLevel.Routine);

    [Theory]
    [InlineData("my back sends a zing down into my calf when I bend")]
    [InlineData("jolting pain from my lower back through my hip into my thigh")]
    public void Assess_ZingFromTheBackIntoTheLeg_IsNervePinching(string message) =>
        AssertFlag(message, "nerve-pinching", TriageLevel.Routine);

    [Theory]
    [InlineData("my legs are strong, both of them, just back ache")]
    [InlineData("I never felt weak in my legs, just a sore back")]
    [InlineData("I had strep throat as a teenager, anything to help my back now?")]
    [InlineData("my wife had tonsillitis, I need to reschedule my appointment, my back is better")]
    [InlineData("I used to inject insulin, now I'm on a pump. back exercises?")]
    [InlineData("retired after 35 years at the factory, my back is fine, which shoes for walking?")]
    [InlineData("my old car was junk and never started, glad to have a new one. tips for back pain on long drives?")]
    [InlineData("my little man (my son) is 3 and won't stand still for his shoes, carrying him hurts my back")]
    [InlineData("the fuzzy feeling in my head after the party is gone, my back is fine")]
    [InlineData("no urge to exercise lately, my back is stiff")]
    [InlineData("my pee is normal and I feel when I need to go, just back pain")]
    [InlineData("I can feel the shower water fine everywhere, it's only my lower back")]
    [InlineData("wrecked my phone screen, back is ok, which insoles?")]
    [InlineData("the buzzing of the fridge keeps me up, my lower back is stiff in the morning")]
    [InlineData("I didn't notice the wet patch on the kitchen floor and slipped, now my back hurts")]
    [InlineData("had a small accident at work, didn't notice the step and twisted, my back is sore")]
    [InlineData("my doctor used to inject my back with cortisone, is that safe long term?")]
    [InlineData("the pain used to shoot up my back when I lifted, physio fixed it. shoe tips?")]
    [InlineData("the acupuncturist uses clean needles, is acupuncture good for back pain?")]
    [InlineData("I boil the kettle every morning and lean over, back hurts since last week")]
    [InlineData("my massage gun vibrates nicely on my calf, can I use it on my lower back?")]
    [InlineData("my core is not strong and my legs ache after walking, will pilates help my back?")]
    public void Assess_LookAlikesOfTheRound16Families_DoNotEscalate(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.True(result.Level == TriageLevel.None, $"{result.Level}: {string.Join(", ", result.Flags.Select(f => f.Code))}");
    }
}
