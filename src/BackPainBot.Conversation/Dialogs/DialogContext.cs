using Microsoft.Bot.Builder;

namespace BackPainBot.Conversation.Dialogs;

/// <summary>The dialog stack for one turn: begins, continues, ends and cancels dialogs.</summary>
public sealed class DialogContext
{
    private readonly IReadOnlyDictionary<string, Dialog> _dialogs;

    public DialogContext(ITurnContext turn, IEnumerable<Dialog> dialogs, List<DialogInstance> stack)
    {
        Turn = turn;
        Stack = stack;
        _dialogs = dialogs.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    public ITurnContext Turn { get; }

    /// <summary>The saved stack, top last. Mutated in place so the turn's state save picks it up.</summary>
    public List<DialogInstance> Stack { get; }

    public DialogInstance? ActiveInstance => Stack.Count == 0 ? null : Stack[^1];

    public Dialog? ActiveDialog => ActiveInstance is { } top ? Find(top.Id) : null;

    public bool IsActive(string dialogId) => Stack.Any(i => i.Id == dialogId);

    /// <summary>The id of the last dialog that ended this turn with nothing left under it, or null.</summary>
    public string? CompletedDialogId { get; private set; }

    /// <summary>What <see cref="CompletedDialogId"/> ended with.</summary>
    public string? CompletedResult { get; private set; }

    public Task<DialogTurnStatus> BeginDialogAsync(
        string dialogId, IReadOnlyDictionary<string, string?>? options, CancellationToken cancellationToken)
    {
        var dialog = Find(dialogId) ?? throw new InvalidOperationException($"No dialog with id '{dialogId}'.");
        Stack.Add(new DialogInstance { Id = dialogId });
        return dialog.BeginAsync(this, options, cancellationToken);
    }

    public Task<DialogTurnStatus> ContinueDialogAsync(CancellationToken cancellationToken)
    {
        // A dialog id from an older build may no longer exist; drop it rather than trap the person.
        while (ActiveInstance is { } top && Find(top.Id) is null)
        {
            Stack.RemoveAt(Stack.Count - 1);
        }

        return ActiveDialog is { } dialog
            ? dialog.ContinueAsync(this, cancellationToken)
            : Task.FromResult(DialogTurnStatus.Empty);
    }

    /// <summary>Pops the active dialog and resumes its parent with <paramref name="result"/>.</summary>
    public Task<DialogTurnStatus> EndDialogAsync(string? result, CancellationToken cancellationToken)
    {
        string? endedId = null;
        if (Stack.Count > 0)
        {
            endedId = Stack[^1].Id;
            Stack.RemoveAt(Stack.Count - 1);
        }

        if (ActiveDialog is { } parent)
        {
            return parent.ResumeAsync(this, result, cancellationToken);
        }

        CompletedDialogId = endedId;
        CompletedResult = result;
        return Task.FromResult(DialogTurnStatus.Complete);
    }

    /// <summary>Replaces the active dialog with a fresh start of <paramref name="dialogId"/>.</summary>
    public Task<DialogTurnStatus> ReplaceDialogAsync(
        string dialogId, IReadOnlyDictionary<string, string?>? options, CancellationToken cancellationToken)
    {
        if (Stack.Count > 0)
        {
            Stack.RemoveAt(Stack.Count - 1);
        }

        return BeginDialogAsync(dialogId, options, cancellationToken);
    }

    public DialogTurnStatus CancelAll()
    {
        Stack.Clear();
        return DialogTurnStatus.Cancelled;
    }

    public Task RepromptAsync(CancellationToken cancellationToken) =>
        ActiveDialog is { } dialog ? dialog.RepromptAsync(this, cancellationToken) : Task.CompletedTask;

    private Dialog? Find(string id) => _dialogs.TryGetValue(id, out var dialog) ? dialog : null;
}
