using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BackPainBot.DirectLine;

/// <summary>
/// Direct Line 3.0 at <c>/v3/directline</c>: the part of the protocol that Web Chat 4.18 and botframework-directlinejs
/// use. A token grants one conversation; it comes from <c>tokens/generate</c>, which anyone may call, a few times a
/// minute per address.
/// </summary>
public static class DirectLineEndpoints
{
    public const string BasePath = "/v3/directline";

    /// <summary>Most activities in one response or stream frame; a client asks again from the new watermark.</summary>
    internal const int MaxActivitiesPerResponse = 100;

    private const string BearerPrefix = "Bearer ";
    private static readonly string[] NoWatermark = ["", "-", "null", "undefined"];

    internal static RouteGroupBuilder MapDirectLineEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath);
        group.MapPost("/tokens/generate", GenerateToken).RequireRateLimiting(TokenRateLimitPolicy.Name);
        group.MapPost("/tokens/refresh", RefreshToken);
        group.MapPost("/conversations", StartConversationAsync);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapGet("/conversations/{conversationId}/stream", DirectLineStream.HandleAsync);
        return group;
    }

    private static IResult GenerateToken(HttpContext http, DirectLineTokens tokens, IOptions<DirectLineOptions> options)
    {
        var conversationId = DirectLineIds.NewConversationId();
        var expires = tokens.ExpiryFromNow(options.Value.TokenLifetime);
        var token = tokens.Issue(conversationId, DirectLineIds.NewUserId(), TokenUse.Conversation, expires);
        return NoStore(http, Results.Json(new TokenResponse(conversationId, token, tokens.SecondsUntil(expires))));
    }

    private static IResult RefreshToken(HttpContext http, DirectLineTokens tokens, IOptions<DirectLineOptions> options)
    {
        if (Authorize(http, tokens, conversationId: null, out var grant) is { } denied)
        {
            return denied;
        }

        var expires = tokens.ExpiryFromNow(options.Value.TokenLifetime);
        var token = tokens.Issue(grant.ConversationId, grant.UserId, TokenUse.Conversation, expires);
        return NoStore(http, Results.Json(new TokenResponse(grant.ConversationId, token, tokens.SecondsUntil(expires))));
    }

    private static async Task<IResult> StartConversationAsync(
        HttpContext http, DirectLineTokens tokens, IDirectLineStore store, DirectLineBot bot, TimeProvider clock, ILoggerFactory loggers)
    {
        if (Authorize(http, tokens, conversationId: null, out var grant) is { } denied)
        {
            return denied;
        }

        var start = await store.StartAsync(grant.ConversationId, grant.UserId, http.RequestAborted);
        if (start == ConversationStart.Full)
        {
            loggers.CreateLogger(typeof(DirectLineEndpoints)).LogWarning("Direct Line is holding as many conversations as DirectLine:MaxConversations allows; a patient was turned away.");
            return Error(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "The chat is busy. Please try again in a few minutes.");
        }

        var conversation = new DirectLineConversation(grant.ConversationId, grant.UserId);
        if (start == ConversationStart.Created)
        {
            JObject? started = null;
            var id = await store.AppendAsync(
                conversation.Id,
                activityId => (started = DirectLineActivities.ConversationStarted(conversation, activityId, clock.GetUtcNow())).ToString(Formatting.None),
                http.RequestAborted);
            if (id is not null && started is not null)
            {
                // Awaited so the welcome is in the history before the client reads it.
                await bot.DeliverAsync(DirectLineActivities.ForBot(started));
            }
        }

        var body = new ConversationResponse(grant.ConversationId, BearerToken(http)!, tokens.SecondsUntil(grant.Expires), StreamUrl(http, tokens, grant, watermark: null));
        return NoStore(http, Results.Json(body, statusCode: start == ConversationStart.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK));
    }

    private static async Task<IResult> ReconnectAsync(
        HttpContext http, string conversationId, string? watermark, DirectLineTokens tokens, IDirectLineStore store)
    {
        if (Authorize(http, tokens, conversationId, out var grant) is { } denied)
        {
            return denied;
        }

        if (await store.TouchAsync(conversationId, http.RequestAborted) is null)
        {
            return ConversationNotFound();
        }

        if (!TryParseWatermark(watermark, out var after))
        {
            return BadWatermark();
        }

        var body = new ConversationResponse(conversationId, BearerToken(http)!, tokens.SecondsUntil(grant.Expires), StreamUrl(http, tokens, grant, after));
        return NoStore(http, Results.Json(body));
    }

    private static async Task<IResult> PostActivityAsync(
        HttpContext http, string conversationId, DirectLineTokens tokens, IDirectLineStore store, DirectLineBot bot,
        IOptions<DirectLineOptions> options, TimeProvider clock)
    {
        if (Authorize(http, tokens, conversationId, out _) is { } denied)
        {
            return denied;
        }

        if (await store.TouchAsync(conversationId, http.RequestAborted) is not { } conversation)
        {
            return ConversationNotFound();
        }

        var body = await ReadBodyAsync(http.Request, options.Value.MaxActivityBytes);
        if (body is null)
        {
            return Error(StatusCodes.Status400BadRequest, "MessageSizeTooBig", $"An activity may be at most {options.Value.MaxActivityBytes} bytes.");
        }

        if (DirectLineActivities.ParseClientActivity(body, out var content) is { } problem)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", problem);
        }

        JObject? kept = null;
        var id = await store.AppendAsync(
            conversationId,
            activityId => (kept = DirectLineActivities.FromClient(content, conversation, activityId, clock.GetUtcNow())).ToString(Formatting.None),
            http.RequestAborted);
        if (id is null || kept is null)
        {
            return ConversationNotFound();
        }

        if (!await bot.DeliverAsync(DirectLineActivities.ForBot(kept)))
        {
            return Error(StatusCodes.Status502BadGateway, "BotError", "The bot could not take the message. Please try again.");
        }

        return Results.Json(new ResourceResponse(id));
    }

    private static async Task<IResult> GetActivitiesAsync(
        HttpContext http, string conversationId, string? watermark, DirectLineTokens tokens, IDirectLineStore store)
    {
        if (Authorize(http, tokens, conversationId, out _) is { } denied)
        {
            return denied;
        }

        if (!TryParseWatermark(watermark, out var after))
        {
            return BadWatermark();
        }

        var page = await store.ReadAsync(conversationId, after, MaxActivitiesPerResponse, http.RequestAborted);
        return page is null ? ConversationNotFound() : NoStore(http, Results.Text(ActivitySetJson(page), "application/json", Encoding.UTF8));
    }

    /// <summary><c>{"activities":[...],"watermark":"N"}</c>, the body of a poll and of every stream frame.</summary>
    internal static string ActivitySetJson(ActivityPage page)
    {
        var json = new StringBuilder("{\"activities\":[");
        json.AppendJoin(',', page.Activities);
        json.Append("],\"watermark\":");
        json.Append(page.Watermark is { } watermark ? "\"" + watermark.ToString(CultureInfo.InvariantCulture) + "\"" : "null");
        return json.Append('}').ToString();
    }

    internal static bool TryParseWatermark(string? text, out long? watermark)
    {
        watermark = null;
        if (text is null || NoWatermark.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            watermark = value;
            return true;
        }

        return false;
    }

    /// <summary>Checks the bearer token, and that it grants <paramref name="conversationId"/> when one is named; null when allowed.</summary>
    private static IResult? Authorize(HttpContext http, DirectLineTokens tokens, string? conversationId, out TokenGrant grant)
    {
        var status = tokens.Validate(BearerToken(http), TokenUse.Conversation, out var checkedGrant);
        grant = checkedGrant!;
        return status switch
        {
            TokenStatus.Missing => Unauthorized(http, "TokenMissing", "A Direct Line token is required: Authorization: Bearer <token>."),
            // 403, not 401: botframework-directlinejs (Web Chat) reads 403 as "token expired" and reports
            // ConnectionStatus.ExpiredToken; on a 401 it stops polling silently and still shows the patient "online".
            TokenStatus.Expired => Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired."),
            TokenStatus.Invalid => Unauthorized(http, "TokenInvalid", "The token is not valid."),
            _ when conversationId is not null && !string.Equals(grant.ConversationId, conversationId, StringComparison.Ordinal) =>
                Error(StatusCodes.Status403Forbidden, "Forbidden", "The token is for another conversation."),
            _ => null,
        };
    }

    internal static IResult Unauthorized(HttpContext http, string code, string message)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Error(StatusCodes.Status401Unauthorized, code, message);
    }

    internal static IResult ConversationNotFound() =>
        Error(StatusCodes.Status404NotFound, "ConversationNotFound", "The conversation has ended or never existed.");

    internal static IResult BadWatermark() =>
        Error(StatusCodes.Status400BadRequest, "BadArgument", "The watermark must be a whole number.");

    /// <summary>Direct Line's error shape: <c>{"error":{"code","message"}}</c>.</summary>
    internal static IResult Error(int status, string code, string message) =>
        Results.Json(new ErrorResponse(new ErrorBody(code, message)), statusCode: status);

    private static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;
    }

    /// <summary>The WebSocket address for this conversation, with its own short-lived token: browsers cannot send headers there.</summary>
    private static string StreamUrl(HttpContext http, DirectLineTokens tokens, TokenGrant grant, long? watermark)
    {
        var streamToken = tokens.Issue(grant.ConversationId, grant.UserId, TokenUse.Stream, tokens.ExpiryFromNow(DirectLineTokens.StreamTokenLifetime));
        var request = http.Request;
        var scheme = request.IsHttps ? "wss" : "ws";
        var url = $"{scheme}://{request.Host}{request.PathBase}{BasePath}/conversations/{Uri.EscapeDataString(grant.ConversationId)}/stream?t={Uri.EscapeDataString(streamToken)}";
        return watermark is { } after ? url + "&watermark=" + after.ToString(CultureInfo.InvariantCulture) : url;
    }

    /// <summary>The body as text, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // Tokens must not sit in shared caches.
    private static IResult NoStore(HttpContext http, IResult result)
    {
        http.Response.Headers.CacheControl = "no-store";
        return result;
    }

    private sealed record TokenResponse(
        string ConversationId, string Token, [property: JsonPropertyName("expires_in")] int ExpiresIn);

    private sealed record ConversationResponse(
        string ConversationId, string Token, [property: JsonPropertyName("expires_in")] int ExpiresIn, string StreamUrl);

    private sealed record ResourceResponse(string Id);

    private sealed record ErrorResponse(ErrorBody Error);

    private sealed record ErrorBody(string Code, string Message);
}
