namespace BackPainBot.Conversation.Dialogs;

/// <summary>One dialog on the stack, as saved in conversation state between turns.</summary>
public sealed class DialogInstance
{
    public string Id { get; set; } = "";

    /// <summary>Index of the waterfall step that is waiting for the next input.</summary>
    public int Step { get; set; }

    /// <summary>How many times the current prompt has been re-asked after invalid input.</summary>
    public int Retries { get; set; }

    /// <summary>What the dialog has collected so far. Strings only, so state stays plain JSON.</summary>
    public Dictionary<string, string?> Values { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Whether a dialog still waits for the person after this turn.</summary>
public enum DialogTurnStatus
{
    /// <summary>No dialog was active.</summary>
    Empty,

    /// <summary>A dialog asked something and waits for the answer.</summary>
    Waiting,

    /// <summary>The last dialog on the stack finished.</summary>
    Complete,

    /// <summary>The stack was cleared.</summary>
    Cancelled,
}
