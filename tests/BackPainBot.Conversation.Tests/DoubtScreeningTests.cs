using BackPainBot.Conversation.Tests.Support;

namespace BackPainBot.Conversation.Tests;

/// <summary>
/// When in doubt, ask: a broad mention near an emergency (a crash, the toilet, weak legs) that no red-flag phrase
/// matched prompts the screening question for it once, before the answer the person asked for.
/// </summary>
public sealed class DoubtScreeningTests
{
    private const string CrashThenShoes = "my back is sore since the crash. How often should I replace my shoes?";

    [Fact]
    public async Task DoubtMention_AsksThePromptedQuestionBeforeTheAnswer()
    {
        var bot = new BotHarness();
        var injury = Assert.Single(bot.Triage.Screening, q => q.Code == "major-trauma");

        var reply = Assert.Single(await bot.SayAsync(CrashThenShoes));

        Assert.Equal("none", reply.TriageLevel());
        Assert.StartsWith(bot.Responses.ScreeningIntro, reply.Text);
        Assert.Contains(injury.Question, reply.Text);
        Assert.DoesNotContain("300-500 miles", reply.Text);
    }

    [Fact]
    public async Task DoubtMention_No_GivesTheAnswerAskedFor()
    {
        var bot = new BotHarness();
        await bot.SayAsync(CrashThenShoes);

        var reply = Assert.Single(await bot.SayAsync("no"));

        Assert.Contains("300-500 miles", reply.Text);
        Assert.Equal("none", reply.TriageLevel());
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task DoubtMention_AskedOnlyOnce()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync(CrashThenShoes, "no");

        var reply = Assert.Single(await bot.SayAsync("what stretches help after the crash?"));

        Assert.DoesNotContain(bot.Responses.ScreeningIntro, reply.Text);
    }

    [Fact]
    public async Task DoubtMention_Yes_EscalatesToEmergencyWithHandoff()
    {
        var bot = new BotHarness();
        await bot.SayAsync(CrashThenShoes);

        var replies = await bot.SayAsync("yes");

        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.Equal("emergency", replies[0].TriageLevel());
        var handoff = Assert.Single(bot.Store.All);
        Assert.Contains("major-trauma", handoff.Flags);
        Assert.Contains(handoff.TriageAudit, a => a.Code == "major-trauma" && a.Decision == "screening-yes");
    }

    [Fact]
    public async Task ToiletDoubt_AsksTheSaddleThenTheBladderQuestion()
    {
        var bot = new BotHarness();
        var questions = bot.Triage.Screening;

        var first = Assert.Single(await bot.SayAsync("I keep having to rush to the toilet, what stretches help my back?"));
        var second = Assert.Single(await bot.SayAsync("no"));

        Assert.Contains(questions.Single(q => q.Code == "saddle-numbness").Question, first.Text);
        Assert.Equal(questions.Single(q => q.Code == "bladder-dysfunction").Question, second.Text);
    }

    [Theory]
    [InlineData("my back hurts and lately there's been some leakage, do shoes matter?")]
    [InlineData("some leakage since my back went, could my old boots be the cause?")]
    public async Task LeakageAskedWithShoes_StillAsksTheScreeningQuestions(string message)
    {
        var bot = new BotHarness();
        var saddle = Assert.Single(bot.Triage.Screening, q => q.Code == "saddle-numbness");

        var reply = Assert.Single(await bot.SayAsync(message));

        Assert.StartsWith(bot.Responses.ScreeningIntro, reply.Text);
        Assert.Contains(saddle.Question, reply.Text);
        Assert.DoesNotContain("300-500 miles", reply.Text);
    }

    [Theory]
    [InlineData("How often should I replace my shoes?")]
    [InlineData("what core exercises help back pain")]
    [InlineData("is it ok to lose weight to help my back")]
    [InlineData("my sneakers are ancient, does that matter for my back?")]
    [InlineData("there was an incident at work and now I stand all day, which surfaces are kinder to my back?")]
    [InlineData("should I land on the balls of my feet when I jog")]
    [InlineData("which part of my foot should hit the ground first")]
    [InlineData("where does lower back pain come from if not the back")]
    [InlineData("my trainers are falling apart, could they be hurting my back")]
    [InlineData("my walking boots leak when it rains, should I replace them for my back's sake?")]
    [InlineData("is a leaky old shoe bad for my back")]
    [InlineData("is being heavy bad for my ankles")]
    [InlineData("I barely move all day at my desk, could my ankles still be behind my back ache")]
    public async Task PlainSelfCareQuestion_IsAnsweredWithoutScreening(string question)
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync(question));

        Assert.DoesNotContain(bot.Responses.ScreeningIntro, reply.Text);
    }
}
