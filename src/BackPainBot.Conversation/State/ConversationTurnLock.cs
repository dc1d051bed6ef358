using BackPainBot.Handoffs.State;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace BackPainBot.Conversation.State;

/// <summary>
/// Middleware that runs the turns of one conversation one at a time, on this instance and, with the <c>postgres</c>
/// provider, on every instance: each turn then reads the state the previous one saved. Add it first, so it covers the
/// whole turn.
/// </summary>
/// <remarks>
/// Two messages of one conversation can arrive together (a patient sending twice quickly, Teams sending an installation
/// update beside a conversation update, a load balancer spreading retries), and <see cref="BotState"/> alone is
/// last-writer-wins: both turns would start from the same state and one turn's changes would vanish. The lock is the
/// first defence; the ETag every save carries (<see cref="ConversationStateStorage"/>) is the second, making any turn
/// that ran without the lock fail rather than overwrite. Proactive sends (<see cref="ActivityEventNames.ContinueConversation"/>,
/// e.g. staff messages during a takeover) are not turns of the bot and touch no state, so they do not wait.
/// </remarks>
public sealed class ConversationTurnLock(IConversationLock conversationLock) : IMiddleware
{
    /// <inheritdoc />
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        if (KeyOf(turnContext.Activity) is not { } key)
        {
            await next(cancellationToken);
            return;
        }

        await using (await conversationLock.AcquireAsync(key, cancellationToken))
        {
            await next(cancellationToken);
        }
    }

    /// <summary>
    /// The lock's key for a turn: the conversation's state key (<c>channel/conversations/id</c>, as
    /// <see cref="ConversationState"/> makes it), or null for activities that are not the bot's turns.
    /// </summary>
    public static string? KeyOf(IActivity? activity)
    {
        if (activity is null
            || string.IsNullOrEmpty(activity.ChannelId)
            || string.IsNullOrEmpty(activity.Conversation?.Id)
            || (activity.Type == ActivityTypes.Event && activity is IEventActivity { Name: ActivityEventNames.ContinueConversation }))
        {
            return null;
        }

        return $"{activity.ChannelId}/conversations/{activity.Conversation.Id}";
    }
}
