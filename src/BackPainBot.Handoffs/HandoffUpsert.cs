namespace BackPainBot.Handoffs;

/// <summary>
/// How a save merges with the stored handoff, the same on every provider: the saved version replaces every column,
/// except the two that others may have changed since the bot read the handoff.
/// </summary>
internal static class HandoffUpsert
{
    /// <summary>
    /// The <c>SET</c> list of a save's <c>ON CONFLICT (id) DO UPDATE</c>, for the comma-separated
    /// <paramref name="columns"/> it inserts (<c>id</c> is the key and is left out):
    /// <list type="bullet">
    /// <item><c>status</c>: staff move a handoff on from <c>new</c> in the console; a save from the bot, which read the
    /// handoff a moment earlier, must not move it back.</item>
    /// <item><c>conversation_reference</c>: a save without one keeps the stored one, so staff can still take over.</item>
    /// </list>
    /// </summary>
    public static string Assignments(string columns) => string.Join(
        ",\n",
        columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(column => column != "id")
            .Select(column => column switch
            {
                "status" => "status = CASE WHEN excluded.status = 'new' THEN handoffs.status ELSE excluded.status END",
                "conversation_reference" =>
                    "conversation_reference = COALESCE(excluded.conversation_reference, handoffs.conversation_reference)",
                _ => $"{column} = excluded.{column}",
            }));
}
