using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Handoffs;

namespace BackPainBot.Conversation.Tests;

/// <summary>Several answers, follow-ups and the fallback that hands a question to staff.</summary>
public sealed class AnswerFlowTests
{
    [Fact]
    public async Task Message_AskForWalkingTips_ListsSeveralTipsWithButtonsToReadEach()
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync("tips for walking without back pain"));

        Assert.StartsWith("Here are the clinic's tips for that:", reply.Text);
        var listed = reply.Text.Split('\n').Count(line => line.StartsWith("- ", StringComparison.Ordinal));
        Assert.True(listed >= 3, $"expected a list of tips, got {listed}");
        Assert.Contains("Take shorter steps", reply.Buttons());
        Assert.Contains("Source:", reply.Text);
    }

    [Fact]
    public async Task Answer_OffersRelatedSectionsAndClickingOneAnswersIt()
    {
        var bot = new BotHarness();

        var first = Assert.Single(await bot.SayAsync("How often should I replace my walking shoes?"));
        var followUps = first.Buttons().Where(b => b != Responses.BookAction).ToList();
        Assert.InRange(followUps.Count, 1, 3);
        Assert.DoesNotContain("Replace old shoes", followUps);

        var second = Assert.Single(await bot.SayAsync(followUps[0]));

        Assert.StartsWith(followUps[0], second.Text);
        Assert.Contains("Source:", second.Text);
    }

    [Fact]
    public async Task Fallback_PassQuestionToStaff_RecordsARoutineHandoffWithTheQuestion()
    {
        var bot = new BotHarness();
        var fallback = Assert.Single(await bot.SayAsync("Do you take Blue Cross insurance?"));
        Assert.Contains(Responses.PassQuestionAction, fallback.Buttons());

        var replies = await bot.SayAsync(Responses.PassQuestionAction);
        Assert.Equal([bot.Responses.QuestionForStaff, bot.Responses.AskName], replies.Select(r => r.Text));
        await bot.SayAllAsync("Jane Smith", "jane@example.com", "as soon as possible", "yes");

        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal(HandoffReason.Question, handoff.Reason);
        Assert.Equal("Do you take Blue Cross insurance?", handoff.Question);
        Assert.Equal("routine", handoff.Level);
    }

    [Fact]
    public async Task Message_HistoricalSymptomThenTipQuestion_AnswersWithoutEscalating()
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync("I had tingling in my foot two years ago but it went away. How often should I replace my shoes?"));

        Assert.Equal("none", reply.TriageLevel());
        Assert.Contains("300-500 miles", reply.Text);
        Assert.Empty(bot.Store.All);
    }
}
