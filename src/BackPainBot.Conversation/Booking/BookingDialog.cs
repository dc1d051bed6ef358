using System.Globalization;
using BackPainBot.Conversation.Dialogs;
using BackPainBot.Handoffs;
using BackPainBot.Triage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;

namespace BackPainBot.Conversation.Booking;

/// <summary>
/// Collects a name, a phone number or email and a preferred time, reads them back, and records the handoff.
/// The patient is told "we've got it" only after the store has committed the record.
/// Every question can be declined ("skip", "no thanks", "I'd rather not say"): a declined name is left out, and a
/// declined phone number or email ends the questions, because staff could not use the rest. A refusal is never kept as
/// the answer.
/// A question whose answers cannot be read within the prompt's retry limit (<see cref="TextPrompt.NoAnswer"/>) is treated
/// as not answered, the same way as a declined one: the patient is told kindly that it is skipped and how to reach the
/// clinic by phone, and the unreadable text is never kept as a value (it stays only in the transcript, as every message
/// does).
/// </summary>
public sealed class BookingDialog : WaterfallDialog
{
    public const string DialogId = "booking";

    internal const string NamePrompt = "booking.name";
    internal const string ContactPrompt = "booking.contact";
    internal const string TimePrompt = "booking.time";
    internal const string ConfirmPrompt = "booking.confirm";

    /// <summary>Option: a question the bot could not answer, passed to staff with the booking.</summary>
    public const string QuestionKey = "question";

    private const string NameKey = "name";
    private const string ContactKey = "contact";
    private const string TimeKey = "time";
    private const string AsSoonAsPossible = "asap";
    private const string PhonePrefix = "phone:";
    private const string EmailPrefix = "email:";

    // What a prompt ends with when the patient declines. Parentheses keep them apart from any recognised answer: a
    // name, a "phone:"/"email:" value or a time.
    private const string Declined = "(declined)";
    private const string DeclinedAll = "(declined-all)";
    private const string NoPreference = "(no-preference)";

    private readonly Responses _responses;
    private readonly HandoffRecorder _recorder;
    private readonly ILogger<BookingDialog> _logger;

    public BookingDialog(Responses responses, HandoffRecorder recorder, IEntityExtractor entities, ILogger<BookingDialog> logger)
        : base(DialogId)
    {
        _responses = responses;
        _recorder = recorder;
        _logger = logger;
        Steps = [AskNameAsync, AskContactAsync, AskTimeAsync, ConfirmAsync, SaveAsync];
        Prompts =
        [
            new TextPrompt(NamePrompt, RecognizeNameAnswer, logger),
            new TextPrompt(ContactPrompt, text => RecognizeContact(entities, text), logger),
            new TextPrompt(TimePrompt, text => RecognizeTime(entities, text), logger),
            new TextPrompt(ConfirmPrompt, RecognizeConfirmation, logger),
        ];
    }

    /// <summary>The prompts this dialog asks through; register them with the dialog set.</summary>
    public IReadOnlyList<Dialog> Prompts { get; }

    protected override IReadOnlyList<WaterfallStep> Steps { get; }

    private Task<DialogTurnStatus> AskNameAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.PromptAsync(
            NamePrompt, new PromptOptions(_responses.AskName, _responses.RetryName, [Responses.SkipAction]), cancellationToken);

