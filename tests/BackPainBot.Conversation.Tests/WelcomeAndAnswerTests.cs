using BackPainBot.Conversation.Tests.Support;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace BackPainBot.Conversation.Tests;

public sealed class WelcomeAndAnswerTests
{
    [Fact]
    public async Task Join_NewConversation_WelcomesAsAutomatedAssistantWith911AndTopics()
    {
        var bot = new BotHarness();

        var replies = await bot.JoinAsync();

        var welcome = Assert.Single(replies);
        Assert.Contains("automated assistant, not a clinician", welcome.Text);
        Assert.Contains("call 911", welcome.Text);
        Assert.Contains(Responses.BookAction, welcome.Buttons());
        Assert.True(welcome.Buttons().Count >= 4, "the welcome offers topics as buttons");
    }

    [Fact]
    public async Task Join_SecondConversationUpdate_DoesNotWelcomeTwice()
    {
        var bot = new BotHarness();
        await bot.JoinAsync();

        var replies = await bot.JoinAsync();

        Assert.Empty(replies);
    }

    [Fact]
    public async Task Message_ShoeReplacementQuestion_AnswersWithMileageAndCitesTheArticle()
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync("How often should I replace my walking shoes?"));

        Assert.Contains("300-500 miles", reply.Text);
        Assert.Contains("Source: \"The Cause of Lower Back Pain May Stem from Your Ankles\"", reply.Text);
        Assert.Equal("none", reply.TriageLevel());
        Assert.Contains(Responses.BookAction, reply.Buttons());
    }

    [Theory]
    [InlineData("is it ok to jog on concrete sidewalks?", "concrete")]
    [InlineData("Where should my foot land when I walk?", "mid-foot and heel")]
    [InlineData("do my abs matter when walking", "core muscles")]
    public async Task Message_TipQuestionInPatientWords_AnswersFromTheRightSection(string question, string expectedText)
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync(question));

        Assert.Contains(expectedText, reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Source:", reply.Text);
    }

    [Theory]
    [InlineData("What's the weather like tomorrow?")]
    [InlineData("Can you recommend a good pizza place?")]
    [InlineData("How many milligrams of ibuprofen can I take?")]
    [InlineData("Could I just walk in, or is an appointment needed first?")]
    public async Task Message_OutOfScope_SaysItCannotHelpAndOffersTopicsAndStaff(string question)
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync(question));

        Assert.StartsWith("I'm sorry, I can't help with that.", reply.Text);
        Assert.DoesNotContain("Source:", reply.Text);
        Assert.Contains(Responses.PassQuestionAction, reply.Buttons());
        Assert.Contains(bot.Knowledge.Sections[0].Title, reply.Buttons());
    }

    [Fact]
    public async Task Message_StaffButtonAfterFallback_StartsBooking()
    {
        var bot = new BotHarness();
        await bot.SayAsync("What's the weather like tomorrow?");

        var replies = await bot.SayAsync(Responses.StaffAction);

        Assert.Equal(bot.Responses.AskName, replies[^1].Text);
    }

    [Fact]
    public async Task Message_NegatedSymptomWithTipQuestion_AnswersTheTipWithoutEscalating()
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync("No numbness or tingling, just stiffness. Where should my foot land when I run?"));

        Assert.Equal("none", reply.TriageLevel());
        Assert.Contains("mid-foot and heel", reply.Text);
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task Message_ShoeMileageOverTheLimitInKilometres_SaysToReplaceThem()
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync("My running shoes have about 900 km on them, is that too many?"));

        Assert.Contains("past the 300-500 miles", reply.Text);
    }

    [Fact]
    public async Task Message_ShoeMileageWithinTheRange_SaysToPlanANewPair()
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync("my shoes have 450 miles on them"));

        Assert.Contains("within the 300-500 miles", reply.Text);
    }

    [Fact]
    public async Task Message_PainForTwoMonths_SuggestsAConsultation()
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync("My lower back pain has lasted for 2 months when I walk"));

        Assert.Contains("worth having checked", reply.Text);
        Assert.Contains(Responses.BookAction, reply.Buttons());
    }

    [Fact]
    public async Task Message_HighPainScore_SuggestsAConsultation()
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync("my back pain is 8 out of 10 after jogging"));

        Assert.Contains("pain score of 8 out of 10 is high", reply.Text);
    }

    [Fact]
    public async Task Message_TeamsChannelMentionBeforeQuestion_MentionIsStrippedAndQuestionAnswered()
    {
        var bot = new BotHarness(Channels.Msteams);
        var message = bot.Adapter.MakeActivity("<at>BackPainBot</at> how often should I replace my shoes?");
        message.Entities = [new Mention(message.Recipient, "<at>BackPainBot</at>")];

        var reply = Assert.Single(await bot.SendAsync(message));

        Assert.Contains("300-500 miles", reply.Text);
    }

    [Fact]
    public async Task Message_EmptyText_AsksForText()
    {
        var bot = new BotHarness();
        var message = bot.Adapter.MakeActivity("   ");

        var reply = Assert.Single(await bot.SendAsync(message));

        Assert.Equal(bot.Responses.EmptyMessage, reply.Text);
    }

    [Fact]
    public async Task Message_EmojiOnly_GetsTheFallbackNotATip()
    {
        var bot = new BotHarness();

        var reply = Assert.Single(await bot.SayAsync("👍🏽🔥"));

        Assert.DoesNotContain("Source:", reply.Text);
    }

    [Fact]
    public async Task Message_TwentyThousandCharacters_IsAnsweredWithoutFailing()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync(string.Concat(Enumerable.Repeat("my shoes are old ", 1200)));

        Assert.NotEmpty(replies);
        Assert.DoesNotContain(bot.Responses.SomethingWentWrong, replies.AllText());
    }

    [Fact]
    public async Task Flow_GreetingThenHelp_RepliesWithHelloThenTopics()
    {
        var bot = new BotHarness();

        await bot.Flow()
            .Send("hi")
            .AssertReply(a => Assert.Equal(bot.Responses.Hello, a.AsMessageActivity().Text))
            .Send("help")
            .AssertReply(a => Assert.Equal(bot.Responses.Help, a.AsMessageActivity().Text))
            .StartTestAsync();
    }
}
