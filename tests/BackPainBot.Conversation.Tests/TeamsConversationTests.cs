using BackPainBot.Conversation.Tests.Support;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace BackPainBot.Conversation.Tests;

/// <summary>
/// Activities shaped as Teams sends them: channel <c>msteams</c>, a personal chat or a team channel thread
/// (<c>;messageid=</c>), the bot's <c>&lt;at&gt;</c> mention with its entity, and <c>channelData.team/channel</c>.
/// </summary>
public sealed class TeamsConversationTests
{
    private const string BotId = "28:00000000-0000-0000-0000-0000000000b0";
    private const string BotName = "BackPainBot";
    private const string TeamId = "19:team0000000000000000000000000000@thread.tacv2";
    private const string ChannelThread = TeamId + ";messageid=1732867200000";
    private const string ShoeQuestion = "how often should I replace my walking shoes?";
    private const string Mention = "<at>" + BotName + "</at>";

    [Fact]
    public async Task Message_PersonalChatQuestion_AnswersWithSourceAndSuggestedActions()
    {
        var bot = TeamsBot("personal", "a:1personal-chat-id");

        var reply = Assert.Single(await bot.SendAsync(Message(bot, ShoeQuestion)));

        Assert.Contains("300-500 miles", reply.Text);
        Assert.Contains("Source:", reply.Text);
        Assert.Contains(Responses.BookAction, reply.Buttons());
        Assert.Empty(reply.Attachments ?? []);
    }

    [Fact]
    public async Task Message_ChannelMentionWithQuestion_AnswersWithSourceInTheSameThread()
    {
        var bot = TeamsBot("channel", ChannelThread);
        var message = Message(bot, $"{Mention} {ShoeQuestion}", mentionsBot: true);

        var reply = Assert.Single(await bot.SendAsync(message));

        Assert.Contains("300-500 miles", Shown(reply));
        Assert.Contains("Source: \"The Cause of Lower Back Pain May Stem from Your Ankles\"", Shown(reply));
        Assert.Equal(ChannelThread, reply.Conversation.Id);
        Assert.Equal(message.Id, reply.ReplyToId);
    }

    [Fact]
    public async Task Message_ChannelMention_IsStrippedBeforeTriageAndSearch()
    {
        var bot = TeamsBot("channel", ChannelThread);

        await bot.SendAsync(Message(bot, $"{Mention} I suddenly can't control my bladder and my back hurts", mentionsBot: true));

        var handoff = Assert.Single(bot.Store.All);
        var patientLines = handoff.Transcript.Where(t => t.From == "patient").Select(t => t.Text).ToList();
        Assert.Equal(["I suddenly can't control my bladder and my back hurts"], patientLines);
    }

    [Fact]
    public async Task Message_ChannelMentionWithRedFlag_EscalatesAndRecordsATeamsHandoff()
    {
        var bot = TeamsBot("channel", ChannelThread);

        var replies = await bot.SendAsync(
            Message(bot, $"{Mention} I suddenly can't control my bladder and my back hurts", mentionsBot: true));

        Assert.StartsWith("This could be a medical emergency. Call 911 now", replies[0].Text);
        Assert.Equal("emergency", replies[0].TriageLevel());
        Assert.DoesNotContain("Source:", replies.AllText());
        Assert.All(replies, r => Assert.Equal(ChannelThread, r.Conversation.Id));
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal(Channels.Msteams, handoff.Channel);
    }

    [Fact]
    public async Task Message_MentionOfSomeoneElse_KeepsTheirNameForTriage()
    {
        var bot = TeamsBot("channel", ChannelThread);
        var message = Message(bot, $"{Mention} <at>Jane</at> has new weakness in one leg", mentionsBot: true);

        await bot.SendAsync(message);

        var patientLine = Assert.Single(Assert.Single(bot.Store.All).Transcript, t => t.From == "patient");
        Assert.Equal("Jane has new weakness in one leg", patientLine.Text);
    }

    [Fact]
    public async Task Message_BotMentionWithoutEntity_IsStrippedByTheBotsName()
    {
        var bot = TeamsBot("channel", ChannelThread);

        await bot.SendAsync(Message(bot, $"{Mention} I suddenly can't control my bladder", mentionsBot: false));

        var patientLine = Assert.Single(Assert.Single(bot.Store.All).Transcript, t => t.From == "patient");
        Assert.Equal("I suddenly can't control my bladder", patientLine.Text);
    }

    [Theory]
    [InlineData("channel")]
    [InlineData("groupChat")]
    public async Task Message_SharedConversation_TextAndButtonsMoveToAHeroCard(string conversationType)
    {
        var bot = TeamsBot(conversationType, ChannelThread);

        var reply = Assert.Single(await bot.SendAsync(Message(bot, $"{Mention} {ShoeQuestion}", mentionsBot: true)));

        Assert.Null(reply.SuggestedActions);
        Assert.Null(reply.Text);
        var card = Assert.IsType<HeroCard>(Assert.Single(reply.Attachments).Content);
        Assert.Contains("300-500 miles", card.Text);
        Assert.Contains(card.Buttons, b => b.Title == Responses.BookAction && b.Type == ActionTypes.ImBack);
    }

