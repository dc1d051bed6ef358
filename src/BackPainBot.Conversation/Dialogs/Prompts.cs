using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace BackPainBot.Conversation.Dialogs;

/// <summary>What a prompt says, what it says after an answer it cannot use, and buttons to offer.</summary>
public sealed record PromptOptions(string Text, string RetryText, IReadOnlyList<string>? Choices = null)
{
    private const string ChoiceSeparator = "\u001f";

    internal IReadOnlyDictionary<string, string?> ToValues() => new Dictionary<string, string?>
    {
        [PromptKeys.Text] = Text,
        [PromptKeys.Retry] = RetryText,
        [PromptKeys.Choices] = Choices is { Count: > 0 } ? string.Join(ChoiceSeparator, Choices) : null,
    };

    internal static IReadOnlyList<string> ChoicesFrom(DialogInstance instance) =>
        instance.Values.GetValueOrDefault(PromptKeys.Choices) is { Length: > 0 } joined
            ? joined.Split(ChoiceSeparator)
            : [];
}

internal static class PromptKeys
{
    public const string Text = "prompt.text";
    public const string Retry = "prompt.retry";
    public const string Choices = "prompt.choices";
}

/// <summary>
/// Asks a question and re-asks until the answer is recognised; ends with the recognised value (a string).
/// </summary>
/// <param name="recognize">Returns the normalised value, or null when the answer cannot be used.</param>
public sealed class TextPrompt(string id, Func<string, string?> recognize) : Dialog(id)
{
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
