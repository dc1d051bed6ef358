using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackPainBot.Tests.Bot;

/// <summary>
/// A Bot Connector service on Kestrel at 127.0.0.1, as a channel runs one: it takes the bot's activities, and answers
/// the Teams calls TeamsInfo makes (a team's details, a conversation's member). Every request is recorded.
/// </summary>
internal sealed class FakeChannel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _nextId;

    private FakeChannel(WebApplication app)
    {
        _app = app;
        app.MapPost("/{prefix}/v3/conversations/{conversationId}/activities/{replyToId?}", async (HttpContext http, string conversationId) =>
        {
            var activity = (await JsonNode.ParseAsync(http.Request.Body))!;
            Received.Enqueue(new ReceivedActivity(
                http.Request.Path, conversationId, activity["text"]?.GetValue<string>(), http.Request.Headers.UserAgent.ToString()));
            return Results.Json(new { id = "sent-" + Interlocked.Increment(ref _nextId) });
        });
        app.MapGet("/{prefix}/v3/teams/{teamId}", (HttpContext http, string teamId) =>
        {
            Calls.Enqueue(http.Request.Path);
            return Results.Json(new { id = teamId, name = "Front desk" });
        });
        app.MapGet("/{prefix}/v3/conversations/{conversationId}/members/{memberId}", (HttpContext http, string memberId) =>
        {
            Calls.Enqueue(http.Request.Path);
            return Results.Json(new { id = memberId, name = "Dr. Lee" });
        });
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>; <see cref="ServiceUrl"/> gives service URLs below it.</summary>
    public string Root { get; private set; } = "";

    public ConcurrentQueue<ReceivedActivity> Received { get; } = new();

    /// <summary>Paths of the Teams calls, in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>A service URL of this channel; distinct names give distinct URLs, all served.</summary>
    public string ServiceUrl(string name = "amer") => Root + name + "/";

    public static async Task<FakeChannel> StartAsync()
    {
        FakeChannel? channel = null;
        var (_, address) = await LoopbackServer.StartAsync(app => channel = new FakeChannel(app));
        channel!.Root = address + "/";
        return channel;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    internal sealed record ReceivedActivity(string Path, string ConversationId, string? Text, string UserAgent);
}
