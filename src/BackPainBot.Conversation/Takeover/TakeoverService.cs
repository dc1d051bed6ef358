using System.Security.Claims;
using BackPainBot.Handoffs;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace BackPainBot.Conversation.Takeover;

/// <summary>How a takeover request went.</summary>
public enum TakeoverOutcome
{
    Done,
    NotFound,

    /// <summary>No conversation reference is stored with the handoff: there is no chat to join.</summary>
    NoConversation,

    /// <summary>Someone else is already talking to the patient.</summary>
    TakenOverByOther,

    /// <summary>The caller is not talking to the patient.</summary>
    NotInTakeover,

    /// <summary>The patient's channel did not take the message (the chat ended, or the channel is down).</summary>
    ChannelUnavailable,
}

/// <summary>
/// Live takeover: staff join the patient's conversation, their messages reach the patient in the patient's channel
/// through the adapter (a proactive message to the stored conversation reference), and the bot stays quiet until they
/// leave. The patient is told when a person joins and leaves.
/// </summary>
public sealed class TakeoverService(
    BotAdapter adapter,
    ClaimsIdentity botIdentity,
    TakeoverSessions sessions,
    IHandoffStore handoffs,
    IHandoffWorkflow workflow,
    Responses responses,
    TimeProvider clock,
    ILogger<TakeoverService> logger)
{
    /// <summary>Longest message staff may send in one go.</summary>
    public const int MaxMessageLength = 2000;

    /// <summary>Joins the handoff's conversation as <paramref name="staffName"/> and tells the patient.</summary>
    public async Task<TakeoverOutcome> StartAsync(Guid handoffId, string staffName, CancellationToken cancellationToken)
    {
        var handoff = await handoffs.GetAsync(handoffId, cancellationToken);
        if (handoff is null)
        {
            return TakeoverOutcome.NotFound;
        }

        if (ReadReference(handoff) is not { } reference)
        {
            return TakeoverOutcome.NoConversation;
        }

        if (sessions.FindByHandoff(handoffId) is { } existing)
        {
            return SameStaff(existing, staffName) ? TakeoverOutcome.Done : TakeoverOutcome.TakenOverByOther;
        }

        var session = new TakeoverSession(handoffId, handoff.ConversationId, staffName, clock.GetUtcNow());
        if (!sessions.TryStart(session))
        {
            return TakeoverOutcome.TakenOverByOther;
        }

        try
        {
            if (!await workflow.SetTakeoverAsync(handoffId, staffName, staffName, session.Since, cancellationToken))
            {
                sessions.TryEnd(session);
                return TakeoverOutcome.TakenOverByOther;
            }
        }
        catch
        {
            // Not recorded, so not started: the bot must not go quiet with nobody in the chat.
            sessions.TryEnd(session);
            throw;
        }

        var notice = responses.StaffJoined(staffName);
        if (!await SendAsync(reference, notice, cancellationToken))
        {
            sessions.TryEnd(session);
            await workflow.SetTakeoverAsync(handoffId, null, staffName, clock.GetUtcNow(), cancellationToken);
            return TakeoverOutcome.ChannelUnavailable;
        }

        logger.LogInformation("Takeover of handoff {HandoffId} started", handoffId);
        await sessions.AddAsync(session, new TranscriptEntry(clock.GetUtcNow(), "bot", notice), store: true, outsideTurn: true, cancellationToken);
        await sessions.ChangedAsync(handoffId, cancellationToken);
        return TakeoverOutcome.Done;
    }

    /// <summary>Sends a staff message to the patient; only the staff member who joined may.</summary>
    /// <param name="text">At most <see cref="MaxMessageLength"/> characters; the caller checks.</param>
    public async Task<TakeoverOutcome> SendAsync(Guid handoffId, string staffName, string text, CancellationToken cancellationToken)
    {
        if (sessions.FindByHandoff(handoffId) is not { } session || !SameStaff(session, staffName))
        {
            return TakeoverOutcome.NotInTakeover;
        }

        var handoff = await handoffs.GetAsync(handoffId, cancellationToken);
        if (handoff is null || ReadReference(handoff) is not { } reference)
        {
            return TakeoverOutcome.NoConversation;
        }

        if (!await SendAsync(reference, responses.StaffMessage(session.StaffName, text), cancellationToken))
        {
            return TakeoverOutcome.ChannelUnavailable;
        }

        await sessions.AddAsync(
            session, new TranscriptEntry(clock.GetUtcNow(), "staff", $"{session.StaffName}: {text}"), store: true, outsideTurn: true, cancellationToken);
        return TakeoverOutcome.Done;
    }

    /// <summary>Leaves the conversation: the patient is told, and the bot answers again.</summary>
    /// <param name="force">End someone else's takeover (an administrator, or a chat left open).</param>
    public async Task<TakeoverOutcome> EndAsync(Guid handoffId, string staffName, bool force, CancellationToken cancellationToken)
    {
        if (sessions.FindByHandoff(handoffId) is not { } session || (!force && !SameStaff(session, staffName)))
        {
            return TakeoverOutcome.NotInTakeover;
        }

        // Recorded first: if that fails, the takeover is still live in memory and in the database alike.
        await workflow.SetTakeoverAsync(handoffId, null, staffName, clock.GetUtcNow(), cancellationToken);
        if (!sessions.TryEnd(session))
        {
            return TakeoverOutcome.NotInTakeover;
        }

        logger.LogInformation("Takeover of handoff {HandoffId} ended", handoffId);

        // The bot is back whether or not the patient can still be told: a chat that has ended has nobody to tell.
        var handoff = await handoffs.GetAsync(handoffId, cancellationToken);
        var notice = responses.StaffLeft(session.StaffName);
        if (handoff is not null && ReadReference(handoff) is { } reference && await SendAsync(reference, notice, cancellationToken))
        {
            await sessions.AddAsync(session, new TranscriptEntry(clock.GetUtcNow(), "bot", notice), store: true, outsideTurn: true, cancellationToken);
        }

        await sessions.ChangedAsync(handoffId, cancellationToken);
        return TakeoverOutcome.Done;
    }

    /// <summary>Serialises a turn's conversation reference for storing with the handoff.</summary>
    public static string SerializeReference(ConversationReference reference) =>
        JsonConvert.SerializeObject(reference, Formatting.None);

    private static bool SameStaff(TakeoverSession session, string staffName) =>
        string.Equals(session.StaffName, staffName, StringComparison.OrdinalIgnoreCase);

    private ConversationReference? ReadReference(Handoff handoff)
    {
        if (string.IsNullOrEmpty(handoff.ConversationReference))
        {
            return null;
        }

        try
        {
            return JsonConvert.DeserializeObject<ConversationReference>(handoff.ConversationReference);
        }
        catch (JsonException)
        {
            logger.LogWarning("Handoff {HandoffId} has an unreadable conversation reference", handoff.Id);
            return null;
        }
    }

    private async Task<bool> SendAsync(ConversationReference reference, string text, CancellationToken cancellationToken)
    {
        // Caught inside the turn too: the adapter's turn-error handler would otherwise take the failure, tell the patient
        // something went wrong and clear the conversation's state, and the console would think the message went.
        Exception? failure = null;
        try
        {
            await adapter.ContinueConversationAsync(
                botIdentity,
                reference,
                async (turn, ct) =>
                {
                    try
                    {
                        await turn.SendActivityAsync(MessageFactory.Text(text), ct);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        failure = ex;
                    }
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = ex;
        }

        if (failure is not null)
        {
            // The message is patient-facing text; the type says what failed.
            logger.LogWarning("Takeover message not delivered to the conversation: {ErrorType}", failure.GetType().Name);
            return false;
        }

        return true;
    }
}
