using System.IdentityModel.Tokens.Jwt;
using System.Text;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BackPainBot.Bot;

/// <summary>
/// <c>POST /api/messages</c>: checks that the body is a usable activity before the Bot Framework adapter sees it, so
/// bad input gets a 400 with a short reason instead of an exception deep inside the SDK.
/// </summary>
public static class MessagesEndpoint
{
    /// <summary>Largest accepted activity body, in bytes. Real activities are a few kilobytes.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    private const int MaxJsonDepth = 32;

    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ClinicBotAdapter adapter, IBot bot)
    {
        var request = http.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "The activity is too large.");
        }

        string? body;
        try
        {
            body = await ReadBodyAsync(request.Body, http.RequestAborted);
        }
        catch (IOException)
        {
            // Kestrel's own body limit (Program.cs) throws BadHttpRequestException, an IOException, past the same size.
            body = null;
        }

        if (body is null)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "The activity is too large.");
        }

        var (activity, problem) = Parse(body);
        if (activity is null)
        {
            return Error(StatusCodes.Status400BadRequest, problem!);
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!IsReadableAuthorization(authorization))
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        // What CloudAdapter.ProcessAsync does after reading the body itself: the activity parsed and checked here is
        // handed on, so each request is parsed once.
        try
        {
            var invokeResponse = await adapter.ProcessParsedActivityAsync(authorization, activity, bot.OnTurnAsync, http.RequestAborted);
            if (invokeResponse?.Status == StatusCodes.Status501NotImplemented && activity.Type == ActivityTypes.Invoke)
            {
                // The SDK's answer to an invoke the bot does not handle. The request is what is wrong, not the server:
                // a 5xx would page whoever watches the error rate.
                return Error(StatusCodes.Status400BadRequest, "The bot does not handle this invoke.");
            }

            await HttpHelper.WriteResponseAsync(http.Response, invokeResponse);
        }
        catch (UnauthorizedAccessException)
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        return Results.Empty;
    }

    /// <summary>
    /// False for a bearer token that is not a JWT at all. The SDK's validation throws ArgumentException on those (it
    /// decodes the token to tell a skill's from a channel's) instead of the UnauthorizedAccessException it throws for a
    /// token that fails validation. Other schemes and well-formed tokens are left to the SDK.
    /// </summary>
    internal static bool IsReadableAuthorization(string header)
    {
        var parts = header.Split(' ');
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            _ = new JwtSecurityToken(parts[1]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The body as text, or null when it is longer than <see cref="MaxBodyBytes"/> (a chunked body has no length).</summary>
    private static async Task<string?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The activity in the body, or why the body is not a usable activity.</summary>
    internal static (Activity? Activity, string? Problem) Parse(string body)
    {
        JObject json;
        try
        {
            using var reader = new JsonTextReader(new StringReader(body)) { MaxDepth = MaxJsonDepth, DateParseHandling = DateParseHandling.None };
            var token = JToken.ReadFrom(reader);
            if (reader.Read())
            {
                return (null, "The body has content after the JSON object.");
            }

            if (token is not JObject obj)
            {
                return (null, "The body must be a JSON object (an activity).");
            }

            json = obj;
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON.");
        }

        if (json["type"] is not { Type: JTokenType.String } type || string.IsNullOrWhiteSpace(type.Value<string>()))
        {
            return (null, "The activity needs a 'type'.");
        }

        if (json["conversation"] is not JObject conversation
            || conversation["id"] is not { Type: JTokenType.String } conversationId
            || string.IsNullOrWhiteSpace(conversationId.Value<string>()))
        {
            return (null, "The activity needs 'conversation.id'.");
        }

        // Bot state is kept per channel and conversation: without a channel the turn cannot load it.
        if (json["channelId"] is not { Type: JTokenType.String } channelId || string.IsNullOrWhiteSpace(channelId.Value<string>()))
        {
            return (null, "The activity needs a 'channelId'.");
        }

        if (json["serviceUrl"] is not { Type: JTokenType.String } serviceUrl
            || !Uri.TryCreate(serviceUrl.Value<string>(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, "The activity needs an absolute http(s) 'serviceUrl'.");
        }

        if (json["from"] is { } from && from.Type != JTokenType.Object && from.Type != JTokenType.Null)
        {
            return (null, "'from' must be an object.");
        }

        if (json["text"] is { } text && text.Type != JTokenType.String && text.Type != JTokenType.Null)
        {
            return (null, "'text' must be a string.");
        }

        try
        {
            // With the SDK's own settings, as CloudAdapter would read it: a field of the wrong shape fails here, not
            // mid-turn.
            return (json.ToObject<Activity>(HttpHelper.BotMessageSerializer), null);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidCastException)
        {
            return (null, "The activity has a field of the wrong type.");
        }
    }

    private static IResult Error(int status, string reason) =>
        Results.Json(new { error = reason }, statusCode: status);
}
