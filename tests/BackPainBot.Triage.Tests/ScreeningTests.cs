using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>Asking directly about saddle numbness and bladder or bowel change, which patients rarely volunteer.</summary>
public sealed class ScreeningTests
{
    [Fact]
    public void Screening_ClinicRules_AsksAboutSaddleNumbnessThenBladderAndBowelThenLegsAndInjury()
    {
        var questions = ClinicRules.Engine.Screening;

        Assert.Equal(["saddle-numbness", "bladder-dysfunction", "both-legs", "major-trauma"], questions.Select(q => q.Code));
        Assert.All(questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Question)));
    }

    [Theory]
    [InlineData("my back hurts and I have numbness in my foot")]
    [InlineData("I have sciatica")]
    [InlineData("lower back pain with pins and needles in my toes")]
    [InlineData("my back is killing me and the pain shoots down my leg")]
    [InlineData("my back hurts and my right leg feels weak")]
    [InlineData("back ache and calf cramps when I jog")]
    public void NeedsScreening_BackPainWithLegSymptoms_ReturnsTrue(string message)
    {
        Assert.True(ClinicRules.Engine.NeedsScreening([message]));
    }

    [Fact]
    public void PendingScreening_BackPainWithLegSymptoms_AsksOnlyTheSaddleAndBladderQuestions()
    {
        var pending = ClinicRules.Engine.PendingScreening(["I have sciatica"]);

        Assert.Equal(["saddle-numbness", "bladder-dysfunction"], pending.Select(q => q.Code));
    }

    [Theory]
    [InlineData("I keep needing the bathroom, back aches", "bladder-dysfunction")]
    [InlineData("some leakage lately", "bladder-dysfunction")]
    [InlineData("the skin between my legs looks a bit red", "saddle-numbness")]
    [InlineData("my back hurts and I keep having to rush to the toilet", "bladder-dysfunction")]
    [InlineData("I've been a bit unsteady on my feet this week", "both-legs")]
    [InlineData("my pony kicked out and I came off", "major-trauma")]
    [InlineData("my back is sore since the crash", "major-trauma")]
    public void PendingScreening_DoubtSignalWithNothingUrgent_AsksThePromptedQuestion(string message, string code)
    {
        var pending = ClinicRules.Engine.PendingScreening([message]);

        Assert.Contains(code, pending.Select(q => q.Code));
    }

    [Fact]
    public void PendingScreening_InjuryDoubt_AsksOnlyTheInjuryQuestion()
    {
        var pending = ClinicRules.Engine.PendingScreening(["my pony kicked out and I came off"]);

        Assert.Equal("major-trauma", Assert.Single(pending).Code);
    }

    [Theory]
    [InlineData("back hurts, no problems with the toilet")]
    [InlineData("I was in a crash in 2015")]
    [InlineData("my husband's legs keep buckling")]
    [InlineData("is it bad if your legs buckle? asking for a school project, I have no pain")]
    public void NeedsScreening_DoubtNegatedPastHypotheticalOrSomeoneElses_ReturnsFalse(string message)
    {
        Assert.False(ClinicRules.Engine.NeedsScreening([message]));
    }

    [Theory]
    [InlineData("what shoes are best for walking on concrete")]
    [InlineData("how many steps a day should I walk with back pain")]
    [InlineData("is it ok to lose weight to help my back")]
    [InlineData("what core exercises help back pain")]
    [InlineData("is a softer surface better for running")]
    public void NeedsScreening_PlainSelfCareQuestion_ReturnsFalse(string message)
    {
        Assert.False(ClinicRules.Engine.NeedsScreening([message]));
    }

    [Fact]
    public void NeedsScreening_DoubtWithAnUrgentFlag_ReturnsFalse()
    {
        // Staff are already told about an urgent flag; a doubt question would only delay the reply.
        Assert.False(ClinicRules.Engine.NeedsScreening(["I have a fever", "my back hurts and I keep having to rush to the toilet"]));
    }

    [Fact]
    public void NeedsScreening_DoubtInAnEarlierMessage_ReturnsTrue()
    {
        Assert.True(ClinicRules.Engine.NeedsScreening(["my pony kicked out and I came off", "what stretches help?"]));
    }

    [Fact]
    public void PendingScreening_DoubtQuestionDenied_IsNotAsked()
    {
        var pending = ClinicRules.Engine.PendingScreening(["some leakage lately", "no numbness down there"]);

        Assert.Equal("bladder-dysfunction", Assert.Single(pending).Code);
    }

    [Fact]
    public void NeedsScreening_BackPainAndLegSymptomInDifferentMessages_ReturnsTrue()
    {
        Assert.True(ClinicRules.Engine.NeedsScreening(["my back hurts", "what shoes should I buy?", "my foot keeps going numb"]));
    }

    [Theory]
    [InlineData("my back hurts when I walk")]
    [InlineData("I have numbness in my foot")]
    [InlineData("my back hurts, no numbness or tingling")]
    [InlineData("my back hurts. What if I get numbness in my leg?")]
    [InlineData("my back hurts and my husband has sciatica")]
    [InlineData("how do I choose running shoes")]
    public void NeedsScreening_NoOwnBackPainWithLegSymptoms_ReturnsFalse(string message)
    {
        Assert.False(ClinicRules.Engine.NeedsScreening([message]));
    }

    [Theory]
    [InlineData("I'm numb between my legs")]
    [InlineData("I can't pee")]
    [InlineData("I've lost control of my bowels")]
    public void NeedsScreening_AnswerAlreadyReported_ReturnsFalse(string answer)
    {
        Assert.False(ClinicRules.Engine.NeedsScreening(["I have sciatica", answer]));
    }

    [Fact]
    public void PendingScreening_SaddleNumbnessDenied_LeavesTheBladderQuestion()
    {
        var pending = ClinicRules.Engine.PendingScreening(["my back hurts and I have sciatica", "no numbness down there"]);

        Assert.Equal("bladder-dysfunction", Assert.Single(pending).Code);
    }

    [Theory]
    [InlineData("no problems with my bladder")]
    [InlineData("I haven't had any bowel problems")]
    public void PendingScreening_BladderOrBowelDenied_LeavesTheSaddleQuestion(string denial)
    {
        var pending = ClinicRules.Engine.PendingScreening(["I have sciatica", denial]);

        Assert.Equal("saddle-numbness", Assert.Single(pending).Code);
    }

    [Fact]
    public void NeedsScreening_EveryQuestionDenied_ReturnsFalse()
    {
        Assert.False(ClinicRules.Engine.NeedsScreening(
            ["my back hurts and I have sciatica", "no numbness between my legs", "no bladder or bowel problems"]));
    }

    [Fact]
    public void NeedsScreening_NoScreeningSection_ReturnsFalse()
    {
        var engine = RuleFileJson.EngineWithPhrases("numb|numbness");

        Assert.Empty(engine.Screening);
        Assert.False(engine.NeedsScreening(["my back hurts and my foot is numb"]));
    }
}
