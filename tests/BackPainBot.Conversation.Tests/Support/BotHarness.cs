using BackPainBot.Conversation.Booking;
using BackPainBot.Conversation.Screening;
using BackPainBot.Conversation.State;
using BackPainBot.Handoffs.State;
using BackPainBot.Knowledge;
using BackPainBot.Triage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;

namespace BackPainBot.Conversation.Tests.Support;

/// <summary>
/// The real bot, the clinic's real knowledge and rules, on a <see cref="TestAdapter"/>: a conversation is driven turn
/// by turn and each turn's replies are collected. Given a state store (and a conversation lock), it is one bot
/// instance of several sharing that store; every harness on a channel talks in the same conversation.
/// </summary>
internal sealed class BotHarness
{
    private static readonly Lazy<IKnowledgeSearch> SharedKnowledge =
        new(() => KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions()));

    private static readonly Lazy<ITriageEngine> SharedTriage = new(() => TriageEngine.Load(RepoPaths.RedFlags));

    private static readonly Lazy<ITriageEngine> SharedTriageWithSecondOpinion =
        new(() => TriageEngine.Load(RepoPaths.RedFlags, RepoPaths.TriageExamples));

    private readonly ITriageEngine _triage;

    private readonly IBot _bot;

    public BotHarness(
        string channelId = Channels.Test,
        TimeProvider? clock = null,
        IKnowledgeSearch? knowledge = null,
        IConversationStateStore? stateStore = null,
        IConversationLock? turnLock = null,
        bool secondOpinion = false)
    {
        _triage = secondOpinion ? SharedTriageWithSecondOpinion.Value : SharedTriage.Value;
        Knowledge = knowledge ?? SharedKnowledge.Value;
        clock ??= new FixedClock(FixedClock.Default);
        Clinic = new ClinicOptions();
        Responses = new Responses(Clinic);
        Store = new InMemoryHandoffStore();
        Storage = stateStore is null
            ? ConversationStateStorage.ForConversationData(clock, TimeSpan.FromHours(24))
            : ConversationStateStorage.ForConversationData(stateStore);
        var conversationState = new ConversationState(Storage);
        var recorder = new HandoffRecorder(Store, clock, NullLogger<HandoffRecorder>.Instance);
        var entities = new EntityExtractor(clock, Clinic);
        var booking = new BookingDialog(Responses, recorder, entities, NullLogger<BookingDialog>.Instance);
        var screening = new ScreeningDialog(_triage, Responses);
        _bot = new BackPainBotHandler(
            conversationState, _triage, Knowledge, entities, recorder, booking, screening, Responses, clock,
            NullLogger<BackPainBotHandler>.Instance);
        Adapter = new TestAdapter(channelId);
        if (turnLock is not null)
        {
            Adapter.Use(new ConversationTurnLock(turnLock));
        }
    }

    public TestAdapter Adapter { get; }

    public InMemoryHandoffStore Store { get; }

    public ConversationStateStorage Storage { get; }

    public ClinicOptions Clinic { get; }

    public Responses Responses { get; }

    public IKnowledgeSearch Knowledge { get; }

    public ITriageEngine Triage => _triage;

    /// <summary>The key of this conversation's state, as <see cref="ConversationState"/> makes it.</summary>
    public string StateKey => $"{Adapter.Conversation.ChannelId}/conversations/{Adapter.Conversation.Conversation.Id}";

    public TestFlow Flow() => new(Adapter, _bot);

    /// <summary>What the bot has stored for this conversation, or null.</summary>
    public async Task<ConversationData?> StoredDataAsync()
    {
        var items = await Storage.ReadAsync([StateKey]);
        return items.TryGetValue(StateKey, out var state)
            ? (ConversationData)((IDictionary<string, object>)state)[nameof(ConversationData)]
            : null;
    }

    /// <summary>Sends one message and returns every reply of that turn.</summary>
    public async Task<IReadOnlyList<IMessageActivity>> SayAsync(string text)
    {
        await Adapter.SendTextToBotAsync(text, _bot.OnTurnAsync, CancellationToken.None);
        return DrainReplies();
    }

    public async Task<IReadOnlyList<IMessageActivity>> SendAsync(Activity activity)
    {
        await Adapter.ProcessActivityAsync(activity, _bot.OnTurnAsync, CancellationToken.None);
        return DrainReplies();
    }

    /// <summary>Sends the messages in order and returns the last turn's replies.</summary>
    public async Task<IReadOnlyList<IMessageActivity>> SayAllAsync(params string[] texts)
    {
        IReadOnlyList<IMessageActivity> replies = [];
        foreach (var text in texts)
        {
            replies = await SayAsync(text);
        }

        return replies;
    }

    public async Task<IReadOnlyList<IMessageActivity>> JoinAsync()
    {
        var update = Adapter.MakeActivity();
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.MembersAdded = [update.From, update.Recipient];
        return await SendAsync(update);
    }

    private List<IMessageActivity> DrainReplies()
    {
        var replies = new List<IMessageActivity>();
        while (Adapter.GetNextReply() is { } reply)
        {
            if (reply.AsMessageActivity() is { } message)
            {
                replies.Add(message);
            }
        }

        return replies;
    }
}

/// <summary>Reading what the bot said.</summary>
internal static class ReplyExtensions
{
    public static string AllText(this IEnumerable<IMessageActivity> replies) =>
        string.Join("\n---\n", replies.Select(r => r.Text));

    public static IReadOnlyList<string> Buttons(this IMessageActivity reply) =>
        reply.SuggestedActions?.Actions.Select(a => a.Title).ToList() ?? [];

    public static string TriageLevel(this IMessageActivity reply) =>
        ((JObject)reply.ChannelData)["triage"]!["level"]!.Value<string>()!;

    public static IReadOnlyList<string> TriageFlags(this IMessageActivity reply) =>
        ((JObject)reply.ChannelData)["triage"]!["flags"]!.Values<string>().Select(s => s!).ToList();
}