    [Fact]
    public async Task Message_SharedConversation_TranscriptKeepsTheBotsWords()
    {
        var bot = TeamsBot("channel", ChannelThread);
        await bot.SendAsync(Message(bot, $"{Mention} {ShoeQuestion}", mentionsBot: true));

        await bot.SendAsync(Message(bot, $"{Mention} I suddenly can't control my bladder", mentionsBot: true));

        var transcript = Assert.Single(bot.Store.All).Transcript;
        Assert.Contains(transcript, t => t.From == "bot" && t.Text.Contains("300-500 miles"));
    }

    [Fact]
    public async Task Install_ChannelWelcomeWithMoreButtonsThanACardShows_KeepsTheLastButton()
    {
        var bot = TeamsBot("channel", TeamId);

        var welcome = Assert.Single(await bot.SendAsync(BotAdded(bot)));

        var card = Assert.IsType<HeroCard>(Assert.Single(welcome.Attachments).Content);
        Assert.Equal(Teams.TeamsActivities.MaxCardButtons, card.Buttons.Count);
        Assert.Equal(Responses.BookAction, card.Buttons[^1].Title);
    }

    [Theory]
    [InlineData("personal", "a:1personal-chat-id")]
    [InlineData("channel", TeamId)]
    public async Task Install_BotAddedToConversation_Welcomes(string conversationType, string conversationId)
    {
        var bot = TeamsBot(conversationType, conversationId);

        var welcome = Assert.Single(await bot.SendAsync(BotAdded(bot)));

        Assert.Contains("automated assistant, not a clinician", Shown(welcome));
        Assert.Equal(conversationId, welcome.Conversation.Id);
    }

    [Fact]
    public async Task Install_BotAddedTwice_WelcomesOnce()
    {
        var bot = TeamsBot("personal", "a:1personal-chat-id");
        await bot.SendAsync(BotAdded(bot));

        var replies = await bot.SendAsync(BotAdded(bot));

        Assert.Empty(replies);
    }

    /// <summary>
    /// Teams sends installationUpdate alongside the conversation update that welcomes; two welcomes would race.
    /// </summary>
    [Theory]
    [InlineData("add")]
    [InlineData("remove")]
    public async Task Install_InstallationUpdate_SaysNothing(string action)
    {
        var bot = TeamsBot("channel", TeamId);

        var replies = await bot.SendAsync(InstallationUpdate(bot, action));

        Assert.Empty(replies);
    }

    /// <summary>What Teams shows of a reply: its text, or in a channel or group chat its card's text.</summary>
    private static string Shown(IMessageActivity reply) =>
        reply.Text ?? string.Join("\n", reply.Attachments.Select(a => (a.Content as HeroCard)?.Text));

    /// <summary>The harness's bot on an adapter whose conversation is a Teams one of the given type.</summary>
    private static BotHarness TeamsBot(string conversationType, string conversationId)
    {
        var bot = new BotHarness(Channels.Msteams);
        bot.Adapter.Conversation = new ConversationReference
        {
            ChannelId = Channels.Msteams,
            ServiceUrl = "https://smba.trafficmanager.net/amer/",
            User = new ChannelAccount("29:patient-aad-id", "Alex Wilber", RoleTypes.User, "00000000-0000-0000-0000-00000000a11e"),
            Bot = new ChannelAccount(BotId, BotName, RoleTypes.Bot),
            Conversation = new ConversationAccount(
                isGroup: conversationType != "personal",
                conversationType: conversationType,
                id: conversationId,
                tenantId: "00000000-0000-0000-0000-0000000000te"),
        };
        return bot;
    }

    private static Activity Message(BotHarness bot, string text, bool mentionsBot = false)
    {
        var message = bot.Adapter.MakeActivity(text);
        message.ChannelData = TeamsChannelData(bot);
        if (mentionsBot)
        {
            message.Entities = [new Mention(bot.Adapter.Conversation.Bot, Mention)];
        }

        return message;
    }

    private static Activity BotAdded(BotHarness bot)
    {
        var update = bot.Adapter.MakeActivity();
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.MembersAdded = [bot.Adapter.Conversation.Bot];
        update.ChannelData = TeamsChannelData(bot, eventType: "teamMemberAdded");
        return update;
    }

    private static Activity InstallationUpdate(BotHarness bot, string action)
    {
        var update = bot.Adapter.MakeActivity();
        update.Type = ActivityTypes.InstallationUpdate;
        update.Text = null;
        update.Action = action;
        update.ChannelData = TeamsChannelData(bot);
        return update;
    }

    private static JObject TeamsChannelData(BotHarness bot, string? eventType = null)
    {
        var data = new JObject { ["tenant"] = new JObject { ["id"] = bot.Adapter.Conversation.Conversation.TenantId } };
        if (bot.Adapter.Conversation.Conversation.ConversationType == "channel")
        {
            data["team"] = new JObject { ["id"] = TeamId, ["name"] = "Clinic patients" };
            data["channel"] = new JObject { ["id"] = TeamId, ["name"] = "General" };
        }

        if (eventType is not null)
        {
            data["eventType"] = eventType;
        }

        return data;
    }
}
