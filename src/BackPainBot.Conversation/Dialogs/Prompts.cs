using System.Globalization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackPainBot.Conversation.Dialogs;

/// <summary>What a prompt says, what it says after an answer it cannot use, and buttons to offer.</summary>
/// <param name="MaxRetries">
/// How many times the prompt re-asks after an answer it cannot use (<see cref="DefaultMaxRetries"/>: three tries in
/// all). The next unusable answer ends the prompt with <see cref="TextPrompt.NoAnswer"/>, and the dialog that asked
/// decides what an unanswered question means; a patient is never asked the same thing forever.
/// </param>
public sealed record PromptOptions(
    string Text, string RetryText, IReadOnlyList<string>? Choices = null, int MaxRetries = PromptOptions.DefaultMaxRetries)
{
    /// <summary>Re-asks after an unusable answer, unless a prompt says otherwise: 2, so three tries in all.</summary>
    public const int DefaultMaxRetries = 2;

    private const string ChoiceSeparator = "\u001f";

    internal IReadOnlyDictionary<string, string?> ToValues() => new Dictionary<string, string?>
    {
        [PromptKeys.Text] = Text,
        [PromptKeys.Retry] = RetryText,
        [PromptKeys.Choices] = Choices is { Count: > 0 } ? string.Join(ChoiceSeparator, Choices) : null,
        [PromptKeys.MaxRetries] = Math.Max(0, MaxRetries).ToString(CultureInfo.InvariantCulture),
    };

    internal static IReadOnlyList<string> ChoicesFrom(DialogInstance instance) =>
        instance.Values.GetValueOrDefault(PromptKeys.Choices) is { Length: > 0 } joined
            ? joined.Split(ChoiceSeparator)
            : [];

    /// <summary>The prompt's limit; the default for a prompt saved in conversation state before limits existed.</summary>
    internal static int MaxRetriesFrom(DialogInstance instance) =>
        int.TryParse(instance.Values.GetValueOrDefault(PromptKeys.MaxRetries), NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            ? max
            : DefaultMaxRetries;
}

internal static class PromptKeys
{
    public const string Text = "prompt.text";
    public const string Retry = "prompt.retry";
    public const string Choices = "prompt.choices";
    public const string MaxRetries = "prompt.maxRetries";
}

/// <summary>
/// Asks a question and re-asks, up to the prompt's retry limit, until the answer is recognised; ends with the recognised
/// value (a string), or with <see cref="NoAnswer"/> once the limit is reached.
/// </summary>
/// <param name="recognize">Returns the normalised value, or null when the answer cannot be used.</param>
/// <param name="logger">Told when a prompt reaches its limit: the prompt's id and the number of tries, never the text.</param>
public sealed class TextPrompt(string id, Func<string, string?> recognize, ILogger? logger = null) : Dialog(id)
{
    /// <summary>
    /// What a prompt ends with when the patient's answers could not be used within its retry limit. Parentheses keep it
    /// apart from any recognised value, and it is never a value to keep: the asking dialog treats the question as not
    /// answered.
    /// </summary>
    public const string NoAnswer = "(no-answer)";

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public override async Task<DialogTurnStatus> BeginAsync(
        DialogContext dc, IReadOnlyDictionary<string, string?>? options, CancellationToken cancellationToken)
    {
        var instance = dc.ActiveInstance!;
        foreach (var (key, value) in options ?? new Dictionary<string, string?>())
        {
            instance.Values[key] = value;
        }

        await SendAsync(dc, instance, PromptKeys.Text, cancellationToken);
        return DialogTurnStatus.Waiting;
    }

    public override async Task<DialogTurnStatus> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var instance = dc.ActiveInstance!;
        var value = recognize(dc.Turn.Activity.Text?.Trim() ?? "");
        if (value is not null)
        {
            return await dc.EndDialogAsync(value, cancellationToken);
        }

        if (instance.Retries >= PromptOptions.MaxRetriesFrom(instance))
        {
            // The prompt's id and the count only: the answers themselves may be anything the patient typed.
            _logger.LogWarning(
                "Prompt {PromptId} reached its retry limit after {Tries} unusable answers; the question is left unanswered",
                Id, instance.Retries + 1);
            return await dc.EndDialogAsync(NoAnswer, cancellationToken);
        }

        instance.Retries++;
        await SendAsync(dc, instance, PromptKeys.Retry, cancellationToken);
        return DialogTurnStatus.Waiting;
    }

    public override Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) =>
        SendAsync(dc, dc.ActiveInstance!, PromptKeys.Text, cancellationToken);

    private static Task SendAsync(DialogContext dc, DialogInstance instance, string key, CancellationToken cancellationToken)
    {
        var text = instance.Values.GetValueOrDefault(key) ?? "";
        var choices = PromptOptions.ChoicesFrom(instance);
        var activity = Replies.WithActions(text, choices);
        activity.InputHint = InputHints.ExpectingInput;
        return dc.Turn.SendActivityAsync(activity, cancellationToken);
    }
}
