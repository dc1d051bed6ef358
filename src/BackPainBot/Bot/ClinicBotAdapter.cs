using BackPainBot.Conversation;
using BackPainBot.Conversation.State;
using BackPainBot.Handoffs.State;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace BackPainBot.Bot;

/// <summary>
/// The Bot Framework adapter: turns of one conversation run one at a time (<see cref="ConversationTurnLock"/>, first
/// in the pipeline), and the turn-error policy is to log without the patient's words, tell the person something went
/// wrong, and clear the conversation's state so a bad state cannot trap them in a loop.
/// </summary>
/// <remarks>
/// A turn that lost a race for the state (<see cref="StateConflictException"/>) or waited too long for the turn ahead
/// (<see cref="ConversationBusyException"/>) keeps the state: it is the other turn's, and sound.
/// </remarks>
public sealed class ClinicBotAdapter : CloudAdapter
{
    public ClinicBotAdapter(
        BotFrameworkAuthentication auth,
        ConversationState conversationState,
        ConversationTurnLock turnLock,
        Responses responses,
        ILogger<ClinicBotAdapter> logger)
        : base(auth, logger)
    {
        Use(turnLock);
        OnTurnError = async (turnContext, exception) =>
        {
            if (exception is StateConflictException or ConversationBusyException)
            {
                logger.LogWarning(
                    "Turn not saved ({ActivityType}): {ErrorType}; the conversation's state is another turn's and is kept",
                    turnContext.Activity.Type, exception.GetType().Name);
                await TellSomethingWentWrongAsync(turnContext, responses, logger);
                return;
            }

            // Exception messages can quote input; the type and stack are enough to find the fault.
            logger.LogError(
                "Turn failed ({ActivityType}): {ErrorType}\n{StackTrace}",
                turnContext.Activity.Type, exception.GetType().FullName, exception.StackTrace);
            await TellSomethingWentWrongAsync(turnContext, responses, logger);
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

    private static async Task TellSomethingWentWrongAsync(ITurnContext turnContext, Responses responses, ILogger logger)
    {
        try
        {
            await turnContext.SendActivityAsync(responses.SomethingWentWrong);
        }
        catch (Exception sendError)
        {
            logger.LogWarning("Could not tell the person about the failed turn: {ErrorType}", sendError.GetType().Name);
        }
    }
}
