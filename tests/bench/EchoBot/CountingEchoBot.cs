using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace BackPainBot.Bench.EchoBot;

/// <summary>
/// Echoes each message and keeps a per-conversation turn counter in <see cref="ConversationState"/>, so that every
/// turn pays for a state read and write as the real bot's turns do.
/// </summary>
/// <param name="conversationState">The state the turn counter lives in.</param>
public sealed class CountingEchoBot(ConversationState conversationState) : ActivityHandler
{
    private readonly ConversationState _conversationState = conversationState;
    private readonly IStatePropertyAccessor<int> _turnCount = conversationState.CreateProperty<int>("TurnCount");

    /// <inheritdoc />
    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var turns = await _turnCount.GetAsync(turnContext, () => 0, cancellationToken);
        await _turnCount.SetAsync(turnContext, turns + 1, cancellationToken);

        await base.OnTurnAsync(turnContext, cancellationToken);

        // Saved once, at the end of the turn, as the real bot does.
        await _conversationState.SaveChangesAsync(turnContext, force: false, cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task OnMessageActivityAsync(
        ITurnContext<IMessageActivity> turnContext,
        CancellationToken cancellationToken)
    {
        var turns = await _turnCount.GetAsync(turnContext, () => 0, cancellationToken);
        var reply = MessageFactory.Text($"Echo #{turns}: {turnContext.Activity.Text}");
        await turnContext.SendActivityAsync(reply, cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task OnMembersAddedAsync(
        IList<ChannelAccount> membersAdded,
        ITurnContext<IConversationUpdateActivity> turnContext,
        CancellationToken cancellationToken)
    {
        foreach (var member in membersAdded)
        {
            if (member.Id != turnContext.Activity.Recipient?.Id)
            {
                await turnContext.SendActivityAsync(MessageFactory.Text("Hello, I echo."), cancellationToken);
            }
        }
    }
}
