using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace BackPainBot.Bench.LoadTest;

/// <summary>
/// Writes the request bodies a Web Chat client would post: complete Bot Framework activities asking for their replies
/// inline (<c>expectReplies</c>), so the bots never call the service URL.
/// </summary>
/// <param name="timeProvider">Clock that stamps the activities.</param>
public sealed class ActivityFactory(TimeProvider timeProvider)
{
    private const string _channelId = "webchat";

    // Port 1 on loopback: nothing listens there, so a bot that ignored expectReplies would fail loudly, not reach out.
    private const string _serviceUrl = "http://127.0.0.1:1/";
    private const string _botId = "bot";

    private readonly TimeProvider _timeProvider = timeProvider;
    private long _nextActivityId;

    /// <summary>The conversationUpdate a client sends when a conversation opens: the bot and the user join.</summary>
    public byte[] ConversationUpdate(string conversationId, string userId) =>
        Write(conversationId, userId, writer =>
        {
            writer.WriteString("type", "conversationUpdate");
            writer.WriteStartArray("membersAdded");
            WriteAccount(writer, _botId, "BackPainBot", "bot");
            WriteAccount(writer, userId, UserName(userId), "user");
            writer.WriteEndArray();
        });

    /// <summary>A message from the user with <paramref name="text"/>.</summary>
    public byte[] Message(string conversationId, string userId, string text) =>
        Write(conversationId, userId, writer =>
        {
            writer.WriteString("type", "message");
            writer.WriteString("text", text);
            writer.WriteString("textFormat", "plain");
        });

    private byte[] Write(string conversationId, string userId, Action<Utf8JsonWriter> writeBody)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeBody(writer);
            var id = Interlocked.Increment(ref _nextActivityId);
            writer.WriteString("id", id.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("timestamp", _timeProvider.GetUtcNow());
            writer.WriteString("channelId", _channelId);
            writer.WriteString("serviceUrl", _serviceUrl);
            writer.WriteString("deliveryMode", "expectReplies");
            writer.WriteString("locale", "en-US");
            writer.WritePropertyName("from");
            WriteAccount(writer, userId, UserName(userId), "user");
            writer.WritePropertyName("recipient");
            WriteAccount(writer, _botId, "BackPainBot", "bot");
            writer.WriteStartObject("conversation");
            writer.WriteString("id", conversationId);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteAccount(Utf8JsonWriter writer, string id, string name, string role)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("name", name);
        writer.WriteString("role", role);
        writer.WriteEndObject();
    }

    private static string UserName(string userId) => $"Bench {userId}";
}
