using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;

namespace BackPainBot.Tests.DirectLine;

/// <summary>Speaks Direct Line 3.0 to the test server the way botframework-directlinejs does.</summary>
internal sealed class DirectLineClient(HttpClient http)
{
    public const string Base = "/v3/directline";

    public string ConversationId { get; private set; } = "";

    public string Token { get; set; } = "";

    public string StreamUrl { get; private set; } = "";

    /// <summary>tokens/generate then POST conversations, as the chat page does.</summary>
    public static async Task<DirectLineClient> StartAsync(HttpClient http)
    {
        var client = new DirectLineClient(http);
        await client.GenerateTokenAsync();
        var response = await client.SendAsync(HttpMethod.Post, "/conversations");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        client.StreamUrl = body["streamUrl"]!.GetValue<string>();
        return client;
    }

    public async Task<JsonNode> GenerateTokenAsync()
    {
        var response = await http.PostAsync(Base + "/tokens/generate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        ConversationId = body["conversationId"]!.GetValue<string>();
        Token = body["token"]!.GetValue<string>();
        return body;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, Base + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return http.SendAsync(request);
    }

    /// <summary>Posts a message as Web Chat does, with its clientActivityID; returns the server's id for it.</summary>
    public async Task<string> SayAsync(string text, string? clientActivityId = null)
    {
        var response = await PostActivityAsync(Message(text, clientActivityId ?? Guid.NewGuid().ToString("N")).ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response))["id"]!.GetValue<string>();
    }

    public Task<HttpResponseMessage> PostActivityAsync(string json, string? conversationId = null) =>
        SendAsync(HttpMethod.Post, $"/conversations/{conversationId ?? ConversationId}/activities", json);

    public async Task<JsonNode> GetActivitiesAsync(string? watermark = null)
    {
        var response = await SendAsync(HttpMethod.Get, $"/conversations/{ConversationId}/activities?watermark={watermark}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    public static JsonObject Message(string text, string clientActivityId) => new()
    {
        ["type"] = "message",
        ["text"] = text,
        ["textFormat"] = "plain",
        ["locale"] = "en-US",
        ["channelId"] = "webchat",
        ["from"] = new JsonObject { ["id"] = "someone-else", ["name"] = "", ["role"] = "user" },
        ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId, ["clientTimestamp"] = DateTimeOffset.UtcNow.ToString("O") },
        ["entities"] = new JsonArray(new JsonObject { ["type"] = "ClientCapabilities", ["requiresBotState"] = true }),
    };

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>Reads one whole text frame from a stream socket.</summary>
    public static async Task<string?> ReceiveFrameAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            frame.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(frame.ToArray());
            }
        }
    }

    public static Task<WebSocket> ConnectAsync(TestServer server, string streamUrl) =>
        server.CreateWebSocketClient().ConnectAsync(new Uri(streamUrl), CancellationToken.None);
}
