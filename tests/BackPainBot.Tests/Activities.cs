using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace BackPainBot.Tests;

/// <summary>Builds activities the way a channel posts them, with replies returned inline (expectReplies).</summary>
internal static class Activities
{
    public static JsonObject Message(string conversationId, string text) => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["channelId"] = "webchat",
        ["serviceUrl"] = "http://127.0.0.1:1/",
        ["deliveryMode"] = "expectReplies",
        ["from"] = new JsonObject { ["id"] = "patient-1", ["name"] = "Patient", ["role"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "bot", ["name"] = "BackPainBot", ["role"] = "bot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId },
        ["text"] = text,
        ["locale"] = "en-US",
    };

    /// <summary>Posts a message and returns the replies of that turn.</summary>
    public static async Task<JsonArray> SayAsync(this HttpClient client, string conversationId, string text)
    {
        var response = await client.PostAsJsonAsync("/api/messages", Message(conversationId, text));
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["activities"]!.AsArray();
    }

    public static string Texts(this JsonArray activities) =>
        string.Join("\n---\n", activities.Select(a => a!["text"]?.GetValue<string>()));
}
