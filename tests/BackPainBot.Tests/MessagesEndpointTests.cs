using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace BackPainBot.Tests;

public sealed class MessagesEndpointTests(BotFactoryFixture fixture) : IClassFixture<BotFactoryFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Healthz_IndexLoaded_Returns200()
    {
        var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_ShoeQuestionWithExpectReplies_ReturnsCitedAnswerWithTriageChannelData()
    {
        var replies = await _client.SayAsync(NewConversation(), "How often should I replace my walking shoes?");

        var reply = Assert.Single(replies)!;
        Assert.Contains("300-500 miles", reply["text"]!.GetValue<string>());
        Assert.Contains("Source:", reply["text"]!.GetValue<string>());
        Assert.Equal("none", reply["channelData"]!["triage"]!["level"]!.GetValue<string>());
        Assert.Empty(reply["channelData"]!["triage"]!["flags"]!.AsArray());
    }

    [Fact]
    public async Task Post_TinglingAndNumbness_EscalatesWithTriageChannelDataOnEveryReply()
    {
        var replies = await _client.SayAsync(NewConversation(), "I have tingling and numbness in my leg");

        Assert.NotEmpty(replies);
        Assert.All(replies, r =>
        {
            Assert.Equal("routine", r!["channelData"]!["triage"]!["level"]!.GetValue<string>());
            Assert.NotEmpty(r["channelData"]!["triage"]!["flags"]!.AsArray());
        });
        Assert.Contains("seek medical attention", replies.Texts());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"hello\"")]
    [InlineData("{}")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"http://127.0.0.1:1/\",\"text\":\"hi\"}")]
    [InlineData("{\"channelId\":\"webchat\",\"type\":\"message\",\"conversation\":{\"id\":\"c\"},\"text\":\"hi\"}")]
    [InlineData("{\"channelId\":\"webchat\",\"type\":\"message\",\"conversation\":{\"id\":\"c\"},\"serviceUrl\":\"not a url\"}")]
    [InlineData("{\"channelId\":\"webchat\",\"type\":\"message\",\"conversation\":{\"id\":\"c\"},\"serviceUrl\":\"http://127.0.0.1:1/\",\"text\":{\"a\":1}}")]
    [InlineData("{\"channelId\":\"webchat\",\"type\":42,\"conversation\":{\"id\":\"c\"},\"serviceUrl\":\"http://127.0.0.1:1/\"}")]
    [InlineData("{\"channelId\":\"webchat\",\"type\":\"message\",\"conversation\":{\"id\":\"c\"},\"serviceUrl\":\"http://127.0.0.1:1/\",\"timestamp\":\"yesterday\"}")]
    [InlineData("{\"type\":\"message\",\"conversation\":{\"id\":\"c\"},\"serviceUrl\":\"http://127.0.0.1:1/\",\"text\":\"no channel\"}")]
    [InlineData("{\"channelId\":\"\",\"type\":\"message\",\"conversation\":{\"id\":\"c\"},\"serviceUrl\":\"http://127.0.0.1:1/\"}")]
    [InlineData("{\"channelId\":7,\"type\":\"event\",\"conversation\":{\"id\":\"c\"},\"serviceUrl\":\"http://127.0.0.1:1/\"}")]
    [InlineData("{\"channelId\":\"webchat\",\"type\":\"message\",\"conversation\":\"c\",\"serviceUrl\":\"http://127.0.0.1:1/\"}")]
    [InlineData("{\"channelId\":\"webchat\",\"type\":\"message\",\"conversation\":[1],\"serviceUrl\":\"http://127.0.0.1:1/\"}")]
    public async Task Post_MalformedActivity_Returns400WithReason(string body)
    {
        var response = await _client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("Bearer a.b.c")]
    [InlineData("Bearer x")]
    [InlineData("Bearer ..")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.@@@.x")]
    public async Task Post_BearerTokenThatIsNotAJwt_Returns401(string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(Activities.Message(NewConversation(), "hi")) };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_InvokeTheBotDoesNotHandle_Returns400()
    {
        var activity = Activities.Message(NewConversation(), "");
        activity["type"] = "invoke";
        activity["name"] = "madeUp/invoke";
        activity.Remove("deliveryMode");

        var response = await _client.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_DeeplyNestedJson_Returns400()
    {
        var body = "{\"type\":\"message\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}";

        var response = await _client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_OversizedBody_Returns413()
    {
        var activity = Activities.Message(NewConversation(), new string('a', 300_000));

        var response = await _client.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_TwentyThousandCharacterMessage_RepliesAndKeepsServing()
    {
        var conversation = NewConversation();

        var replies = await _client.SayAsync(conversation, string.Concat(Enumerable.Repeat("why do my ankles hurt ", 1000))[..20_000]);
        var next = await _client.SayAsync(conversation, "How often should I replace my walking shoes?");

        Assert.NotEmpty(replies);
        Assert.Contains("300-500 miles", next.Texts());
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("endOfConversation")]
    [InlineData("somethingNew")]
    public async Task Post_ActivityTypeTheBotDoesNotHandle_Returns2xxWithoutReplies(string type)
    {
        var activity = Activities.Message(NewConversation(), "");
        activity["type"] = type;

        var response = await _client.PostAsJsonAsync("/api/messages", activity);

        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Post_EmojiMessage_Replies()
    {
        var replies = await _client.SayAsync(NewConversation(), "😩🦶➡️🔙");

        Assert.NotEmpty(replies);
    }

    private static string NewConversation() => "conv-" + Guid.NewGuid().ToString("N");
}

/// <summary>One host for a test class; each test uses its own conversation id.</summary>
public sealed class BotFactoryFixture : IDisposable
{
    public BotFactory Factory { get; } = new();

    public void Dispose() => Factory.Dispose();
}
