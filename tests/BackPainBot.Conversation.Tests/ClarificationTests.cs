using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Handoffs;
using BackPainBot.Knowledge;

namespace BackPainBot.Conversation.Tests;

public sealed class ClarificationTests
{
    private const string Ambiguous = "what about my feet";

    private static BotHarness NewBot()
    {
        var real = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions());
        return new BotHarness(knowledge: new ClarifyingKnowledge(real, Ambiguous, "area-of-impact", "replace-shoes"));
    }

    [Fact]
    public async Task CloseCall_AsksWhichOneWithTitlesAndNoneOfThese()
    {
        var bot = NewBot();

        var reply = Assert.Single(await bot.SayAsync(Ambiguous));

        Assert.Equal(bot.Responses.Clarify, reply.Text);
        Assert.Equal(
            [bot.Knowledge.Find("area-of-impact")!.Title, bot.Knowledge.Find("replace-shoes")!.Title, Responses.NoneOfTheseAction],
            reply.Buttons());
    }

    [Fact]
    public async Task CloseCall_ChoosingATitle_AnswersThatSection()
    {
        var bot = NewBot();
        await bot.SayAsync(Ambiguous);

        var reply = Assert.Single(await bot.SayAsync(bot.Knowledge.Find("replace-shoes")!.Title));

        Assert.Contains("300-500 miles", reply.Text);
    }

    [Fact]
    public async Task CloseCall_NoneOfThese_OffersToPassTheQuestionToStaffWhoReceiveIt()
    {
        var bot = NewBot();
        await bot.SayAsync(Ambiguous);

        var reply = Assert.Single(await bot.SayAsync(Responses.NoneOfTheseAction));
        Assert.Equal(bot.Responses.NoneOfThese, reply.Text);
        Assert.Equal([Responses.PassQuestionAction, Responses.BookAction], reply.Buttons());

        await bot.SayAllAsync(Responses.PassQuestionAction, "Jane Smith", "801-555-0142", "as soon as possible", "yes");

        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal(HandoffReason.Question, handoff.Reason);
        Assert.Equal(Ambiguous, handoff.Question);
    }
}
