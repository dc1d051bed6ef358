using BackPainBot.Handoffs;
using BackPainBot.Handoffs.Notifications;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BackPainBot.Notifications;

/// <summary>
/// Posts a notification to the staff team's Teams channel as a proactive bot message (an Adaptive Card), through the
/// adapter's <c>ContinueConversationAsync</c> as the bot's own app id. Until a channel is chosen (the bot installed in
/// the staff team, or "notify here" typed in a channel) every attempt fails, and choosing one makes them due at once.
/// </summary>
internal sealed class StaffChannelNotificationSender : INotificationSender
{
    private readonly INotificationOutbox _outbox;
    private readonly BotAdapter _adapter;
    private readonly string _botAppId;
    private readonly NotificationPayloadOptions _payload;

    public StaffChannelNotificationSender(
        StaffChannelOptions options, string? handoffLinkTemplate, INotificationOutbox outbox, BotAdapter adapter, string botAppId)
    {
        _outbox = outbox;
        _adapter = adapter;
        _botAppId = botAppId;
        _payload = new NotificationPayloadOptions(options.Trusted, string.IsNullOrEmpty(handoffLinkTemplate) ? null : handoffLinkTemplate);
        Destination = new NotificationDestination(options.Name, NotificationDestinationKind.StaffChannel, options.MinimumLevel);
    }

    public NotificationDestination Destination { get; }

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, Handoff handoff, CancellationToken cancellationToken)
    {
        var channel = await _outbox.GetStaffChannelAsync(Destination.Name, cancellationToken);
        if (channel is null)
        {
            return DeliveryResult.Failure("no staff channel chosen yet");
        }

        var reference = JsonConvert.DeserializeObject<ConversationReference>(channel.ConversationReference)
            ?? throw new InvalidOperationException("The stored staff channel reference is empty.");
        var card = NotificationPayload.AdaptiveCard(handoff, message.Event, _payload);
        var activity = MessageFactory.Attachment(
            new Attachment(NotificationPayload.AdaptiveCardContentType, content: JObject.Parse(card.ToJsonString())),
            text: NotificationPayload.Title(handoff, message.Event));

        try
        {
            await _adapter.ContinueConversationAsync(
                _botAppId,
                reference,
                async (turn, token) => await turn.SendActivityAsync(activity, token),
                cancellationToken);
        }
        catch (ErrorResponseException ex) when (ex.Response is not null)
        {
            var status = (int)ex.Response.StatusCode;
            return DeliveryResult.Failure($"Bot Connector HTTP {status}", status);
        }

        return DeliveryResult.Success(statusCode: null);
    }
}
