using System.Text;

namespace BackPainBot.Fuzz;

/// <summary>One generated request. <paramref name="Shape"/> says what was done to it, for the report.</summary>
public sealed record FuzzRequest(
    string Target, HttpMethod Method, string Path, byte[]? Body, string? ContentType, string? Authorization, string Shape);

/// <summary>A Direct Line conversation started before the run: its id and a token that grants it.</summary>
public sealed record DirectLineSession(string ConversationId, string Token);

/// <summary>
/// Generates requests from a <see cref="Random"/>: the same seed gives the same requests. About half go to
/// <c>/api/messages</c>, most of the rest to the Direct Line endpoints, a few to the page, the staff sign-in and paths
/// the host does not serve. Every serviceUrl is on 127.0.0.1 port 1, where nothing listens, and most activities ask
/// for their replies inline (expectReplies), so the bot never sends traffic anywhere else.
/// </summary>
public sealed class RequestGenerator(IReadOnlyList<DirectLineSession> pool)
{
    private const string DirectLine = "/v3/directline";

    /// <summary>Bytes of the largest body the fuzzer sends: past every limit, so 413 is exercised.</summary>
    private const int MaxBodyBytes = 600 * 1024;

    private static readonly string[] ActivityTypes =
    [
        "message", "message", "message", "message", "conversationUpdate", "event", "invoke", "typing", "endOfConversation",
        "messageReaction", "installationUpdate", "deleteUserData", "handoff", "trace", "command", "", " ", "MESSAGE",
        "unknownType", "\u202Emessage", "message\u0000", "conversationupdate",
    ];

    private static readonly string[] Texts =
    [
        "hi", "How often should I replace my walking shoes?", "I have tingling and numbness in my leg",
        "I suddenly can't control my bladder and my groin is numb", "book", "cancel", "start over", "help", "yes", "no",
        "my pain is 8 out of 10 for 3 weeks", "next Tuesday at 3pm", "call me on 801-555-0199 or a@b.example",
        "<at>BackPainBot</at> my back hurts", "I don't have any numbness", "my husband can't feel his legs",
    ];

