using System.Net;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json.Nodes;
using BackPainBot.Bot;
using BackPainBot.Conversation;
using BackPainBot.DirectLine;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.DirectLine;

/// <summary>One host for the protocol tests; each test starts its own conversation.</summary>
public sealed class DirectLineFixture : IDisposable
{
    public DirectLineFactory Factory { get; } = new();

    public void Dispose() => Factory.Dispose();
}

public sealed class DirectLineProtocolTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    private const string ShoeQuestion = "How often should I replace my walking shoes?";
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(20);

    private readonly HttpClient _http = fixture.Factory.CreateClient();

    [Fact]
    public async Task GenerateToken_Anonymous_ReturnsConversationIdTokenAndThirtyMinuteExpiry()
    {
        var client = new DirectLineClient(_http);

        var body = await client.GenerateTokenAsync();

        Assert.False(string.IsNullOrEmpty(body["conversationId"]!.GetValue<string>()));
        Assert.Equal(3, body["token"]!.GetValue<string>().Split('.').Length);
        Assert.Equal(1800, body["expires_in"]!.GetValue<int>());
    }

    [Fact]
    public async Task StartConversation_NewToken_Returns201WithStreamUrlAndTheWelcomeInHistory()
    {
        var client = new DirectLineClient(_http);
        await client.GenerateTokenAsync();

        var response = await client.SendAsync(HttpMethod.Post, "/conversations", "{\"user\":{}}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await DirectLineClient.JsonAsync(response);
        Assert.Equal(client.ConversationId, body["conversationId"]!.GetValue<string>());
        Assert.Equal(client.Token, body["token"]!.GetValue<string>());
        Assert.InRange(body["expires_in"]!.GetValue<int>(), 1, 1800);
        Assert.StartsWith($"ws://localhost/v3/directline/conversations/{client.ConversationId}/stream?t=", body["streamUrl"]!.GetValue<string>());

        var history = (await client.GetActivitiesAsync())["activities"]!.AsArray();
        var welcome = Assert.Single(history, a => a!["type"]!.GetValue<string>() == "message")!;
        Assert.Equal(Responses().Welcome, welcome["text"]!.GetValue<string>());
        Assert.Equal("bot", welcome["from"]!["role"]!.GetValue<string>());
        Assert.All(history, AssertServerFields);
    }

    [Fact]
    public async Task StartConversation_AlreadyStarted_Returns200WithoutASecondWelcome()
    {
        var client = await DirectLineClient.StartAsync(_http);

        var again = await client.SendAsync(HttpMethod.Post, "/conversations");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var history = (await client.GetActivitiesAsync())["activities"]!.AsArray();
        Assert.Single(history, a => a!["type"]!.GetValue<string>() == "message");
    }

    [Fact]
    public async Task PostActivity_ShoeQuestion_CitedAnswerFollowsTheMessageWithAHigherWatermark()
    {
        var client = await DirectLineClient.StartAsync(_http);
        var before = (await client.GetActivitiesAsync())["watermark"]!.GetValue<string>();

        var id = await client.SayAsync(ShoeQuestion, "client-activity-1");

        var page = await client.GetActivitiesAsync(before);
        var activities = page["activities"]!.AsArray();
        Assert.True(long.Parse(page["watermark"]!.GetValue<string>()) > long.Parse(before));
        var mine = activities[0]!;
        Assert.Equal(id, mine["id"]!.GetValue<string>());
        Assert.Matches($"^{client.ConversationId}\\|\\d{{7}}$", id);
        var answer = Assert.Single(activities, a => a!["from"]!["role"]!.GetValue<string>() == "bot" && a["type"]!.GetValue<string>() == "message")!;
        Assert.Contains("300-500 miles", answer["text"]!.GetValue<string>());
        Assert.Contains("Source:", answer["text"]!.GetValue<string>());
        Assert.Equal(id, answer["replyToId"]!.GetValue<string>());
        Assert.All(activities, AssertServerFields);
    }

    [Fact]
    public async Task PostActivity_Message_ComesBackWithItsIdClientActivityIdAndTheTokensUser()
    {
        var client = await DirectLineClient.StartAsync(_http);

        var id = await client.SayAsync("hello", "client-activity-42");

        var mine = (await client.GetActivitiesAsync())["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == id)!;
        Assert.Equal("client-activity-42", mine["channelData"]!["clientActivityID"]!.GetValue<string>());
        Assert.Equal("user", mine["from"]!["role"]!.GetValue<string>());
        Assert.StartsWith("dl_", mine["from"]!["id"]!.GetValue<string>());
        Assert.Equal("directline", mine["channelId"]!.GetValue<string>());
        Assert.Equal(client.ConversationId, mine["conversation"]!["id"]!.GetValue<string>());
        Assert.Equal("hello", mine["text"]!.GetValue<string>());
        Assert.Null(mine["serviceUrl"]);
    }

    [Fact]
    public async Task GetActivities_Watermark_ReturnsOnlyLaterActivities()
    {
        var client = await DirectLineClient.StartAsync(_http);
        await client.SayAsync("hello");
        var all = await client.GetActivitiesAsync();
        var ids = all["activities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToList();
        var last = all["watermark"]!.GetValue<string>();

        var afterFirst = await client.GetActivitiesAsync("0");
        var afterLast = await client.GetActivitiesAsync(last);

        Assert.Equal(ids.Skip(1), afterFirst["activities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        Assert.Empty(afterLast["activities"]!.AsArray());
        Assert.Equal(last, afterLast["watermark"]!.GetValue<string>());
        Assert.Equal(last, afterFirst["watermark"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_WelcomeThenQuestion_EveryFrameHasActivitiesAndTheAnswerArrives()
    {
        var client = await DirectLineClient.StartAsync(_http);
        using var socket = await DirectLineClient.ConnectAsync(fixture.Factory.Server, client.StreamUrl);
        using var timeout = new CancellationTokenSource(FrameTimeout);
        var frames = new List<JsonNode>();

        frames.Add(JsonNode.Parse((await DirectLineClient.ReceiveFrameAsync(socket, timeout.Token))!)!);
        var id = await client.SayAsync(ShoeQuestion);
        while (!frames.SelectMany(f => f["activities"]!.AsArray()).Any(a => a!["replyToId"]?.GetValue<string>() == id))
        {
            frames.Add(JsonNode.Parse((await DirectLineClient.ReceiveFrameAsync(socket, timeout.Token))!)!);
        }

        Assert.All(frames, f => Assert.IsType<JsonArray>(f["activities"]));
        Assert.All(frames, f => Assert.NotEmpty(f["activities"]!.AsArray()));
        Assert.Contains(frames[0]["activities"]!.AsArray(), a => a!["text"]?.GetValue<string>() == Responses().Welcome);
        var watermarks = frames.Select(f => long.Parse(f["watermark"]!.GetValue<string>())).ToList();
        Assert.Equal(watermarks.Order(), watermarks);
        var sent = frames.SelectMany(f => f["activities"]!.AsArray()).Select(a => a!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(sent.Distinct(), sent);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task Reconnect_WithWatermark_GivesAFreshStreamUrlThatSendsOnlyLaterActivities()
    {
        var client = await DirectLineClient.StartAsync(_http);
        var seen = (await client.GetActivitiesAsync())["watermark"]!.GetValue<string>();
        var later = await client.SayAsync("hello");

        var response = await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}?watermark={seen}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await DirectLineClient.JsonAsync(response);
        var streamUrl = body["streamUrl"]!.GetValue<string>();
        Assert.NotEqual(client.StreamUrl, streamUrl);
        Assert.Contains($"watermark={seen}", streamUrl);
        Assert.Equal(client.Token, body["token"]!.GetValue<string>());
        using var socket = await DirectLineClient.ConnectAsync(fixture.Factory.Server, streamUrl);
        using var timeout = new CancellationTokenSource(FrameTimeout);
        var frame = JsonNode.Parse((await DirectLineClient.ReceiveFrameAsync(socket, timeout.Token))!)!;
        Assert.Equal(later, frame["activities"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task RefreshToken_CurrentToken_ReturnsANewTokenForTheSameConversation()
    {
        var client = await DirectLineClient.StartAsync(_http);

        var response = await client.SendAsync(HttpMethod.Post, "/tokens/refresh");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await DirectLineClient.JsonAsync(response);
        Assert.Equal(client.ConversationId, body["conversationId"]!.GetValue<string>());
        client.Token = body["token"]!.GetValue<string>();
        Assert.NotEmpty((await client.GetActivitiesAsync())["activities"]!.AsArray());
    }

    [Fact]
    public async Task BotConnector_ProactiveReplyAfterTheTurn_LandsInTheConversation()
    {
        var client = await DirectLineClient.StartAsync(_http);
        var adapter = fixture.Factory.Services.GetRequiredService<ClinicBotAdapter>();
        var reference = new ConversationReference
        {
            ChannelId = DirectLineActivities.ChannelId,
            ServiceUrl = DirectLineActivities.ServiceUrl.AbsoluteUri,
            Conversation = new ConversationAccount(id: client.ConversationId),
            Bot = new ChannelAccount(DirectLineActivities.BotId, DirectLineActivities.BotName),
        };

        await adapter.ContinueConversationAsync(
            new ClaimsIdentity(), reference.GetContinuationActivity(), (turn, ct) => turn.SendActivityAsync("A clinician will call you today.", cancellationToken: ct), CancellationToken.None);

        var last = (await client.GetActivitiesAsync())["activities"]!.AsArray().Last()!;
        Assert.Equal("A clinician will call you today.", last["text"]!.GetValue<string>());
        Assert.Equal("bot", last["from"]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task BotConnectorRoutes_FromTheNetwork_AreNotServed()
    {
        var client = await DirectLineClient.StartAsync(_http);

        var response = await _http.PostAsync(
            $"/v3/conversations/{client.ConversationId}/activities",
            new StringContent("{\"type\":\"message\",\"text\":\"spoofed\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("spoofed", (await client.GetActivitiesAsync()).ToJsonString());
    }

    [Fact]
    public async Task TwoPatients_EachSeeOnlyTheirOwnMessages()
    {
        var alice = await DirectLineClient.StartAsync(_http);
        var bob = await DirectLineClient.StartAsync(_http);

        await alice.SayAsync("my name is Alice and my back hurts");
        await bob.SayAsync("my name is Bob and my neck hurts");

        Assert.DoesNotContain("Bob", (await alice.GetActivitiesAsync()).ToJsonString());
        Assert.DoesNotContain("Alice", (await bob.GetActivitiesAsync()).ToJsonString());
    }

    private Responses Responses() => fixture.Factory.Services.GetRequiredService<Responses>();

    private static void AssertServerFields(JsonNode? activity)
    {
        Assert.NotNull(activity);
        Assert.True(DateTimeOffset.TryParse(activity["timestamp"]?.GetValue<string>(), out _), "timestamp");
        Assert.Contains(activity["from"]!["role"]!.GetValue<string>(), new[] { "user", "bot" });
        Assert.False(string.IsNullOrEmpty(activity["id"]?.GetValue<string>()));
    }
}