    private async Task<DialogTurnStatus> AskContactAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result == DeclinedAll)
        {
            return await EndDeclinedAsync(step, "name", name: null, cancellationToken);
        }

        if (step.Result is Declined or TextPrompt.NoAnswer)
        {
            // A name that could not be read is left out like a declined one; the contact question follows either way.
            step.Values[NameKey] = null;
            var reply = step.Result == Declined ? _responses.NameDeclined : _responses.NameUnanswered;
            await step.Context.Turn.SendActivityAsync(reply, cancellationToken: cancellationToken);
        }
        else
        {
            step.Values[NameKey] = step.Result;
        }

        return await step.PromptAsync(
            ContactPrompt, new PromptOptions(_responses.AskContact, _responses.RetryContact, [Responses.SkipAction]), cancellationToken);
    }

    private async Task<DialogTurnStatus> AskTimeAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        // Without a phone number or email staff cannot reach the patient, so a preferred time would go unused.
        if (step.Result is Declined or DeclinedAll)
        {
            return await EndDeclinedAsync(step, "contact", step.Values.GetValueOrDefault(NameKey), cancellationToken);
        }

        if (step.Result == TextPrompt.NoAnswer)
        {
            return await EndDeclinedAsync(
                step, "contact", step.Values.GetValueOrDefault(NameKey), cancellationToken, unanswered: true);
        }

        step.Values[ContactKey] = step.Result;
        return await step.PromptAsync(TimePrompt, new PromptOptions(_responses.AskTime, _responses.RetryTime), cancellationToken);
    }

    private async Task<DialogTurnStatus> ConfirmAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result == DeclinedAll)
        {
            // Declining everything after giving a number withdraws it: nothing from this booking is sent.
            return await EndDeclinedAsync(step, "time", name: null, cancellationToken);
        }

        var time = step.Result;
        if (time == TextPrompt.NoAnswer)
        {
            // Like a declined time: the clinic suggests one when they call, and the read-back says "no preference".
            time = NoPreference;
            await step.Context.Turn.SendActivityAsync(_responses.TimeUnanswered, cancellationToken: cancellationToken);
        }

        step.Values[TimeKey] = time;
        var summary = _responses.Confirm(
            step.Values.GetValueOrDefault(NameKey),
            DescribeContact(step.Values[ContactKey]!),
            ParseTime(step.Values[TimeKey]),
            noPreference: time == NoPreference);
        return await step.PromptAsync(
            ConfirmPrompt,
            new PromptOptions(summary, _responses.RetryConfirm, [Responses.YesAction, Responses.NoAction]),
            cancellationToken);
    }

    private async Task<DialogTurnStatus> SaveAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var turn = step.Context.Turn;
        if (step.Result == Declined)
        {
            return await EndDeclinedAsync(step, "confirm", name: null, cancellationToken);
        }

        if (step.Result == TextPrompt.NoAnswer)
        {
            // Not a yes: details the patient never agreed to send are not sent.
            return await EndDeclinedAsync(step, "confirm", name: null, cancellationToken, unanswered: true);
        }

        if (step.Result != "yes")
        {
            await turn.SendActivityAsync(_responses.BookingRedo, cancellationToken: cancellationToken);
            var seed = new Dictionary<string, string?> { [QuestionKey] = step.Values.GetValueOrDefault(QuestionKey) };
            return await step.Context.ReplaceDialogAsync(DialogId, seed, cancellationToken);
        }

        var name = step.Values.GetValueOrDefault(NameKey);
        var contactValue = step.Values[ContactKey]!;
        var contact = new ContactDetails(
            name,
            contactValue.StartsWith(PhonePrefix, StringComparison.Ordinal) ? contactValue[PhonePrefix.Length..] : null,
            contactValue.StartsWith(EmailPrefix, StringComparison.Ordinal) ? contactValue[EmailPrefix.Length..] : null);
        var data = turn.TurnState.Get<ConversationData>();
        try
        {
            var time = step.Values[TimeKey];
            var handoff = await _recorder.RecordAsync(
                turn, data, contact, ParseTime(time), step.Values.GetValueOrDefault(QuestionKey), DescribePreference(time),
                cancellationToken);
            await turn.SendActivityAsync(
                _responses.BookingConfirmed(name, DescribeContact(contactValue), handoff.Id), cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception type is enough to diagnose a store failure; the message could echo patient details.
            _logger.LogError("Booking handoff could not be saved: {ErrorType}", ex.GetType().Name);
            await turn.SendActivityAsync(_responses.SaveFailed, cancellationToken: cancellationToken);
        }

        return await step.EndAsync(null, cancellationToken);
    }

    /// <summary>
    /// The patient declined a question that ends the contact questions, or could not answer it within the prompt's retry
    /// limit (<paramref name="unanswered"/>). A handoff already recorded for staff (an emergency or urgent report) is
    /// updated with the name, if one was given, and the transcript that shows what happened; it keeps everything it
    /// already had. Otherwise nothing is sent, since staff would have no way to reach the patient.
    /// </summary>
    /// <param name="question">Which question ended it, for the log: <c>name</c>, <c>contact</c>, <c>time</c> or <c>confirm</c>.</param>
    private async Task<DialogTurnStatus> EndDeclinedAsync(
        WaterfallStepContext step, string question, string? name, CancellationToken cancellationToken, bool unanswered = false)
    {
        var turn = step.Context.Turn;
        var data = turn.TurnState.Get<ConversationData>();
        var staffTold = data.HandoffId is not null && data.Level >= TriageLevel.Urgent;
        _logger.LogInformation(
            "Contact details {Outcome} at the {Question} question; handoff to update {HasHandoff}",
            unanswered ? "left unanswered (retry limit)" : "declined", question, staffTold);

        // Sent before the update so the transcript staff read ends with what the patient was told.
        var reply = unanswered
            ? _responses.DetailsUnanswered(atConfirm: question == "confirm", data.Level, staffTold)
            : _responses.DetailsDeclined(data.Level, staffTold);
        await turn.SendActivityAsync(reply, cancellationToken: cancellationToken);
        if (staffTold)
        {
            try
            {
                var contact = name is null ? null : new ContactDetails(name, null, null);
                await _recorder.RecordAsync(turn, data, contact, preferredTime: null, question: null, timePreference: null, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The handoff staff already have stands; the patient was told what to do without it.
                _logger.LogError("Handoff could not be updated after contact details were declined: {ErrorType}", ex.GetType().Name);
            }
        }

        return await step.EndAsync(null, cancellationToken);
    }

    /// <summary>A name, or <see cref="Declined"/> / <see cref="DeclinedAll"/> when the patient would rather not say.</summary>
    internal static string? RecognizeNameAnswer(string text) =>
        Intents.IsDecliningAll(text) ? DeclinedAll
        : Intents.IsDeclining(text) ? Declined
        : RecognizeName(text);

    internal static string? RecognizeName(string text)
    {
        var name = NamePrefixes.Aggregate(text.Trim(), (current, prefix) =>
            current.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? current[prefix.Length..].Trim() : current);
        name = name.Trim(' ', '.', '!', ',');
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var plausible = name.Length is > 0 and <= 80
            && words.Length <= 6
            && name.Any(char.IsLetter)
            && !name.Any(char.IsDigit)
            && name.All(c => char.IsLetter(c) || c is ' ' or '-' or '\'' or '.' or '’');
        return plausible ? string.Join(' ', words) : null;
    }

    private static readonly string[] NamePrefixes = ["my name is", "my name's", "name is", "i'm", "i am", "it's", "it is", "this is", "call me"];

    /// <summary>A number or address given in the message wins over any refusal around it ("no phone, email me at ...").</summary>
    private static string? RecognizeContact(IEntityExtractor entities, string text) =>
        entities.ExtractEmail(text) is { } email ? EmailPrefix + email
        : entities.ExtractPhone(text) is { } phone ? PhonePrefix + phone
        : Intents.IsDecliningAll(text) ? DeclinedAll
        : Intents.IsDeclining(text) ? Declined
        : null;

    /// <summary>Declining the time ("skip", "I'd rather not say") leaves it to the clinic, like "no preference".</summary>
    private static string? RecognizeTime(IEntityExtractor entities, string text) =>
        Intents.IsDecliningAll(text) ? DeclinedAll
        : Intents.IsDeclining(text) || Intents.IsNoPreference(text) ? NoPreference
        : entities.ExtractPreferredTime(text) is { } time ? time.ToString("O", CultureInfo.InvariantCulture)
        : Intents.IsAsSoonAsPossible(text) ? AsSoonAsPossible
        : null;

    /// <summary>"No" changes the details (asked again from the name); a refusal ("rather not", "don't send it") ends the questions.</summary>
    private static string? RecognizeConfirmation(string text) =>
        Intents.IsYes(text) ? "yes"
        : Intents.IsNo(text) ? "no"
        : Intents.IsDecliningAll(text) || Intents.IsDeclining(text) ? Declined
        : null;

    /// <summary>What staff are told when the patient gave no date and time: as soon as possible, or no preference.</summary>
    private static string? DescribePreference(string? value) => value switch
    {
        AsSoonAsPossible => TimePreferences.AsSoonAsPossible,
        NoPreference => TimePreferences.NoPreference,
        _ => null,
    };

    private static DateTimeOffset? ParseTime(string? value) =>
        value is null or AsSoonAsPossible or NoPreference ? null : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string DescribeContact(string value) =>
        value.StartsWith(PhonePrefix, StringComparison.Ordinal) ? Responses.DescribePhone(value[PhonePrefix.Length..])
        : value.StartsWith(EmailPrefix, StringComparison.Ordinal) ? value[EmailPrefix.Length..]
        : value;
}