    private static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "\u202E\u0645\u0631\u062D\u0628\u0627", "\u200B\u200C\u200D\uFEFF", "e\u0301\u0301\u0301\u0301\u0301",
        "\uD83E\uDDB6\uD83C\uDFFD", "\uD800", "\uDFFF", "\uDBFF\uDFFF", "\uFFFE\uFFFF", "\u0085\u2028\u2029", "\r\n\r\n",
        "'; DROP TABLE handoffs; --", "{0}{1}%s%n", "../../../../etc/passwd", "%00%ff", "\\u0000", "null", "true", "1e999",
        "\u30D0\u30C3\u30AF\u30DA\u30A4\u30F3", "\u0E01\u0E33\u0E25\u0E31\u0E07", "Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F",
        "<script>alert(1)</script>", "\u001B[31mred\u001B[0m",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json", "application/json", "application/json; charset=utf-8", "text/plain",
        "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/octet-stream", "", "garbage/", "application/json; charset=nonsense", "*/*",
    ];

    private static readonly string[] Watermarks =
    [
        "", "0", "1", "-1", "abc", "1.5", "99999999999999999999", "9223372036854775807", "1e5", "null", "undefined", "\u0661",
        "%00", " 1", "0x10",
    ];

    public FuzzRequest Next(Random r)
    {
        var roll = r.Next(1000);
        return roll switch
        {
            < 500 => Messages(r),
            < 530 => TokenGenerate(r),
            < 580 => TokenRefresh(r),
            < 650 => StartConversation(r),
            < 850 => PostActivity(r),
            < 930 => GetActivities(r),
            < 950 => Reconnect(r),
            < 960 => Stream(r),
            < 975 => StaffSignIn(r),
            _ => Page(r),
        };
    }

    private FuzzRequest Messages(Random r)
    {
        var (body, shape) = Body(r, BotActivity(r));
        var (contentType, typeShape) = ContentType(r);
        return new FuzzRequest("messages", HttpMethod.Post, "/api/messages", body, contentType, r.Next(20) == 0 ? Authorization(r) : null, shape + typeShape);
    }

    private static FuzzRequest TokenGenerate(Random r)
    {
        var body = r.Next(3) == 0 ? Encoding.UTF8.GetBytes(Json.Write(RandomValue(r, 3))) : null;
        return new FuzzRequest("dl-generate", r.Next(10) == 0 ? HttpMethod.Get : HttpMethod.Post, DirectLine + "/tokens/generate",
            body, body is null ? null : "application/json", r.Next(4) == 0 ? Authorization(r) : null, "generate");
    }

    private FuzzRequest TokenRefresh(Random r)
    {
        var (auth, shape) = Token(r, out _);
        return new FuzzRequest("dl-refresh", HttpMethod.Post, DirectLine + "/tokens/refresh", null, null, auth, "refresh " + shape);
    }

    private FuzzRequest StartConversation(Random r)
    {
        var (auth, shape) = Token(r, out _);
        var body = r.Next(4) == 0 ? Encoding.UTF8.GetBytes(Json.Write(RandomValue(r, 4))) : null;
        return new FuzzRequest("dl-start", HttpMethod.Post, DirectLine + "/conversations", body, body is null ? null : "application/json", auth, "start " + shape);
    }

    private FuzzRequest PostActivity(Random r)
    {
        var (auth, tokenShape) = Token(r, out var session);
        var (id, idShape) = ConversationId(r, session);
        var (body, shape) = Body(r, ClientActivity(r));
        var (contentType, typeShape) = ContentType(r);
        var method = r.Next(40) == 0 ? new HttpMethod(Pick(r, ["PUT", "PATCH", "DELETE", "OPTIONS"])) : HttpMethod.Post;
        return new FuzzRequest("dl-post", method, $"{DirectLine}/conversations/{id}/activities", body, contentType, auth,
            $"post {tokenShape} {idShape} {shape}{typeShape}");
    }

    private FuzzRequest GetActivities(Random r)
    {
        var (auth, tokenShape) = Token(r, out var session);
        var (id, idShape) = ConversationId(r, session);
        var query = r.Next(3) == 0 ? "" : "?watermark=" + Uri.EscapeDataString(Pick(r, Watermarks));
        return new FuzzRequest("dl-get", HttpMethod.Get, $"{DirectLine}/conversations/{id}/activities{query}", null, null, auth,
            $"get {tokenShape} {idShape} {query}");
    }

    private FuzzRequest Reconnect(Random r)
    {
        var (auth, tokenShape) = Token(r, out var session);
        var (id, idShape) = ConversationId(r, session);
        var query = r.Next(2) == 0 ? "" : "?watermark=" + Uri.EscapeDataString(Pick(r, Watermarks));
        return new FuzzRequest("dl-reconnect", HttpMethod.Get, $"{DirectLine}/conversations/{id}{query}", null, null, auth, $"reconnect {tokenShape} {idShape}");
    }

    private FuzzRequest Stream(Random r)
    {
        // A plain GET where a WebSocket upgrade belongs, with or without the stream token.
        var session = pool[r.Next(pool.Count)];
        var query = r.Next(2) == 0 ? "?t=" + Uri.EscapeDataString(Tamper(r, session.Token)) : "";
        return new FuzzRequest("dl-stream", HttpMethod.Get, $"{DirectLine}/conversations/{session.ConversationId}/stream{query}", null, null, null, "stream without upgrade");
    }

    private static FuzzRequest StaffSignIn(Random r)
    {
        var value = r.Next(3) == 0
            ? RandomValue(r, 4)
            : new Dictionary<string, object?> { ["userName"] = RandomScalar(r), ["password"] = RandomScalar(r) };
        var (body, shape) = Body(r, value);
        return new FuzzRequest("staff", HttpMethod.Post, "/staff/api/signin", body, "application/json", null, "signin " + shape);
    }

    private static FuzzRequest Page(Random r)
    {
        string[] paths =
        [
            "/", "/index.html", "/chat.js", "/embed.js", "/chat.css", "/nothing-here", "/%2e%2e/%2e%2e/etc/passwd", "/staff",
            "/staff/console.js", "/api/handoffs", "/api/messages", "/v3/directline", "/v3/directline/conversations/x/y/z",
            "/?q=" + Uri.EscapeDataString(Pick(r, OddStrings)), "/" + new string('a', r.Next(1, 4000)), "/%C0%AF", "/healthz/ready",
        ];
        var method = r.Next(5) == 0 ? new HttpMethod(Pick(r, ["POST", "PUT", "DELETE", "HEAD", "OPTIONS"])) : HttpMethod.Get;
        return new FuzzRequest("page", method, Pick(r, paths), null, null, null, "page");
    }

    /// <summary>An activity as a channel posts it to /api/messages, then mutated.</summary>
    private static Dictionary<string, object?> BotActivity(Random r)
    {
        var activity = new Dictionary<string, object?>
        {
            ["type"] = r.Next(3) == 0 ? Pick(r, ActivityTypes) : "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["channelId"] = Pick(r, ["webchat", "msteams", "directline", "emulator", "test", "slack", "", "unknown-channel"]),
            ["serviceUrl"] = r.Next(30) == 0 ? Pick(r, ["not a url", "ftp://127.0.0.1:1/", "/relative", "http://127.0.0.1:1/\u0000"]) : "http://127.0.0.1:1/",
            ["deliveryMode"] = r.Next(15) == 0 ? Pick(r, ["normal", "notification", "ephemeral", "garbage", ""]) : "expectReplies",
            ["from"] = new Dictionary<string, object?> { ["id"] = "patient-" + r.Next(100), ["name"] = "Patient", ["role"] = "user" },
            ["recipient"] = new Dictionary<string, object?> { ["id"] = "bot", ["name"] = "BackPainBot", ["role"] = "bot" },
            ["conversation"] = new Dictionary<string, object?> { ["id"] = "fuzz-" + r.Next(2000) },
            ["text"] = Text(r),
            ["locale"] = Pick(r, ["en-US", "en", "fr-FR", "", "xx-invalid", "\u0000"]),
        };

        if (activity["type"] is "conversationUpdate")
        {
            activity["membersAdded"] = r.Next(3) switch
            {
                0 => new List<object?> { new Dictionary<string, object?> { ["id"] = "patient-1" }, new Dictionary<string, object?> { ["id"] = "bot" } },
                1 => RandomValue(r, 3),
                _ => new List<object?> { RandomValue(r, 2), null, 42L },
            };
        }

        if (activity["type"] is "invoke" or "event")
        {
            activity["name"] = Pick(r, ["", "signin/verifyState", "composeExtension/query", "task/fetch", "adaptiveCard/action", "handoff.initiate", "webchat/join", "madeUp"]);
            activity["value"] = RandomValue(r, 5);
        }

        if ((string?)activity["channelId"] == "msteams" || r.Next(5) == 0)
        {
            activity["channelData"] = r.Next(2) == 0
                ? new Dictionary<string, object?>
                {
                    ["tenant"] = r.Next(2) == 0 ? new Dictionary<string, object?> { ["id"] = RandomScalar(r) } : RandomValue(r, 2),
                    ["team"] = RandomValue(r, 2),
                    ["channel"] = r.Next(2) == 0 ? new Dictionary<string, object?> { ["id"] = RandomScalar(r) } : RandomValue(r, 2),
                    ["eventType"] = Pick(r, ["teamMemberAdded", "channelCreated", "teamRenamed", "x", ""]),
                }
                : RandomValue(r, 4);
        }

        Mutate(r, activity);
        return activity;
    }

    /// <summary>An activity as Web Chat posts it to Direct Line, then mutated.</summary>
    private static Dictionary<string, object?> ClientActivity(Random r)
    {
        var activity = new Dictionary<string, object?>
        {
            ["type"] = r.Next(4) == 0 ? Pick(r, ActivityTypes) : "message",
            ["from"] = new Dictionary<string, object?> { ["id"] = "patient", ["name"] = "Patient", ["role"] = "user" },
            ["text"] = Text(r),
            ["locale"] = "en-US",
            ["textFormat"] = "plain",
            ["channelData"] = new Dictionary<string, object?> { ["clientActivityID"] = Guid.NewGuid().ToString("N") },
        };
        if (r.Next(6) == 0)
        {
            activity["value"] = RandomValue(r, 5);
            activity["name"] = Pick(r, ["webchat/join", "", "x"]);
        }

        Mutate(r, activity);
        return activity;
    }

    private static string Text(Random r) => r.Next(10) switch
    {
        < 5 => Pick(r, Texts),
        < 7 => Pick(r, Texts) + " " + Pick(r, OddStrings),
        < 9 => Pick(r, OddStrings),
        _ => new string(Pick(r, ["a", "pain ", "\u00E9", "\uD83E\uDDB6", "numb "])[0], r.Next(1000, 20_000)),
    };

    /// <summary>Up to three of: a field removed, a field of the wrong type, an unknown field, an array where an object belongs.</summary>
    private static void Mutate(Random r, Dictionary<string, object?> activity)
    {
        var mutations = r.Next(4);
        for (var i = 0; i < mutations; i++)
        {
            var keys = activity.Keys.ToList();
            switch (r.Next(6))
            {
                case 0 when keys.Count > 0:
                    activity.Remove(Pick(r, keys));
                    break;
                case 1 when keys.Count > 0:
                    activity[Pick(r, keys)] = RandomValue(r, 2);
                    break;
                case 2:
                    activity[Pick(r, OddStrings) + r.Next(100)] = RandomValue(r, 3);
                    break;
                case 3:
                    activity[Pick(r, ["attachments", "entities", "suggestedActions", "membersRemoved", "replyToId", "localTimestamp", "valueType", "importance", "listenFor", "speak"])] = RandomValue(r, 4);
                    break;
                case 4:
                    activity[Pick(r, ["from", "recipient", "conversation"])] = RandomValue(r, 2);
                    break;
                default:
                    activity[Pick(r, ["timestamp", "localTimestamp", "expiration"])] = Pick(r, ["yesterday", "2026-13-45T99:99:99Z", "", "0", "9999-12-31T23:59:59.9999999+14:00", "-1"]);
                    break;
            }
        }
    }

    /// <summary>The body: the value as JSON, usually; sometimes broken, deeply nested, huge or not JSON at all.</summary>
    private static (byte[] Body, string Shape) Body(Random r, object? value)
    {
        var roll = r.Next(100);
        var json = Json.Write(value, asciiOnly: r.Next(2) == 0);
        return roll switch
        {
            < 55 => (Encoding.UTF8.GetBytes(json), "activity"),
            < 62 => (Encoding.UTF8.GetBytes(json[..r.Next(json.Length)]), "truncated"),
            < 66 => (Encoding.UTF8.GetBytes(json + Pick(r, ["}", "]", ",", "{}", " x", "\u0000", "\n{\"a\":1}"])), "trailing"),
            < 70 => (Random(r, r.Next(0, 4096)), "random bytes"),
            < 74 => (Encoding.UTF8.GetBytes(Pick(r, ["", "null", "[]", "1", "\"x\"", "true", "{", "}", "{\"type\":", "[{}]", "{\"type\":\"message\"}", "\uFEFF{}"])), "scalar"),
            < 79 => (Encoding.UTF8.GetBytes(Nested(r, json)), "deep"),
            < 83 => (Encoding.UTF8.GetBytes(WithHugeText(r, value, 20_000, 250_000)), "huge text"),
            < 86 => (Encoding.UTF8.GetBytes(WithHugeText(r, value, 300_000, MaxBodyBytes, asciiOnly: true)), "oversized"),
            < 89 => (Encoding.Unicode.GetBytes(json), "utf-16"),
            < 92 => (InvalidUtf8(r, json), "invalid utf-8"),
            < 95 => (Encoding.UTF8.GetBytes("{\"type\":\"message\",\"type\":\"event\",\"text\":\"dup\",\"conversation\":{\"id\":\"d\"},\"serviceUrl\":\"http://127.0.0.1:1/\",\"deliveryMode\":\"expectReplies\"}"), "duplicate keys"),
            _ => (Encoding.UTF8.GetBytes(json.Replace("\"", Pick(r, ["'", "", "\\\""]), StringComparison.Ordinal)), "quotes broken"),
        };
    }

    private static string Nested(Random r, string json)
    {
        var depth = Pick(r, [10, 31, 32, 33, 64, 200, 1000, 10_000, 100_000]);
        var (open, close) = r.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        var at = json.LastIndexOf('}');
        return at <= 0 ? nested : json[..at] + ",\"value\":" + nested + "}";
    }

    private static string WithHugeText(Random r, object? value, int min, int max, bool asciiOnly = false)
    {
        var huge = new string(asciiOnly ? Pick(r, ['a', ' ', 'x']) : Pick(r, ['a', ' ', 'x', '\u00E9']), r.Next(min, max));
        if (value is Dictionary<string, object?> activity)
        {
            var copy = new Dictionary<string, object?>(activity)
            {
                [r.Next(3) == 0 ? Pick(r, ["channelData", "value", "name"]) : "text"] = huge,
            };
            return Json.Write(copy);
        }

        return Json.Write(huge);
    }

    private static byte[] InvalidUtf8(Random r, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json).ToList();
        for (var i = 0; i < 1 + r.Next(5); i++)
        {
            bytes.Insert(r.Next(bytes.Count + 1), Pick(r, [(byte)0xC0, (byte)0xFF, (byte)0xED, (byte)0x80, (byte)0xF8]));
        }

        return [.. bytes];
    }

    /// <summary>A token: usually the one that grants the chosen session, else another's, a tampered one, or none.</summary>
    private (string? Authorization, string Shape) Token(Random r, out DirectLineSession session)
    {
        session = pool[r.Next(pool.Count)];
        return r.Next(12) switch
        {
            < 6 => ("Bearer " + session.Token, "token"),
            6 => ("Bearer " + Tamper(r, session.Token), "tampered-token"),
            7 => (null, "no-token"),
            8 => ("Bearer " + session.Token[..r.Next(session.Token.Length)], "truncated-token"),
            9 => ("Bearer " + pool[r.Next(pool.Count)].Token, "other-token"),
            10 => (Authorization(r), "garbage-auth"),
            _ => ("Bearer " + Pick(r, OddStrings.Where(s => s.All(c => c is >= ' ' and < (char)0x7F)).ToArray()), "odd-token"),
        };
    }

    private (string Id, string Shape) ConversationId(Random r, DirectLineSession session) => r.Next(10) switch
    {
        < 7 => (session.ConversationId, "own-conversation"),
        7 => (pool[r.Next(pool.Count)].ConversationId, "other-conversation"),
        8 => (Uri.EscapeDataString(Pick(r, OddStrings) + "x"), "odd-conversation"),
        _ => (new string('c', r.Next(1, 3000)), "long-conversation"),
    };

    private static (string? ContentType, string Shape) ContentType(Random r)
    {
        if (r.Next(4) != 0)
        {
            return ("application/json", "");
        }

        var type = Pick(r, ContentTypes);
        return (type.Length == 0 ? null : type, " as " + (type.Length == 0 ? "none" : type));
    }

    private static string Authorization(Random r) =>
        Pick(r, ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a.b.c", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Token x", new string('A', 5000)]);

    private static string Tamper(Random r, string token)
    {
        var chars = token.ToCharArray();
        var at = r.Next(chars.Length);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private static object? RandomValue(Random r, int depth) => (depth <= 0 ? r.Next(5) : r.Next(8)) switch
    {
        0 => null,
        1 => r.Next(2) == 0,
        2 => (long)r.Next(int.MinValue, int.MaxValue),
        3 => r.NextDouble() * Math.Pow(10, r.Next(-300, 300)),
        4 => Pick(r, OddStrings),
        5 => Enumerable.Range(0, r.Next(5)).Select(_ => RandomValue(r, depth - 1)).ToList(),
        6 => new RawJson(Pick(r, ["1e999", "-0", "0.0000000000000000000001", "12345678901234567890123", "\"\\ud800\"", "[]", "{}"])),
        _ => Enumerable.Range(0, r.Next(5)).ToDictionary(i => Pick(r, ["id", "type", "text", "name", "value", "$type", "__proto__", ""]) + i, _ => RandomValue(r, depth - 1)),
    };

    private static object? RandomScalar(Random r) => r.Next(4) switch
    {
        0 => Pick(r, OddStrings),
        1 => (long)r.Next(),
        2 => null,
        _ => new List<object?> { "x" },
    };

    private static byte[] Random(Random r, int length)
    {
        var bytes = new byte[length];
        r.NextBytes(bytes);
        return bytes;
    }

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];
}
