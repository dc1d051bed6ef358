using System.Buffers.Text;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackPainBot.Tests.DirectLine;

public sealed class DirectLineSecurityTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    private readonly HttpClient _http = fixture.Factory.CreateClient();

    [Theory]
    [InlineData("GET", "/conversations/{0}/activities")]
    [InlineData("POST", "/conversations/{0}/activities")]
    [InlineData("GET", "/conversations/{0}")]
    public async Task OtherConversation_WithMyToken_Returns403(string method, string pathFormat)
    {
        var mine = await DirectLineClient.StartAsync(_http);
        var theirs = await DirectLineClient.StartAsync(_http);
        var json = method == "POST" ? DirectLineClient.Message("let me in", "x").ToJsonString() : null;

        var response = await mine.SendAsync(new HttpMethod(method), string.Format(pathFormat, theirs.ConversationId), json);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("let me in", (await theirs.GetActivitiesAsync()).ToJsonString());
    }

    [Fact]
    public async Task Stream_MyStreamUrlOnAnotherConversation_IsRefused()
    {
        var mine = await DirectLineClient.StartAsync(_http);
        var theirs = await DirectLineClient.StartAsync(_http);
        var foreign = mine.StreamUrl.Replace(mine.ConversationId, theirs.ConversationId);

        await Assert.ThrowsAnyAsync<Exception>(() => DirectLineClient.ConnectAsync(fixture.Factory.Server, foreign));
    }

    [Fact]
    public async Task Stream_ConversationTokenInsteadOfStreamToken_IsRefused()
    {
        var client = await DirectLineClient.StartAsync(_http);
        var url = $"ws://localhost/v3/directline/conversations/{client.ConversationId}/stream?t={client.Token}";

        await Assert.ThrowsAnyAsync<Exception>(() => DirectLineClient.ConnectAsync(fixture.Factory.Server, url));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    public async Task GetActivities_MissingOrGarbageToken_Returns401(string token)
    {
        var client = await DirectLineClient.StartAsync(_http);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}/activities");
        if (token.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task GetActivities_PayloadSwappedToAnotherConversation_Returns401()
    {
        var mine = await DirectLineClient.StartAsync(_http);
        var theirs = await DirectLineClient.StartAsync(_http);
        var parts = mine.Token.Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        payload["conv"] = theirs.ConversationId;
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";

        var response = await mine.SendAsync(HttpMethod.Get, $"/conversations/{theirs.ConversationId}/activities", token: forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetActivities_SignatureChanged_Returns401()
    {
        var client = await DirectLineClient.StartAsync(_http);
        var parts = client.Token.Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[0] ^= 1;

        var response = await client.SendAsync(
            HttpMethod.Get, $"/conversations/{client.ConversationId}/activities", token: $"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(signature)}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetActivities_UnsignedAlgNoneToken_Returns401()
    {
        var client = await DirectLineClient.StartAsync(_http);
        var header = Base64Url.EncodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8);

        var response = await client.SendAsync(
            HttpMethod.Get, $"/conversations/{client.ConversationId}/activities", token: $"{header}.{client.Token.Split('.')[1]}.");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_AfterItsLifetime_Returns403TokenExpiredAndCannotBeRefreshed()
    {
        using var factory = new DirectLineFactory(new Dictionary<string, string> { ["DirectLine:TokenLifetime"] = "00:01:00" });
        var client = await DirectLineClient.StartAsync(factory.CreateClient());

        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        var read = await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}/activities");
        var refresh = await client.SendAsync(HttpMethod.Post, "/tokens/refresh");

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("TokenExpired", (await DirectLineClient.JsonAsync(read))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
    }

    [Fact]
    public async Task RefreshedToken_OutlivesTheOriginal()
    {
        using var factory = new DirectLineFactory(new Dictionary<string, string> { ["DirectLine:TokenLifetime"] = "00:01:00" });
        var client = await DirectLineClient.StartAsync(factory.CreateClient());
        var original = client.Token;

        factory.Clock.Advance(TimeSpan.FromSeconds(40));
        var refreshed = (await DirectLineClient.JsonAsync(await client.SendAsync(HttpMethod.Post, "/tokens/refresh")))["token"]!.GetValue<string>();
        factory.Clock.Advance(TimeSpan.FromSeconds(40));

        var withOriginal = await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}/activities", token: original);
        var withRefreshed = await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}/activities", token: refreshed);
        Assert.Equal(HttpStatusCode.Forbidden, withOriginal.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withRefreshed.StatusCode);
    }

    [Fact]
    public async Task Token_FromAnotherSecret_Returns401()
    {
        using var other = new DirectLineFactory(new Dictionary<string, string> { ["DirectLine:TokenSecret"] = new string('z', 40) });
        var stranger = await DirectLineClient.StartAsync(other.CreateClient());

        var response = await new DirectLineClient(_http).SendAsync(
            HttpMethod.Get, $"/conversations/{stranger.ConversationId}/activities", token: stranger.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetActivities_TokenForAConversationNeverStarted_Returns404()
    {
        var client = new DirectLineClient(_http);
        await client.GenerateTokenAsync();

        var read = await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}/activities");
        var post = await client.PostActivityAsync(DirectLineClient.Message("hi", "x").ToJsonString());
        var reconnect = await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reconnect.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"hello\"")]
    [InlineData("{}")]
    [InlineData("{\"type\":\"conversationUpdate\"}")]
    [InlineData("{\"type\":42,\"text\":\"hi\"}")]
    [InlineData("{\"type\":\"message\",\"text\":{\"a\":1}}")]
    [InlineData("{\"type\":\"message\",\"channelData\":\"x\"}")]
    [InlineData("{\"type\":\"message\",\"from\":\"me\"}")]
    [InlineData("{\"type\":\"message\",\"attachments\":[{\"contentType\":\"image/png\",\"contentUrl\":\"http://x/y.png\"}]}")]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\"} trailing")]
    public async Task PostActivity_Malformed_Returns400(string body)
    {
        var client = await DirectLineClient.StartAsync(_http);

        var response = await client.PostActivityAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await DirectLineClient.JsonAsync(response))["error"]!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task PostActivity_DeeplyNested_Returns400()
    {
        var client = await DirectLineClient.StartAsync(_http);

        var response = await client.PostActivityAsync("{\"type\":\"message\",\"value\":" + new string('[', 500) + new string(']', 500) + "}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostActivity_LargerThanTheLimit_Returns413()
    {
        var client = await DirectLineClient.StartAsync(_http);
        var limit = fixture.Factory.Services.GetRequiredService<IOptions<BackPainBot.DirectLine.DirectLineOptions>>().Value.MaxActivityBytes;

        var response = await client.PostActivityAsync(DirectLineClient.Message(new string('a', limit), "x").ToJsonString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public async Task GetActivities_BadWatermark_Returns400(string watermark)
    {
        var client = await DirectLineClient.StartAsync(_http);

        var response = await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}/activities?watermark={watermark}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GenerateToken_PastTheRateLimit_Returns429WithRetryAfter()
    {
        using var factory = new DirectLineFactory(new Dictionary<string, string> { ["DirectLine:TokensPerMinutePerClient"] = "3" });
        var http = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await http.PostAsync("/v3/directline/tokens/generate", null)).StatusCode);
        }

        var rejected = await http.PostAsync("/v3/directline/tokens/generate", null);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.NotNull(rejected.Headers.RetryAfter);
    }

    [Fact]
    public void Start_ShortTokenSecret_FailsWithTheSettingsName()
    {
        using var factory = new DirectLineFactory(new Dictionary<string, string> { ["DirectLine:TokenSecret"] = "too-short" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("DirectLine:TokenSecret", error.ToString());
    }

    [Fact]
    public async Task Stream_ClientCloses_ServerCompletesTheCloseHandshake()
    {
        var client = await DirectLineClient.StartAsync(_http);
        using var socket = await DirectLineClient.ConnectAsync(fixture.Factory.Server, client.StreamUrl);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await DirectLineClient.ReceiveFrameAsync(socket, timeout.Token);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);

        Assert.Equal(WebSocketState.Closed, socket.State);
    }
}
