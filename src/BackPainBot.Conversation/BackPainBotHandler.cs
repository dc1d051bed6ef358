using System.Text.RegularExpressions;
using BackPainBot.Conversation.Booking;
using BackPainBot.Conversation.Dialogs;
using BackPainBot.Conversation.Screening;
using BackPainBot.Conversation.Takeover;
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
    private const int MaxFollowUps = 3;

    /// <summary>How many recent patient messages triage reads together.</summary>
    private const int TriageHistory = 10;

    private const string ResolvedReason = "resolved";
    private const int MaxAdviceParagraphs = 3;
    private static readonly TimeSpan LongLastingPainThreshold = TimeSpan.FromDays(42);
    private const int HighPainScore = 7;

    private readonly ConversationState _conversationState;
    private readonly IStatePropertyAccessor<ConversationData> _conversationData;
    private readonly ITriageEngine _triage;
    private readonly IKnowledgeSearch _knowledge;
    private readonly IEntityExtractor _entities;
    private readonly HandoffRecorder _recorder;
    private readonly ScreeningDialog _screening;
    private readonly IReadOnlyList<Dialog> _dialogs;
    private readonly IReadOnlyDictionary<string, TriageLevel> _ruleLevels;
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
        ScreeningDialog screening,
        Responses responses,
        TimeProvider clock,
        ILogger<BackPainBotHandler> logger,
        TakeoverSessions? takeover = null)
    {
        _conversationState = conversationState;
        _conversationData = conversationState.CreateProperty<ConversationData>(nameof(ConversationData));
        _triage = triage;
        _knowledge = knowledge;
        _entities = entities;
        _recorder = recorder;
        _screening = screening;
        _dialogs = [booking, .. booking.Prompts, screening, .. screening.Prompts];
        _ruleLevels = triage.Rules.ToDictionary(r => r.Code, r => r.Level, StringComparer.Ordinal);
        _responses = responses;
        _clock = clock;
        _logger = logger;
        _takeover = takeover;
    }

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var data = await _conversationData.GetAsync(turnContext, () => new ConversationData(), cancellationToken);
        turnContext.TurnState.Add(data);
        await AddTakeoverLinesAsync(turnContext, data, cancellationToken);
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

                Teams.TeamsActivities.AdaptReply(context.Activity, activity);
            }

            return await next();
        });

        await base.OnTurnAsync(turnContext, cancellationToken);

        // State is saved once, at the end of the turn, and always: the transcript, which changes on every turn, is not
        // part of the hash BotState uses to detect changes (see ConversationData.Transcript). "Force" only skips that
        // check: the write still carries the ETag read at the start of the turn, so it fails rather than overwrite a
        // state another turn saved meanwhile (ConversationStateStorage).
        await _conversationState.SaveChangesAsync(turnContext, force: true, cancellationToken);
    }

    protected override async Task OnMembersAddedAsync(
        IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var data = turnContext.TurnState.Get<ConversationData>();
        // Teams announces only the bot on installation, Web Chat the person and the bot: welcome once either way.
        // Teams' installationUpdate is not a second trigger: it arrives alongside this update, and two turns racing
        // on the same conversation's state would both welcome.
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
        // Teams puts "<at>Bot</at>" in channel messages; triage and search must not see it.
        var text = Teams.TeamsActivities.PatientText(turnContext.Activity);
        if (text.Length == 0)
        {
            if (IsTakenOver(turnContext))
            {
                return;
            }

            turnContext.TurnState.Set(TriageChannelData.From(data, TriageResult.Clear));
            await turnContext.SendActivityAsync(_responses.EmptyMessage, cancellationToken: cancellationToken);
            return;
        }

        data.MessageCount++;
        data.AddToTranscript(_clock.GetUtcNow(), "patient", text);

        // Symptoms given over several messages combine, so triage sees the recent conversation, not one message.
        var messages = data.PatientMessages(TriageHistory);
        var triage = _triage.AssessConversation(messages);
        data.Audit(triage, messages.Count);
        foreach (var resolved in triage.Suppressed.Where(s => s.Reason == ResolvedReason))
        {
            data.Resolve(resolved.Code, _ruleLevels);
        }

        data.Raise(triage);
        turnContext.TurnState.Set(TriageChannelData.From(data, triage));
        // The arguments are built only when the line is written: at the default level it is not, on every turn.
        if ((triage.Flags.Count > 0 || triage.Suppressed.Count > 0) && _logger.IsEnabled(LogLevel.Debug))
        {
            // Debug, not Information: a console line per red-flag message costs more than the turn's triage. The
            // handoff log line and the audit stored with the handoff carry the same codes.
            _logger.LogDebug(
                "Triage {Level}: flags {Flags}; set aside {Suppressed}",
                triage.Level,
                string.Join(",", triage.Flags.Select(f => $"{f.Code}/{f.Context}")),
                string.Join(",", triage.Suppressed.Select(s => $"{s.Code}/{s.Reason}")));
        }

        if (await HandleDuringTakeoverAsync(turnContext, data, triage, cancellationToken))
        {
            return;
        }

        var dc = new DialogContext(turnContext, _dialogs, data.DialogStack);
        if (triage.Flags.Count > 0)
        {
            await HandleRedFlagsAsync(dc, data, triage, cancellationToken);
            return;
        }

        if (dc.ActiveInstance is not null)
        {
            await ContinueDialogAsync(dc, data, text, cancellationToken);
            return;
        }

        var clarifying = data.ClarifyingQuestion;
        data.ClarifyingQuestion = null;
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
        else if (clarifying is not null && Intents.IsNoneOfThese(text))
        {
            data.UnansweredQuestion = clarifying;
            await turnContext.SendActivityAsync(
                Replies.WithActions(_responses.NoneOfThese, [Responses.PassQuestionAction, Responses.BookAction]), cancellationToken);
        }
        else if (Intents.IsPassToStaff(text))
        {
            await PassQuestionToStaffAsync(dc, data, cancellationToken);
        }
        else if (Intents.IsBookingRequest(text))
        {
            await BeginBookingAsync(dc, cancellationToken);
        }
        else if (NeedsScreening(data, messages))
        {
            await BeginScreeningAsync(dc, data, ScreeningDialog.ThenAnswer, text, cancellationToken);
        }
        else
        {
            await AnswerAsync(turnContext, data, text, cancellationToken);
        }
    }

    private async Task ContinueDialogAsync(DialogContext dc, ConversationData data, string text, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (Intents.IsCancel(text))
        {
            dc.CancelAll();
            var cancelled = data.Level == TriageLevel.Emergency ? _responses.CancelledAfterEmergency : _responses.Cancelled;
            await turn.SendActivityAsync(cancelled, cancellationToken: cancellationToken);
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
        else if (await dc.ContinueDialogAsync(cancellationToken) == DialogTurnStatus.Complete
            && dc.CompletedDialogId == ScreeningDialog.DialogId)
        {
            await AfterScreeningAsync(dc, data, cancellationToken);
        }
    }

    /// <summary>
    /// A "yes" or "not sure" reports that red flag, and so does an answer that could not be read within the retry limit
    /// (when in doubt, escalate); an all-clear carries on where the conversation was.
    /// </summary>
    private async Task AfterScreeningAsync(DialogContext dc, ConversationData data, CancellationToken cancellationToken)
    {
        var answers = ScreeningDialog.AnswersFrom(dc.CompletedResult);
        foreach (var (code, isReported, unanswered) in answers)
        {
            data.AuditScreening(code, isReported, unanswered);
        }

        var reported = answers.Where(a => a.Reported).Select(a => a.Code).ToList();
        if (reported.Count > 0)
        {
            var flags = reported
                .Select(code => _triage.Rules.FirstOrDefault(r => r.Code == code))
                .OfType<RedFlagRule>()
                .Select(rule => new RedFlagMatch(rule, 0, 0, MentionContext.Reported))
                .ToList();
            var triage = new TriageResult(flags, []);
            data.Raise(triage);
            dc.Turn.TurnState.Set(TriageChannelData.From(data, triage));
            var note = answers.Any(a => a.Unanswered) ? _responses.ScreeningUnanswered : null;
            await HandleRedFlagsAsync(dc, data, triage, cancellationToken, note);
            return;
        }

        var followUp = data.ScreeningFollowUp;
        data.ScreeningFollowUp = null;
        if (followUp is { Then: ScreeningDialog.ThenAnswer, Question: { } question })
        {
            await AnswerAsync(dc.Turn, data, question, cancellationToken);
        }
        else
        {
            await BeginBookingAsync(dc, cancellationToken);
        }
    }

    /// <param name="note">Said right after the level's reply, which always comes first (why a screening counted as a yes).</param>
    private async Task HandleRedFlagsAsync(
        DialogContext dc, ConversationData data, TriageResult triage, CancellationToken cancellationToken, string? note = null)
    {
        var turn = dc.Turn;

        // A hypothetical mention beside a reported one ("my foot tingles; what if I lose bladder control?") must not
        // set the level of the reply: what the person reports does.
        var flags = triage.IsHypotheticalOnly
            ? triage.Flags
            : [.. triage.Flags.Where(f => f.Context != MentionContext.Hypothetical)];
        var level = flags.Max(f => f.Level);
        var advice = flags
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
        // A risk factor such as age is not a symptom: its advice says why a check is worth having, and the question
        // asked is still answered.
        var riskFactorOnly = level == TriageLevel.Routine && flags.All(f => f.Rule.AnswersQuestion);
        var reply = level switch
        {
            TriageLevel.Emergency => _responses.Emergency(advice, someoneElse),
            TriageLevel.Urgent => _responses.Urgent(advice, someoneElse),
            _ when riskFactorOnly => _responses.RiskFactor(advice),
            _ => _responses.Routine(advice, someoneElse),
        };
        await turn.SendActivityAsync(reply, cancellationToken: cancellationToken);
        if (note is not null)
        {
            await turn.SendActivityAsync(note, cancellationToken: cancellationToken);
        }

        if (level >= TriageLevel.Urgent)
        {
            // Staff hear about emergencies and urgent cases at once, before any booking question.
            await RecordHandoffAsync(turn, data, cancellationToken);
        }

        if (dc.IsActive(ScreeningDialog.DialogId))
        {
            if (level < TriageLevel.Urgent)
            {
                await dc.RepromptAsync(cancellationToken);
                return;
            }

            // The answer itself was a red flag: the remaining questions no longer change what happens next.
            dc.CancelAll();
            data.Screened = true;
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
        else if (!someoneElse && NeedsScreening(data, data.PatientMessages(TriageHistory)))
        {
            await BeginScreeningAsync(dc, data, ScreeningDialog.ThenBook, question: null, cancellationToken);
        }
        else if (riskFactorOnly
            && await AnswerAsync(turn, data, Teams.TeamsActivities.PatientText(turn.Activity), cancellationToken, onlyIfAnswered: true))
        {
            // The answer carries the Book button: the check is offered, the question is not left unanswered.
        }
        else
        {
            await BeginBookingAsync(dc, cancellationToken);
        }
    }

    private bool NeedsScreening(ConversationData data, IReadOnlyList<string> messages) =>
        !data.Screened && _screening.HasQuestions && data.Level < TriageLevel.Urgent && _triage.NeedsScreening(messages);

    private async Task BeginScreeningAsync(
        DialogContext dc, ConversationData data, string then, string? question, CancellationToken cancellationToken)
    {
        data.Screened = true;
        data.ScreeningFollowUp = new ScreeningFollowUp(then, question);

        // Questions whose symptom the person already denied are not asked again.
        var pending = _triage.PendingScreening(data.PatientMessages(TriageHistory));
        var codes = string.Join(",", (pending.Count > 0 ? pending : _triage.Screening).Select(q => q.Code));
        await dc.BeginDialogAsync(
            ScreeningDialog.DialogId, new Dictionary<string, string?> { [ScreeningDialog.CodesKey] = codes }, cancellationToken);
    }

    private async Task PassQuestionToStaffAsync(DialogContext dc, ConversationData data, CancellationToken cancellationToken)
    {
        var question = data.UnansweredQuestion;
        data.UnansweredQuestion = null;
        if (question is null)
        {
            await BeginBookingAsync(dc, cancellationToken);
            return;
        }

        await dc.Turn.SendActivityAsync(_responses.QuestionForStaff, cancellationToken: cancellationToken);
        await dc.BeginDialogAsync(
            BookingDialog.DialogId, new Dictionary<string, string?> { [BookingDialog.QuestionKey] = question }, cancellationToken);
    }

    private async Task RecordHandoffAsync(ITurnContext turn, ConversationData data, CancellationToken cancellationToken)
    {
        try
        {
            var handoff = await _recorder.RecordAsync(turn, data, contact: null, preferredTime: null, question: null, timePreference: null, cancellationToken);
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

    /// <param name="onlyIfAnswered">
    /// Send nothing unless the knowledge answers the question (one section or a list): no "did you mean", no fallback.
    /// </param>
    /// <returns>Whether a reply was sent.</returns>
    private async Task<bool> AnswerAsync(
        ITurnContext turn, ConversationData data, string text, CancellationToken cancellationToken, bool onlyIfAnswered = false)
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

        var result = Search(text);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            // Formatting every candidate's score cost more than the search; only when the line is written.
            _logger.LogDebug(
                "Search {Decision}: {Selected}; candidates {Candidates} (threshold {Threshold:F2}){SecondOpinion}",
                result.Decision,
                string.Join(",", result.Selected.Select(h => h.Section.Id)),
                string.Join(",", result.Hits.Select(h => $"{h.Section.Id}:{h.Score:F3}")),
                result.Threshold,
                result.SecondOpinion is null ? "" : "; " + result.SecondOpinion);
        }

        if (onlyIfAnswered && result.Decision is not (SearchDecision.Answer or SearchDecision.List))
        {
            return false;
        }

        if (data.Level == TriageLevel.Emergency)
        {
            notes.Insert(0, _responses.EmergencyReminder);
        }

        IMessageActivity reply;
        switch (result.Decision)
        {
            case SearchDecision.Answer:
                var section = result.Selected[0].Section;
                var followUps = _knowledge.Related(section.Id).Select(r => r.Title).Take(MaxFollowUps);
                reply = Replies.WithActions(
                    string.Join("\n\n", [.. notes, _responses.Answer(section)]), [.. followUps, Responses.BookAction]);
                break;
            case SearchDecision.List:
                var sections = result.Selected.Select(h => h.Section).ToList();
                reply = Replies.WithActions(
                    string.Join("\n\n", [.. notes, _responses.AnswerList(sections)]), [.. sections.Select(s => s.Title), Responses.BookAction]);
                break;
            case SearchDecision.Clarify:
                data.ClarifyingQuestion = text;
                reply = Replies.WithActions(
                    string.Join("\n\n", [.. notes, _responses.Clarify]),
                    [.. result.Selected.Select(h => h.Section.Title), Responses.NoneOfTheseAction]);
                break;
            default:
                if (notes.Count > 0)
                {
                    reply = Replies.WithActions(string.Join("\n\n", notes), [Responses.BookAction]);
                    break;
                }

                data.UnansweredQuestion = text;
                var topics = Topics();
                reply = Replies.WithActions(_responses.CannotHelp(topics), [.. topics, Responses.PassQuestionAction]);
                break;
        }

        await turn.SendActivityAsync(reply, cancellationToken);
        return true;
    }

    /// <summary>
    /// Searches the whole message, and when that gives no clear answer, its sentences one by one, questions first: a
    /// story followed by a question ("I had tingling years ago, it went away. How often should I replace my shoes?")
    /// dilutes the question's words.
    /// </summary>
    private SearchResult Search(string text)
    {
        var query = text.Length > MaxQueryLength ? text[..MaxQueryLength] : text;
        var result = _knowledge.Search(query);
        if (result.Decision is SearchDecision.Answer or SearchDecision.List)
        {
            return result;
        }

        var sentences = SentenceEnd().Split(query).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (sentences.Count < 2)
        {
            return result;
        }

        foreach (var sentence in sentences.OrderByDescending(s => s.EndsWith('?')).ThenByDescending(sentences.IndexOf))
        {
            var part = _knowledge.Search(sentence);
            if (part.Decision is SearchDecision.Answer or SearchDecision.List)
            {
                return part;
            }
        }

        return result;
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    private Task SendWelcomeAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        turn.SendActivityAsync(WithTopics(_responses.Welcome), cancellationToken);

    private IMessageActivity WithTopics(string text) =>
        Replies.WithActions(text, [.. Topics(), Responses.BookAction]);

    private List<string> Topics() =>
        _knowledge.Sections.Select(s => s.Title).Distinct(StringComparer.Ordinal).Take(TopicCount).ToList();
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
