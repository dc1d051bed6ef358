using BackPainBot.Conversation.Tests.Support;

namespace BackPainBot.Conversation.Tests;

/// <summary>Questions patients don't volunteer, and symptoms that build up over several messages.</summary>
public sealed class ScreeningAndHistoryTests
{
    [Fact]
    public async Task LegSymptoms_AsksEachScreeningQuestionThenBooksOnAllClear()
    {
        var bot = new BotHarness();
        const string message = "My lower back hurts and I get tingling down my leg";
        // Back pain with a leg symptom asks the saddle and bladder questions; the legs and injury questions wait for a doubt.
        var questions = bot.Triage.PendingScreening([message]);
        Assert.Equal(["saddle-numbness", "bladder-dysfunction"], questions.Select(q => q.Code));

        var first = await bot.SayAsync(message);

        Assert.Equal("routine", first[0].TriageLevel());
        Assert.Contains(questions[0].Question, first[^1].Text);
        Assert.Equal([Responses.YesAction, Responses.NoAction, Responses.NotSureAction], first[^1].Buttons());
        IReadOnlyList<Microsoft.Bot.Schema.IMessageActivity> replies = [];
        for (var i = 1; i < questions.Count; i++)
        {
            replies = await bot.SayAsync("no");
            Assert.Equal(questions[i].Question, replies[^1].Text);
        }

        replies = await bot.SayAsync("no");

        Assert.Equal(bot.Responses.AskName, replies[^1].Text);
        Assert.Equal("routine", replies[^1].TriageLevel());
    }

    [Fact]
    public async Task LegSymptoms_YesToSaddleNumbness_EscalatesToEmergencyWithHandoff()
    {
        var bot = new BotHarness();
        await bot.SayAsync("My lower back hurts and I get tingling down my leg");

        var replies = await bot.SayAsync("yes");

        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.Equal("emergency", replies[0].TriageLevel());
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.Contains(bot.Triage.Screening[0].Code, handoff.Flags);
        Assert.Contains(handoff.TriageAudit, a => a.Decision == "screening-yes");
    }

    [Fact]
    public async Task LegSymptoms_NotSure_IsTreatedAsYes()
    {
        var bot = new BotHarness();
        await bot.SayAsync("My lower back hurts and I get tingling down my leg");

        var replies = await bot.SayAsync("not sure");

        Assert.Equal("emergency", replies[0].TriageLevel());
    }

    [Fact]
    public async Task LegSymptoms_UnclearAnswer_AsksAgain()
    {
        var bot = new BotHarness();
        await bot.SayAsync("My lower back hurts and I get tingling down my leg");

        var reply = Assert.Single(await bot.SayAsync("purple"));

        Assert.Equal(bot.Responses.RetryScreening, reply.Text);
    }

    [Fact]
    public async Task SymptomsOverSeveralMessages_CombineIntoAnEmergency()
    {
        var bot = new BotHarness();

        await bot.SayAsync("my back hurts");
        await bot.SayAsync("and my legs are weak");
        var replies = await bot.SayAsync("both of them");

        Assert.Equal("emergency", replies[0].TriageLevel());
        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.Equal("emergency", Assert.Single(bot.Store.All).Level);
    }

    [Fact]
    public async Task Level_DoesNotDropWhenTheNextMessageIsASelfCareQuestion()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("I have a fever and my back hurts", "cancel");

        var reply = Assert.Single(await bot.SayAsync("is jogging on concrete bad for my back?"));

        Assert.Equal("urgent", reply.TriageLevel());
    }
}
