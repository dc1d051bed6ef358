using System.Text.RegularExpressions;
using BackPainBot.Conversation.Booking;
using BackPainBot.Conversation.Dialogs;
using BackPainBot.Knowledge;
using BackPainBot.Triage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace BackPainBot.Conversation;

/// <summary>
/// The bot. Every message is triaged first; a red flag interrupts whatever was going on. Otherwise an active dialog
/// (booking) continues, or the question is answered from the knowledge base with its source.
/// </summary>
public sealed partial class BackPainBotHandler : TeamsActivityHandler
{
    /// <summary>Longest part of a message used as a search query; the whole message is always triaged.</summary>
    public const int MaxQueryLength = 1000;

    private const int TopicCount = 6;
    private const int MaxAdviceParagraphs = 3;
    private static readonly TimeSpan LongLastingPainThreshold = TimeSpan.FromDays(42);
    private const int HighPainScore = 7;

    private readonly ConversationState _conversationState;
    private readonly IStatePropertyAccessor<ConversationData> _conversationData;
    private readonly ITriageEngine _triage;
    private readonly IKnowledgeSearch _knowledge;
    private readonly IEntityExtractor _entities;
    private readonly HandoffRecorder _recorder;
    private readonly BookingDialog _booking;
    private readonly Responses _responses;
    private readonly TimeProvider _clock;
    private readonly ILogger<BackPainBotHandler> _logger;

    public BackPainBotHandler(
        ConversationState conversationState,
        ITriageEngine triage,
        IKnowledgeSearch knowledge,
        IEntityExtractor entities,
        HandoffRecorder recorder,
        BookingDialog booking,
        Responses responses,
        TimeProvider clock,
        ILogger<BackPainBotHandler> logger)
    {
        _conversationState = conversationState;
        _conversationData = conversationState.CreateProperty<ConversationData>(nameof(ConversationData));
        _triage = triage;
        _knowledge = knowledge;
        _entities = entities;
        _recorder = recorder;
        _booking = booking;
        _responses = responses;
        _clock = clock;
        _logger = logger;
    }

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var data = await _conversationData.GetAsync(turnContext, () => new ConversationData(), cancellationToken);
        turnContext.TurnState.Add(data);
        turnContext.OnSendActivities(async (context, activities, next) =>
        {
            foreach (var activity in activities.Where(a => a.Type == ActivityTypes.Message))
            {
                if (context.TurnState.Get<TriageChannelData>() is { } triage)
                {
                    activity.ChannelData = triage.MergeInto(activity.ChannelData);
                }

                if (!string.IsNullOrEmpty(activity.Text))
                {
                    data.AddToTranscript(_clock.GetUtcNow(), "bot", activity.Text);
                }
            }

            return await next();
        });

        await base.OnTurnAsync(turnContext, cancellationToken);

