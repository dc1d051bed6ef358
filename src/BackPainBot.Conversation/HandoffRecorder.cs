using BackPainBot.Handoffs;
using BackPainBot.Triage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;

namespace BackPainBot.Conversation;

/// <summary>
/// Turns the conversation so far into a handoff for staff. One handoff per conversation: later red flags and the
/// booking's contact details update it, so staff see one record with the whole story.
/// </summary>
public sealed class HandoffRecorder(IHandoffStore store, TimeProvider clock, ILogger<HandoffRecorder> logger)
{
    /// <summary>Saves the handoff; throws when the store fails (the caller tells the patient to call the clinic).</summary>
    public async Task<Handoff> RecordAsync(
        ITurnContext turn,
        ConversationData data,
        ContactDetails? contact,
        DateTimeOffset? preferredTime,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var existing = data.HandoffId is { } id ? await store.GetAsync(id, cancellationToken) : null;
        var handoff = new Handoff
        {
            Id = existing?.Id ?? Guid.NewGuid(),
            ConversationId = turn.Activity.Conversation.Id,
            Channel = turn.Activity.ChannelId ?? "unknown",
            Level = LevelName(data.Level),
            Flags = [.. data.Flags],
            Contact = contact ?? existing?.Contact ?? DefaultContact(turn),
            PreferredTime = preferredTime ?? existing?.PreferredTime,
            Status = existing?.Status ?? HandoffStatus.New,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
            Transcript = [.. data.Transcript],
            TriageAudit = [.. data.TriageAudit],
        };

        await store.SaveAsync(handoff, cancellationToken);
        data.HandoffId = handoff.Id;
        logger.LogInformation(
            "Handoff {HandoffId} saved: level {Level}, flags {Flags}, contact given {HasContact}",
            handoff.Id, handoff.Level, string.Join(",", handoff.Flags), contact is not null);
        return handoff;
    }

    public static string LevelName(TriageLevel level) => level.ToString().ToLowerInvariant();

    private static ContactDetails? DefaultContact(ITurnContext turn) =>
        turn.Activity.From?.Name is { Length: > 0 } name ? new ContactDetails(name, null, null) : null;
}
