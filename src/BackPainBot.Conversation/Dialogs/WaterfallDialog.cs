namespace BackPainBot.Conversation.Dialogs;

/// <summary>One step of a waterfall: a small named method.</summary>
public delegate Task<DialogTurnStatus> WaterfallStep(WaterfallStepContext step, CancellationToken cancellationToken);

/// <summary>A fixed sequence of steps; each step usually asks a prompt whose answer the next step receives.</summary>
public abstract class WaterfallDialog(string id) : Dialog(id)
{
    protected abstract IReadOnlyList<WaterfallStep> Steps { get; }

    public override Task<DialogTurnStatus> BeginAsync(
        DialogContext dc, IReadOnlyDictionary<string, string?>? options, CancellationToken cancellationToken)
    {
        var instance = dc.ActiveInstance!;
        instance.Step = 0;
        if (options is not null)
        {
            foreach (var (key, value) in options)
            {
                instance.Values[key] = value;
            }
        }

        return RunStepAsync(dc, result: null, cancellationToken);
    }

    /// <summary>A waterfall waits only behind its prompts; a bare message moves it on with the text as result.</summary>
    public override Task<DialogTurnStatus> ContinueAsync(DialogContext dc, CancellationToken cancellationToken) =>
        ResumeAsync(dc, dc.Turn.Activity.Text, cancellationToken);

    public override Task<DialogTurnStatus> ResumeAsync(DialogContext dc, string? result, CancellationToken cancellationToken)
    {
        dc.ActiveInstance!.Step++;
        return RunStepAsync(dc, result, cancellationToken);
    }

    public override Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) => Task.CompletedTask;

    internal Task<DialogTurnStatus> RunStepAsync(DialogContext dc, string? result, CancellationToken cancellationToken)
    {
        var instance = dc.ActiveInstance!;
        if (instance.Step >= Steps.Count)
        {
            return dc.EndDialogAsync(result, cancellationToken);
        }

        return Steps[instance.Step](new WaterfallStepContext(dc, this, instance, result), cancellationToken);
    }
}

/// <summary>What a waterfall step sees: the values so far and the answer to the previous prompt.</summary>
public sealed class WaterfallStepContext(DialogContext dc, WaterfallDialog dialog, DialogInstance instance, string? result)
{
    public DialogContext Context { get; } = dc;

    public Dictionary<string, string?> Values => instance.Values;

    /// <summary>The recognised answer to the previous step's prompt (e.g. a normalised phone number).</summary>
    public string? Result { get; } = result;

    /// <summary>Asks a question through the prompt dialog <paramref name="promptId"/>.</summary>
    public Task<DialogTurnStatus> PromptAsync(string promptId, PromptOptions options, CancellationToken cancellationToken) =>
        Context.BeginDialogAsync(promptId, options.ToValues(), cancellationToken);

    /// <summary>Skips to the next step without waiting for input.</summary>
    public Task<DialogTurnStatus> NextAsync(string? value, CancellationToken cancellationToken)
    {
        instance.Step++;
        return dialog.RunStepAsync(Context, value, cancellationToken);
    }

    public Task<DialogTurnStatus> EndAsync(string? value, CancellationToken cancellationToken) =>
        Context.EndDialogAsync(value, cancellationToken);
}
