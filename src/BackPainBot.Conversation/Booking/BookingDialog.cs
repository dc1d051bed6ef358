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
            new TextPrompt(NamePrompt, RecognizeName),
            new TextPrompt(ContactPrompt, text => RecognizeContact(entities, text)),
            new TextPrompt(TimePrompt, text => RecognizeTime(entities, text)),
            new TextPrompt(ConfirmPrompt, RecognizeYesNo),
        ];
    }

    /// <summary>The prompts this dialog asks through; register them with the dialog set.</summary>
    public IReadOnlyList<Dialog> Prompts { get; }

    protected override IReadOnlyList<WaterfallStep> Steps { get; }

    private Task<DialogTurnStatus> AskNameAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.PromptAsync(NamePrompt, new PromptOptions(_responses.AskName, _responses.RetryName), cancellationToken);

    private Task<DialogTurnStatus> AskContactAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Values[NameKey] = step.Result;
        return step.PromptAsync(ContactPrompt, new PromptOptions(_responses.AskContact, _responses.RetryContact), cancellationToken);
    }

    private Task<DialogTurnStatus> AskTimeAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Values[ContactKey] = step.Result;
        return step.PromptAsync(TimePrompt, new PromptOptions(_responses.AskTime, _responses.RetryTime), cancellationToken);
    }

    private Task<DialogTurnStatus> ConfirmAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Values[TimeKey] = step.Result;
        var summary = _responses.Confirm(step.Values[NameKey]!, DescribeContact(step.Values[ContactKey]!), ParseTime(step.Values[TimeKey]));
        return step.PromptAsync(
            ConfirmPrompt,
            new PromptOptions(summary, _responses.RetryConfirm, [Responses.YesAction, Responses.NoAction]),
            cancellationToken);
    }

    private async Task<DialogTurnStatus> SaveAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var turn = step.Context.Turn;
        if (step.Result != "yes")
        {
            await turn.SendActivityAsync(_responses.BookingRedo, cancellationToken: cancellationToken);
            var seed = new Dictionary<string, string?> { [QuestionKey] = step.Values.GetValueOrDefault(QuestionKey) };
            return await step.Context.ReplaceDialogAsync(DialogId, seed, cancellationToken);
        }

        var name = step.Values[NameKey]!;
        var contactValue = step.Values[ContactKey]!;
        var contact = new ContactDetails(
            name,
            contactValue.StartsWith(PhonePrefix, StringComparison.Ordinal) ? contactValue[PhonePrefix.Length..] : null,
            contactValue.StartsWith(EmailPrefix, StringComparison.Ordinal) ? contactValue[EmailPrefix.Length..] : null);
        var data = turn.TurnState.Get<ConversationData>();
        try
        {
            var handoff = await _recorder.RecordAsync(
                turn, data, contact, ParseTime(step.Values[TimeKey]), step.Values.GetValueOrDefault(QuestionKey), cancellationToken);
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

    private static string? RecognizeContact(IEntityExtractor entities, string text) =>
        entities.ExtractEmail(text) is { } email ? EmailPrefix + email
        : entities.ExtractPhone(text) is { } phone ? PhonePrefix + phone
        : null;

    private static string? RecognizeTime(IEntityExtractor entities, string text) =>
        entities.ExtractPreferredTime(text) is { } time ? time.ToString("O", CultureInfo.InvariantCulture)
        : Intents.IsAsSoonAsPossible(text) ? AsSoonAsPossible
        : null;

    private static string? RecognizeYesNo(string text) =>
        Intents.IsYes(text) ? "yes" : Intents.IsNo(text) ? "no" : null;

    private static DateTimeOffset? ParseTime(string? value) =>
        value is null or AsSoonAsPossible ? null : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string DescribeContact(string value) =>
        value.StartsWith(PhonePrefix, StringComparison.Ordinal) ? Responses.DescribePhone(value[PhonePrefix.Length..])
        : value.StartsWith(EmailPrefix, StringComparison.Ordinal) ? value[EmailPrefix.Length..]
        : value;
}