        // State is saved once, at the end of the turn.
        await _conversationState.SaveChangesAsync(turnContext, false, cancellationToken);
    }

    protected override async Task OnMembersAddedAsync(
        IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var data = turnContext.TurnState.Get<ConversationData>();
        // Teams announces only the bot on installation, Web Chat the person and the bot: welcome once either way.
        if (data.Welcomed || membersAdded.Count == 0)
        {
            return;
        }

        data.Welcomed = true;
        await SendWelcomeAsync(turnContext, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var data = turnContext.TurnState.Get<ConversationData>();
        var text = MessageText(turnContext);
        if (text.Length == 0)
        {
            turnContext.TurnState.Add(TriageChannelData.From(data, TriageResult.Clear));
            await turnContext.SendActivityAsync(_responses.EmptyMessage, cancellationToken: cancellationToken);
            return;
        }

        data.MessageCount++;
        data.AddToTranscript(_clock.GetUtcNow(), "patient", text);

        var triage = _triage.Assess(text);
        data.Audit(triage);
        data.Raise(triage);
        turnContext.TurnState.Add(TriageChannelData.From(data, triage));
        if (triage.Flags.Count > 0 || triage.Suppressed.Count > 0)
        {
            _logger.LogInformation(
                "Triage {Level}: flags {Flags}; set aside {Suppressed}",
                triage.Level,
                string.Join(",", triage.Flags.Select(f => $"{f.Code}/{f.Context}")),
                string.Join(",", triage.Suppressed.Select(s => $"{s.Code}/{s.Reason}")));
        }

        var dc = new DialogContext(turnContext, [_booking, .. _booking.Prompts], data.DialogStack);
        if (triage.Flags.Count > 0)
        {
            await HandleRedFlagsAsync(dc, data, triage, cancellationToken);
            return;
        }

        if (dc.ActiveInstance is not null)
        {
            await ContinueDialogAsync(dc, text, cancellationToken);
            return;
        }

        if (Intents.IsStartOver(text))
        {
            await SendWelcomeAsync(turnContext, cancellationToken);
        }
        else if (Intents.IsHelp(text))
        {
            await turnContext.SendActivityAsync(WithTopics(_responses.Help), cancellationToken);
        }
        else if (Intents.IsGreeting(text))
        {
            await turnContext.SendActivityAsync(WithTopics(_responses.Hello), cancellationToken);
        }
        else if (Intents.IsThanks(text))
        {
            await turnContext.SendActivityAsync(_responses.YoureWelcome, cancellationToken: cancellationToken);
        }
        else if (Intents.IsBookingRequest(text))
        {
            await BeginBookingAsync(dc, cancellationToken);
        }
        else
        {
            await AnswerAsync(turnContext, data, text, cancellationToken);
        }
    }

    private async Task ContinueDialogAsync(DialogContext dc, string text, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (Intents.IsCancel(text))
        {
            dc.CancelAll();
            await turn.SendActivityAsync(_responses.Cancelled, cancellationToken: cancellationToken);
        }
        else if (Intents.IsStartOver(text))
        {
            dc.CancelAll();
            await turn.SendActivityAsync(_responses.StartedOver, cancellationToken: cancellationToken);
            await SendWelcomeAsync(turn, cancellationToken);
        }
        else if (Intents.IsHelp(text))
        {
            await turn.SendActivityAsync(_responses.Help, cancellationToken: cancellationToken);
            await dc.RepromptAsync(cancellationToken);
        }
        else
        {
            await dc.ContinueDialogAsync(cancellationToken);
        }
    }

    private async Task HandleRedFlagsAsync(DialogContext dc, ConversationData data, TriageResult triage, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var level = triage.Level;
        var advice = triage.Flags
            .OrderByDescending(f => f.Level)
            .Select(f => f.Rule.Advice)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxAdviceParagraphs)
            .ToList();

        if (triage.IsHypotheticalOnly)
        {
            // Safety information only: a question about what might happen is not a report, so no handoff.
            await turn.SendActivityAsync(_responses.Hypothetical(level, advice), cancellationToken: cancellationToken);
            await dc.RepromptAsync(cancellationToken);
            return;
        }

        var someoneElse = triage.IsAboutSomeoneElse;
        var reply = level switch
        {
            TriageLevel.Emergency => _responses.Emergency(advice, someoneElse),
            TriageLevel.Urgent => _responses.Urgent(advice, someoneElse),
            _ => _responses.Routine(advice, someoneElse),
        };
        await turn.SendActivityAsync(reply, cancellationToken: cancellationToken);

        if (level >= TriageLevel.Urgent)
        {
            // Staff hear about emergencies and urgent cases at once, before any booking question.
            await RecordHandoffAsync(turn, data, cancellationToken);
        }

        if (dc.IsActive(BookingDialog.DialogId))
        {
            await dc.RepromptAsync(cancellationToken);
            return;
        }

        if (level == TriageLevel.Emergency)
        {
            await turn.SendActivityAsync(_responses.EmergencyFollowUp, cancellationToken: cancellationToken);
            await dc.BeginDialogAsync(BookingDialog.DialogId, null, cancellationToken);
        }
        else
        {
            await BeginBookingAsync(dc, cancellationToken);
        }
    }

    private async Task RecordHandoffAsync(ITurnContext turn, ConversationData data, CancellationToken cancellationToken)
    {
        try
        {
            var handoff = await _recorder.RecordAsync(turn, data, contact: null, preferredTime: null, cancellationToken);
            await turn.SendActivityAsync(_responses.StaffAlerted(handoff.Id), cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError("Red-flag handoff could not be saved: {ErrorType}", ex.GetType().Name);
            await turn.SendActivityAsync(_responses.SaveFailed, cancellationToken: cancellationToken);
        }
    }

    private async Task BeginBookingAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        await dc.Turn.SendActivityAsync(_responses.BookingIntro, cancellationToken: cancellationToken);
        await dc.BeginDialogAsync(BookingDialog.DialogId, null, cancellationToken);
    }

    private async Task AnswerAsync(ITurnContext turn, ConversationData data, string text, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        if (Intents.MentionsShoes(text) && _entities.ExtractMiles(text) is { } miles)
        {
            notes.Add(_responses.ShoeMileage(miles));
        }

        if (Intents.MentionsPain(text) && _entities.ExtractDuration(text) is { } duration && duration >= LongLastingPainThreshold)
        {
            notes.Add(_responses.LongLastingPain(duration));
        }

        if (_entities.ExtractPainScore(text) is { } score && score >= HighPainScore)
        {
            notes.Add(_responses.HighPainScore(score));
        }

        var result = _knowledge.Search(text.Length > MaxQueryLength ? text[..MaxQueryLength] : text);
        _logger.LogInformation(
            "Search: best {SectionId} score {Score:F3} (threshold {Threshold:F2}); candidates {Candidates}",
            result.Best?.Section.Id ?? "none",
            result.Hits.Count > 0 ? result.Hits[0].Score : 0f,
            result.Threshold,
            string.Join(",", result.Hits.Select(h => $"{h.Section.Id}:{h.Score:F3}")));

        if (data.Level == TriageLevel.Emergency)
        {
            notes.Insert(0, _responses.EmergencyReminder);
        }

        if (result.Best is { } best)
        {
            var related = result.Hits.Skip(1).Where(h => h.Score >= result.Threshold).Select(h => h.Section.Title).Take(2);
            var answer = string.Join("\n\n", [.. notes, _responses.Answer(best.Section)]);
            await turn.SendActivityAsync(Replies.WithActions(answer, [Responses.BookAction, .. related]), cancellationToken);
        }
        else if (notes.Count > 0)
        {
            await turn.SendActivityAsync(Replies.WithActions(string.Join("\n\n", notes), [Responses.BookAction]), cancellationToken);
        }
        else
        {
            var topics = Topics();
            await turn.SendActivityAsync(
                Replies.WithActions(_responses.CannotHelp(topics), [.. topics, Responses.StaffAction]), cancellationToken);
        }
    }

    private Task SendWelcomeAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        turn.SendActivityAsync(WithTopics(_responses.Welcome), cancellationToken);

    private IMessageActivity WithTopics(string text) =>
        Replies.WithActions(text, [.. Topics(), Responses.BookAction]);

    private List<string> Topics() =>
        _knowledge.Sections.Select(s => s.Title).Distinct(StringComparer.Ordinal).Take(TopicCount).ToList();

    private static string MessageText(ITurnContext<IMessageActivity> turn)
    {
        // Teams puts "<at>Bot</at>" in channel messages; triage and search must not see it. A regex rather than the
        // SDK's RemoveRecipientMention, which throws on a mention entity without a "mentioned" account.
        return AtMention().Replace(turn.Activity.Text ?? "", " ").Trim();
    }

    [GeneratedRegex("<at>[^<]*</at>", RegexOptions.IgnoreCase)]
    private static partial Regex AtMention();
}

/// <summary>The <c>channelData.triage</c> every reply to a message carries: the conversation's level and flags.</summary>
internal sealed record TriageChannelData(string Level, IReadOnlyList<string> Flags, string Context)
{
    public static TriageChannelData From(ConversationData data, TriageResult triage)
    {
        var hypothetical = triage.IsHypotheticalOnly;
        var level = hypothetical && triage.Level > data.Level ? triage.Level : data.Level;
        var flags = data.Flags.Concat(triage.Flags.Select(f => f.Code)).Distinct(StringComparer.Ordinal).ToList();
        var context = hypothetical ? "hypothetical" : triage.IsAboutSomeoneElse ? "other-person" : "reported";
        return new TriageChannelData(HandoffRecorder.LevelName(level), flags, context);
    }

    public object MergeInto(object? channelData)
    {
        var merged = channelData switch
        {
            JObject existing => existing,
            null => new JObject(),
            _ => JObject.FromObject(channelData),
        };
        merged["triage"] = new JObject
        {
            ["level"] = Level,
            ["flags"] = new JArray(Flags),
            ["context"] = Context,
        };
        return merged;
    }
}
