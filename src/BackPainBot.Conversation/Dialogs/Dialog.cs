namespace BackPainBot.Conversation.Dialogs;

/// <summary>
/// A step-by-step exchange with the person. Our own small engine on Bot Builder's core, because
/// Microsoft.Bot.Builder.Dialogs is not available: dialogs keep their progress in <see cref="DialogInstance"/>, which
/// lives in conversation state, so a conversation resumes correctly on any turn.
/// </summary>
public abstract class Dialog(string id)
{
    public string Id { get; } = id;

    /// <summary>Starts the dialog; <paramref name="options"/> seeds its values.</summary>
    public abstract Task<DialogTurnStatus> BeginAsync(
        DialogContext dc, IReadOnlyDictionary<string, string?>? options, CancellationToken cancellationToken);

    /// <summary>Handles the person's next message while this dialog is on top of the stack.</summary>
    public abstract Task<DialogTurnStatus> ContinueAsync(DialogContext dc, CancellationToken cancellationToken);

    /// <summary>A child dialog ended with <paramref name="result"/>; carry on.</summary>
    public virtual Task<DialogTurnStatus> ResumeAsync(DialogContext dc, string? result, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(result, cancellationToken);

    /// <summary>Asks the pending question again, after an interruption such as help or a red flag.</summary>
    public virtual Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) => Task.CompletedTask;
}
