using BackPainBot.Conversation;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace BackPainBot.Bot;

/// <summary>
/// The Bot Framework adapter with the turn-error policy: log without the patient's words, tell the person something
/// went wrong, and clear the conversation's state so a bad state cannot trap them in a loop.
/// </summary>
public sealed class ClinicBotAdapter : CloudAdapter
{
    public ClinicBotAdapter(
        BotFrameworkAuthentication auth, ConversationState conversationState, Responses responses, ILogger<ClinicBotAdapter> logger)
        : base(auth, logger)
    {
        OnTurnError = async (turnContext, exception) =>
        {
            // Exception messages can quote input; the type and stack are enough to find the fault.
            logger.LogError(
                "Turn failed ({ActivityType}): {ErrorType}\n{StackTrace}",
                turnContext.Activity.Type, exception.GetType().FullName, exception.StackTrace);
            try
            {
                await turnContext.SendActivityAsync(responses.SomethingWentWrong);
            }
            catch (Exception sendError)
            {
                logger.LogWarning("Could not tell the person about the failed turn: {ErrorType}", sendError.GetType().Name);
            }

            await conversationState.DeleteAsync(turnContext);
        };
    }

    /// <summary>
    /// Authenticates <paramref name="authHeader"/> and runs the turn for an activity the messages endpoint has already
    /// parsed and checked; the rest of what <see cref="CloudAdapter.ProcessAsync"/> does, without reading the body again.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The request is not authenticated for this bot.</exception>
    public Task<InvokeResponse> ProcessParsedActivityAsync(
        string authHeader, Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ProcessActivityAsync(authHeader, activity, callback, cancellationToken);
}
