using BackPainBot.Conversation.Takeover;
using BackPainBot.Handoffs;
using BackPainBot.Triage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace BackPainBot.Conversation;

/// <summary>The bot's side of a live takeover: quiet while staff talk to the patient, except for emergencies.</summary>
public sealed partial class BackPainBotHandler
{
    private readonly TakeoverSessions? _takeover;

    /// <summary>Adds what staff said since the last turn to the conversation's transcript, so later saves keep it.</summary>
    private async Task AddTakeoverLinesAsync(ITurnContext turn, ConversationData data, CancellationToken cancellationToken)
    {
        if (_takeover is null || turn.Activity.Conversation?.Id is not { } conversationId)
        {
            return;
        }

        // Staff join a conversation only through its handoff, which this conversation's state names from the turn
        // that recorded it; until then nobody can have said anything to it, and the shared store is not asked (on
        // PostgreSQL that is a round trip saved on most turns).
        if (data.HandoffId is null && _takeover.Find(conversationId) is null)
        {
            return;
        }

        foreach (var line in await _takeover.TakePendingAsync(conversationId, cancellationToken))
        {
            data.AddToTranscript(line.Timestamp, line.From, line.Text);
        }
    }

    /// <summary>Whether staff have the conversation (the bot does not answer).</summary>
    private bool IsTakenOver(ITurnContext turn) =>
        _takeover is not null && turn.Activity.Conversation?.Id is { } id && _takeover.Find(id) is not null;

    /// <summary>
    /// While staff have the conversation, the patient's message goes to them and the bot says nothing, except the
    /// emergency reply to an emergency red flag; red flags still update the handoff. False when the bot has the
    /// conversation.
    /// </summary>
    private async Task<bool> HandleDuringTakeoverAsync(
        ITurnContext turn, ConversationData data, TriageResult triage, CancellationToken cancellationToken)
    {
        if (_takeover?.Find(turn.Activity.Conversation.Id) is not { } session)
        {
            return false;
        }

        // Whatever the bot was asking before staff joined is stale once the patient talks to a person.
        data.DialogStack.Clear();
        data.ClarifyingQuestion = null;
        data.ScreeningFollowUp = null;
        await _takeover.AddAsync(session, data.Transcript[^1], store: true, outsideTurn: false, cancellationToken);

        var reported = triage.Flags.Where(f => f.Context != MentionContext.Hypothetical).ToList();
        if (reported.Count == 0)
        {
            return true;
        }

        TranscriptEntry? reply = null;
        if (reported.Max(f => f.Level) == TriageLevel.Emergency)
        {
            var advice = reported
                .OrderByDescending(f => f.Level)
                .Select(f => f.Rule.Advice)
                .Distinct(StringComparer.Ordinal)
                .Take(MaxAdviceParagraphs)
                .ToList();
            await turn.SendActivityAsync(_responses.Emergency(advice, triage.IsAboutSomeoneElse), cancellationToken: cancellationToken);
            reply = data.Transcript[^1];
        }

        var saved = false;
        try
        {
            await _recorder.RecordAsync(turn, data, contact: null, preferredTime: null, question: null, timePreference: null, cancellationToken);
            saved = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Staff are reading along; the red flag is in front of them even though the record could not be updated.
            _logger.LogError("Red-flag update during takeover could not be saved: {ErrorType}", ex.GetType().Name);
        }

        if (reply is not null)
        {
            await _takeover.AddAsync(session, reply, store: !saved, outsideTurn: false, cancellationToken);
        }

        return true;
    }
}
