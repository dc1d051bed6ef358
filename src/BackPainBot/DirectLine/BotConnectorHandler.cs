using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;

namespace BackPainBot.DirectLine;

/// <summary>
/// The Bot Connector side of this Direct Line, served inside the process: the bot's replies, sent in a turn, later or
/// proactively, arrive as <c>POST v3/conversations/{conversationId}/activities[/{activityId}]</c> to
/// <see cref="DirectLineActivities.ServiceUrl"/> and are appended to the conversation. It sits in the handler chain
/// of the default <see cref="HttpClient"/>, from which Bot Framework's connector clients are made; any other request
/// passes through untouched. Nothing on the network can reach it: no endpoint of the host serves these routes.
/// </summary>
internal sealed class BotConnectorHandler(IDirectLineStore store, TimeProvider clock) : DelegatingHandler
{
    /// <summary>Largest activity the bot may send, in bytes; Bot Framework channels accept about this much.</summary>
    private const int MaxBotActivityBytes = 256 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { } uri
            || !string.Equals(uri.Host, DirectLineActivities.ServiceUrl.Host, StringComparison.OrdinalIgnoreCase)
            || uri.Port != DirectLineActivities.ServiceUrl.Port
            || uri.Scheme != DirectLineActivities.ServiceUrl.Scheme)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        // v3/conversations/{conversationId}/activities[/{activityId}]
        var segments = uri.AbsolutePath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length is not (4 or 5) || segments[0] != "v3" || segments[1] != "conversations" || segments[3] != "activities")
        {
            return Error(HttpStatusCode.NotFound, "NotFound", "This Direct Line serves only sending and replying to activities.");
        }

        if (request.Method != HttpMethod.Post)
        {
            return Error(HttpStatusCode.MethodNotAllowed, "NotSupported", "Activities can be sent, not updated or deleted.");
        }

        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        if (Encoding.UTF8.GetByteCount(body) > MaxBotActivityBytes)
        {
            return Error(HttpStatusCode.RequestEntityTooLarge, "MessageSizeTooBig", "The activity is too large.");
        }

        if (DirectLineActivities.ParseBotActivity(body) is not { } sent)
        {
            return Error(HttpStatusCode.BadRequest, "BadArgument", "The body must be an activity with a type.");
        }

        var conversationId = segments[2];
        if (await store.TouchAsync(conversationId, cancellationToken) is not { } conversation)
        {
            return Error(HttpStatusCode.NotFound, "ConversationNotFound", "The conversation has ended or never existed.");
        }

        var replyToId = segments.Length == 5 ? segments[4] : null;
        var id = await store.AppendAsync(
            conversationId,
            activityId => DirectLineActivities.FromBot(sent, conversation, activityId, replyToId, clock.GetUtcNow()).ToString(Newtonsoft.Json.Formatting.None),
            cancellationToken);
        return id is null
            ? Error(HttpStatusCode.NotFound, "ConversationNotFound", "The conversation has ended.")
            : Json(HttpStatusCode.OK, new JObject { ["id"] = id });
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message) =>
        Json(status, new JObject { ["error"] = new JObject { ["code"] = code, ["message"] = message } });

    private static HttpResponseMessage Json(HttpStatusCode status, JObject body) =>
        new(status) { Content = new StringContent(body.ToString(Newtonsoft.Json.Formatting.None), Encoding.UTF8, "application/json") };
}
