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

    private static async Task<IResult> HandleAsync(HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot)
    {
        var request = http.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "The activity is too large.");
        }

        request.EnableBuffering(bufferThreshold: MaxBodyBytes, bufferLimit: MaxBodyBytes);
        string body;
        try
        {
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (IOException)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "The activity is too large.");
        }

        if (Validate(body) is { } problem)
        {
            return Error(StatusCodes.Status400BadRequest, problem);
        }

        request.Body.Position = 0;
        await adapter.ProcessAsync(request, http.Response, bot, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>Returns why the body is not a usable activity, or null when it is.</summary>
    internal static string? Validate(string body)
    {
        JObject json;
        try
        {
            using var reader = new JsonTextReader(new StringReader(body)) { MaxDepth = MaxJsonDepth, DateParseHandling = DateParseHandling.None };
            var token = JToken.ReadFrom(reader);
            if (reader.Read())
            {
                return "The body has content after the JSON object.";
            }

            if (token is not JObject obj)
            {
                return "The body must be a JSON object (an activity).";
            }

            json = obj;
        }
        catch (JsonException)
        {
            return "The body is not valid JSON.";
        }

        if (json["type"] is not { Type: JTokenType.String } type || string.IsNullOrWhiteSpace(type.Value<string>()))
        {
            return "The activity needs a 'type'.";
        }

        if (json["conversation"]?["id"] is not { Type: JTokenType.String } conversationId || string.IsNullOrWhiteSpace(conversationId.Value<string>()))
        {
            return "The activity needs 'conversation.id'.";
        }

        if (json["serviceUrl"] is not { Type: JTokenType.String } serviceUrl
            || !Uri.TryCreate(serviceUrl.Value<string>(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "The activity needs an absolute http(s) 'serviceUrl'.";
        }

        if (json["from"] is { } from && from.Type != JTokenType.Object && from.Type != JTokenType.Null)
        {
            return "'from' must be an object.";
        }

        if (json["text"] is { } text && text.Type != JTokenType.String && text.Type != JTokenType.Null)
        {
            return "'text' must be a string.";
        }

        try
        {
            // The adapter deserialises the same way; a field of the wrong shape fails here, not mid-turn.
            json.ToObject<Activity>();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidCastException)
        {
            return "The activity has a field of the wrong type.";
        }

        return null;
    }

    private static IResult Error(int status, string reason) =>
        Results.Json(new { error = reason }, statusCode: status);
}
