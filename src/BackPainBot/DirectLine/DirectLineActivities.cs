using System.Globalization;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BackPainBot.DirectLine;

/// <summary>
/// The shapes of activities on this Direct Line: what a client may post, what the bot and the clients see. The
/// server owns ids, timestamps, the channel, the conversation and who is who; a client only supplies content.
/// </summary>
internal static class DirectLineActivities
{
    /// <summary>The channel id the bot sees, as for Azure's Direct Line channel.</summary>
    public const string ChannelId = Channels.Directline;

    public const string BotId = "backpainbot";
    public const string BotName = "BackPainBot";

    /// <summary>
    /// The serviceUrl the bot replies to. It never resolves (<c>.invalid</c> is reserved): the bot's HTTP client hands
    /// requests for it to <see cref="BotConnectorHandler"/> in this process, so the Bot Connector side of this Direct
    /// Line is reachable by the bot alone and never from the network.
    /// </summary>
    public static readonly Uri ServiceUrl = new("https://directline.backpainbot.invalid/");

    private const int MaxJsonDepth = 32;
    private const int MaxNameLength = 100;
    private static readonly HashSet<string> ClientTypes = [ActivityTypes.Message, ActivityTypes.Typing, ActivityTypes.Event];

    // What a client may set, with the JSON kinds each may have; everything else it sends is ignored.
    private static readonly Dictionary<string, JTokenType[]> ClientFields = new(StringComparer.Ordinal)
    {
        ["text"] = [JTokenType.String],
        ["textFormat"] = [JTokenType.String],
        ["locale"] = [JTokenType.String],
        ["localTimestamp"] = [JTokenType.String],
        ["localTimezone"] = [JTokenType.String],
        ["name"] = [JTokenType.String],
        ["entities"] = [JTokenType.Array],
        ["channelData"] = [JTokenType.Object],
        ["value"] = [JTokenType.Object, JTokenType.Array, JTokenType.String, JTokenType.Integer, JTokenType.Float, JTokenType.Boolean],
        ["valueType"] = [JTokenType.String],
    };

    /// <summary>Reads a client's activity; returns why it is unusable, or null with its content in <paramref name="content"/>.</summary>
    public static string? ParseClientActivity(string body, out JObject content)
    {
        content = [];
        JObject json;
        try
        {
            using var reader = new JsonTextReader(new StringReader(body)) { MaxDepth = MaxJsonDepth, DateParseHandling = DateParseHandling.None };
            if (JToken.ReadFrom(reader) is not JObject obj)
            {
                return "The body must be a JSON object (an activity).";
            }

            if (reader.Read())
            {
                return "The body has content after the JSON object.";
            }

            json = obj;
        }
        catch (JsonException)
        {
            return "The body is not valid JSON.";
        }

        if (json["type"] is not { Type: JTokenType.String } type || !ClientTypes.Contains(type.Value<string>()!))
        {
            return "The activity's 'type' must be message, typing or event.";
        }

        content["type"] = type.Value<string>();
        foreach (var (field, kinds) in ClientFields)
        {
            if (json[field] is not { Type: not JTokenType.Null } value)
            {
                continue;
            }

            if (!kinds.Contains(value.Type))
            {
                return $"The activity's '{field}' has the wrong type.";
            }

            content[field] = value;
        }

        if (json["attachments"] is JArray { Count: > 0 })
        {
            return "Attachments are not supported.";
        }

        if (json["from"] is { Type: not JTokenType.Null } from)
        {
            if (from is not JObject)
            {
                return "The activity's 'from' must be an object.";
            }

            if (from["name"] is { Type: JTokenType.String } name && name.Value<string>() is { Length: > 0 and <= MaxNameLength } nameText)
            {
                content["from"] = new JObject { ["name"] = nameText };
            }
        }

        try
        {
            // The bot reads it as an Activity; a field of the wrong shape fails here, not mid-turn.
            content.ToObject<Activity>();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidCastException)
        {
            return "The activity has a field of the wrong type.";
        }

        return null;
    }

    /// <summary>A client's activity as it is kept and as the client gets it back: from the token's user, to the bot.</summary>
    public static JObject FromClient(JObject content, DirectLineConversation conversation, string id, DateTimeOffset now)
    {
        var activity = (JObject)content.DeepClone();
        var from = activity["from"] as JObject ?? [];
        from["id"] = conversation.UserId;
        from["role"] = RoleTypes.User;
        activity["from"] = from;
        activity["recipient"] = Bot();
        return WithServerFields(activity, conversation, id, now);
    }

    /// <summary>The bot's activity as it is kept and as the client gets it: from the bot, to the conversation's user.</summary>
    public static JObject FromBot(JObject sent, DirectLineConversation conversation, string id, string? replyToId, DateTimeOffset now)
    {
        var activity = (JObject)sent.DeepClone();
        var from = activity["from"] as JObject ?? [];
        if (from["id"] is not { Type: JTokenType.String })
        {
            from["id"] = BotId;
            from["name"] = BotName;
        }

        // Web Chat puts an activity on the patient's side when its role is "user"; a bot's never is.
        from["role"] = RoleTypes.Bot;
        activity["from"] = from;
        activity["recipient"] = new JObject { ["id"] = conversation.UserId, ["role"] = RoleTypes.User };
        activity.Remove("serviceUrl");
        if (replyToId is not null && activity["replyToId"] is not { Type: JTokenType.String })
        {
            activity["replyToId"] = replyToId;
        }

        return WithServerFields(activity, conversation, id, now);
    }

    /// <summary>The conversationUpdate that tells the bot the patient and the bot have joined, so it welcomes them.</summary>
    public static JObject ConversationStarted(DirectLineConversation conversation, string id, DateTimeOffset now)
    {
        var user = new JObject { ["id"] = conversation.UserId, ["role"] = RoleTypes.User };
        var activity = new JObject
        {
            ["type"] = ActivityTypes.ConversationUpdate,
            ["membersAdded"] = new JArray(Bot(), user.DeepClone()),
            ["from"] = user,
            ["recipient"] = Bot(),
        };
        return WithServerFields(activity, conversation, id, now);
    }

    /// <summary>A kept activity as the bot receives it: with the serviceUrl its replies go to.</summary>
    public static Activity ForBot(JObject kept)
    {
        var activity = (JObject)kept.DeepClone();
        activity["serviceUrl"] = ServiceUrl.AbsoluteUri;
        return activity.ToObject<Activity>()!;
    }

    /// <summary>Reads an activity the bot sent; null when the body is not a JSON object with a type.</summary>
    public static JObject? ParseBotActivity(string body)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(body)) { MaxDepth = MaxJsonDepth, DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader) is JObject { } activity && activity["type"] is { Type: JTokenType.String } ? activity : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Timestamp(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static JObject WithServerFields(JObject activity, DirectLineConversation conversation, string id, DateTimeOffset now)
    {
        activity["id"] = id;
        activity["timestamp"] = Timestamp(now);
        activity["channelId"] = ChannelId;
        activity["conversation"] = new JObject { ["id"] = conversation.Id };
        return activity;
    }

    private static JObject Bot() => new() { ["id"] = BotId, ["name"] = BotName, ["role"] = RoleTypes.Bot };
}
