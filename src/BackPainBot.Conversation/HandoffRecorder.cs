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
    /// <param name="question">A question the knowledge base could not answer, for staff to answer.</param>
    /// <param name="timePreference">
    /// Without <paramref name="preferredTime"/>: <see cref="TimePreferences.AsSoonAsPossible"/> or
    /// <see cref="TimePreferences.NoPreference"/>. A time answer (either) replaces the one known; none keeps it.
    /// </param>
    public async Task<Handoff> RecordAsync(
        ITurnContext turn,
        ConversationData data,
        ContactDetails? contact,
        DateTimeOffset? preferredTime,
        string? question,
        string? timePreference,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var existing = data.HandoffId is { } id ? await store.GetAsync(id, cancellationToken) : null;
        var answeredTime = preferredTime is not null || timePreference is not null;
        var handoff = new Handoff
        {
            Id = existing?.Id ?? Guid.NewGuid(),
            ConversationId = turn.Activity.Conversation.Id,
            Channel = turn.Activity.ChannelId ?? "unknown",
            Level = LevelName(question is null ? data.Level : Max(data.Level, TriageLevel.Routine)),
            Reason = data.Flags.Count > 0 ? HandoffReason.RedFlag
                : question is not null ? HandoffReason.Question
                : existing?.Reason ?? HandoffReason.Booking,
            Question = question ?? existing?.Question,
            Flags = [.. data.Flags],
            Contact = Merge(contact, existing?.Contact ?? DefaultContact(turn)),

            // The time answer as a whole: "as soon as possible" after an earlier booking's time replaces that time.
            PreferredTime = answeredTime ? preferredTime : existing?.PreferredTime,
            TimePreference = answeredTime ? (preferredTime is null ? timePreference : null) : existing?.TimePreference,
            Status = existing?.Status ?? HandoffStatus.New,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
            Transcript = [.. data.Transcript],
            TriageAudit = [.. data.TriageAudit],

            // Lets staff join this conversation from the console (live takeover).
            ConversationReference = Takeover.TakeoverService.SerializeReference(turn.Activity.GetConversationReference()),
        };

        await store.SaveAsync(handoff, cancellationToken);
        data.HandoffId = handoff.Id;
        logger.LogInformation(
            "Handoff {HandoffId} saved: {Reason}, level {Level}, flags {Flags}, contact given {HasContact}",
            handoff.Id, handoff.Reason, handoff.Level, string.Join(",", handoff.Flags), contact is not null);
        return handoff;
    }

    public static string LevelName(TriageLevel level) => level.ToString().ToLowerInvariant();

    private static TriageLevel Max(TriageLevel a, TriageLevel b) => a > b ? a : b;

    /// <summary>
    /// What the patient just gave, over what was known. A detail they declined (null) is simply not given: the one known
    /// before stays (a declined name leaves the channel's display name, if it has one), and a refusal is never a value.
    /// </summary>
    private static ContactDetails? Merge(ContactDetails? given, ContactDetails? known)
    {
        if (given is null)
        {
            return known;
        }

        var reach = given.Phone is not null || given.Email is not null ? given : known;
        var merged = new ContactDetails(given.Name ?? known?.Name, reach?.Phone, reach?.Email);
        return merged is { Name: null, Phone: null, Email: null } ? null : merged;
    }

    private static ContactDetails? DefaultContact(ITurnContext turn) =>
        turn.Activity.From?.Name is { Length: > 0 } name ? new ContactDetails(name, null, null) : null;
}
