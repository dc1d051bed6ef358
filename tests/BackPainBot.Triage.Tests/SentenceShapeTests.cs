using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>
/// Context read from the shape of a sentence: a word for someone else typed without its apostrophe, a condition
/// followed by a question for advice, and a resolution said further from its symptom.
/// </summary>
public sealed class SentenceShapeTests
{
    [Theory]
    [InlineData("my mums leg is getting weaker by the hour, her back has been bad all week", "progressive-weakness")]
    [InlineData("husbands leg weakness has got much worse since this morning", "progressive-weakness")]
    [InlineData("my wifes left knee keeps buckling since she hurt her back, only that leg", "leg-weakness-one")]
    [InlineData("my nans got osteoporosis and had a little stumble in the garden", "fall-with-bone-risk")]
    public void Assess_WordForSomeoneElseWithoutItsApostrophe_ReturnsOtherPersonContext(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.OtherPerson, flag.Context);
    }

    [Theory]
    [InlineData("my mum has osteoporosis, slipped on the stairs yesterday and her back hurts")]
    [InlineData("my dad is on steroids, fell in the garden and hurt his back")]
    public void Assess_SomeoneElsesRiskThenTheirFallInTheNextClause_ReturnsOtherPersonContext(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(MentionContext.OtherPerson, Assert.Single(result.Flags, f => f.Code == "fall-with-bone-risk").Context);
    }

    [Theory]
    [InlineData("both my legs are numb and my back hurts", "both-legs")]
    [InlineData("my legs keep giving way", "both-legs")]
    public void Assess_PluralTheRulesUse_KeepsItsOwnMeaning(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Reported, flag.Context);
        Assert.Equal(TriageLevel.Emergency, result.Level);
    }

    [Theory]
    [InlineData("if my legs gave out on me while walking with this back would that be serious or just muscle fatigue", "both-legs")]
    [InlineData("i have osteoporosis - if i slip on ice this winter and hurt my back do i need an xray or just rest?", "fall-with-bone-risk")]
    [InlineData("if my bladder stopped working with this back pain would that be an emergency", "bladder-dysfunction")]
    [InlineData("if the pins and needles in my leg spread further should i come in sooner?", "nerve-symptoms-worsening")]
    public void Assess_ConditionFollowedByAQuestionForAdvice_ReturnsHypotheticalContext(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Hypothetical, flag.Context);
    }

    [Fact]
    public void Assess_WhatIfOverAnAndI_StaysHypotheticalToTheEndOfTheClause()
    {
        var result = ClinicRules.Engine.Assess("what if my back pain got worse and i started having trouble controlling my bladder, is that an ER thing");

        Assert.Equal(MentionContext.Hypothetical, Assert.Single(result.Flags, f => f.Code == "bladder-dysfunction").Context);
    }

    [Theory]
    [InlineData("if i cough i wet myself now, should i be worried? back pain for a week", "bladder-dysfunction")]
    [InlineData("if i stand up my legs give way, should i see someone?", "both-legs")]
    public void Assess_ConditionThatTellsWhatHappens_StaysReported(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(MentionContext.Reported, Assert.Single(result.Flags, f => f.Code == code).Context);
        Assert.Equal(TriageLevel.Emergency, result.Level);
    }

    [Theory]
    [InlineData("the tingling in my calf from last week has completely gone, any stretches for runners?", "tingling")]
    [InlineData("the numbness from the anaesthetic has worn off after my filling", "numbness")]
    public void Assess_ResolutionSaidFurtherFromItsSymptom_ReturnsNoneAndRecordsItAsResolved(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.None, result.Level);
        Assert.Contains(result.Suppressed, s => s.Code == code && s.Reason == SuppressedMention.Resolved);
    }

    [Theory]
    [InlineData("my camelbak bladder is leaking, does a heavy backpack matter for back pain?")]
    [InlineData("my dog wet the bed last night lol, anyway my back is a bit stiff from washing the sheets")]
    [InlineData("Whats a AAA? heard it on a tv show")]
    [InlineData("hit my funny bone on the door and it tingled all down my arm, anyway do you sell insoles")]
    [InlineData("honestly numb to back advice at this point, what do YOU recommend for shoes")]
    [InlineData("whats the difference between numbness and tingling medically speaking")]
    [InlineData("ED in my town is always packed, can i book a chiro instead for my stiff back?")]
    [InlineData("car rolled back a bit in the driveway, no harm done, is driving long distance bad for my back?")]
    public void Assess_LookAlike_ReturnsNone(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Theory]
    [InlineData("woke up and the bed was wet. im 34 and this doesnt happen to me. back been awful for days", "bladder-dysfunction")]
    [InlineData("dribbling and i cant stop the flow once it starts, lower back pain since monday", "bladder-dysfunction")]
    [InlineData("my bum feels like its not shutting properly and stuff leaks out, plus backache", "bowel-dysfunction")]
    [InlineData("down below feels muffled, like wearing thick undies, lower back agony", "saddle-numbness")]
    [InlineData("shooting pain down the back of both legs, worse when i cough", "both-legs")]
    [InlineData("rolled my ute on a dirt road last night and my back is killing me now", "major-trauma")]
    [InlineData("temp 38.5 and back ache and my foot is dragging now", "infection-with-neurological-signs")]
    public void Assess_EmergencyToldAsAConsequenceOrSensation_ReturnsEmergency(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == code);
    }
}
