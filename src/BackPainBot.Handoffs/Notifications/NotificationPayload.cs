using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackPainBot.Handoffs.Notifications;

/// <summary>What a destination may be shown, beyond the minimum every destination gets.</summary>
/// <param name="IncludeContact">
/// The destination is trusted with the patient's name, phone and email. Otherwise it is told only whether contact details
/// were given, and staff open the handoff to see them.
/// </param>
/// <param name="HandoffLinkTemplate">An absolute URL with <c>{id}</c> where the handoff id goes (the console's page for it); null for none.</param>
public sealed record NotificationPayloadOptions(bool IncludeContact, string? HandoffLinkTemplate = null)
{
    /// <summary>The placeholder <see cref="HandoffLinkTemplate"/> must contain.</summary>
    public const string IdPlaceholder = "{id}";

    /// <summary>The handoff's link, or null without a template.</summary>
    public string? LinkFor(Guid handoffId) =>
        string.IsNullOrEmpty(HandoffLinkTemplate) ? null : HandoffLinkTemplate.Replace(IdPlaceholder, handoffId.ToString("D"), StringComparison.Ordinal);
}

/// <summary>
/// The bodies of staff notifications: signed JSON for webhooks, and an Adaptive Card for Teams (in the incoming-webhook
/// envelope, or as a bot message attachment). Never carries the transcript, the patient's question or any message text;
/// contact details only for a destination trusted with them. Every word staff read in a card is here.
/// </summary>
public static class NotificationPayload
{
    /// <summary>Content type of an Adaptive Card attachment.</summary>
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>
    /// The webhook body: <c>{"event", "idempotencyKey", "handoff": {id, url?, level, reason, flags, channel, createdAt,
    /// preferredTime, timePreference, contactGiven, contact?}}</c>, UTF-8 encoded. <c>timePreference</c> is <c>asap</c>,
    /// <c>no-preference</c> or null (<see cref="Handoff.TimePreference"/>).
    /// </summary>
    public static byte[] Json(Handoff handoff, OutboxMessage message, NotificationPayloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);

        var body = new JsonObject
        {
            ["id"] = handoff.Id.ToString("D"),
        };
        if (options.LinkFor(handoff.Id) is { } link)
        {
            body["url"] = link;
        }

        body["level"] = handoff.Level;
        body["reason"] = handoff.Reason;
        body["flags"] = new JsonArray([.. handoff.Flags.Select(f => (JsonNode?)JsonValue.Create(f))]);
        body["channel"] = handoff.Channel;
        body["createdAt"] = Iso(handoff.CreatedAt);
        body["preferredTime"] = handoff.PreferredTime is { } preferred ? Iso(preferred) : null;
        body["timePreference"] = handoff.PreferredTime is null ? handoff.TimePreference : null;
        body["contactGiven"] = HasContact(handoff);
        if (options.IncludeContact)
        {
            body["contact"] = handoff.Contact is { } contact
                ? new JsonObject { ["name"] = contact.Name, ["phone"] = contact.Phone, ["email"] = contact.Email }
                : null;
        }

        var payload = new JsonObject
        {
            ["event"] = NotificationEvent.Kind(message.Event),
            ["idempotencyKey"] = message.IdempotencyKey,
            ["handoff"] = body,
        };
        return JsonSerializer.SerializeToUtf8Bytes(payload, _json);
    }

    /// <summary>The Teams incoming-webhook body: a message with the <see cref="AdaptiveCard"/> attached, UTF-8 encoded.</summary>
    public static byte[] TeamsWebhook(Handoff handoff, OutboxMessage message, NotificationPayloadOptions options)
    {
        var envelope = new JsonObject
        {
            ["type"] = "message",
            ["summary"] = Title(handoff, message.Event),
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = AdaptiveCardContentType,
                ["contentUrl"] = null,
                ["content"] = AdaptiveCard(handoff, message.Event, options),
            }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(envelope, _json);
    }

    /// <summary>A one-line title for the event, for message previews and push notifications.</summary>
    public static string Title(Handoff handoff, string storedEvent)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var level = LevelWord(handoff.Level);
        return NotificationEvent.Kind(storedEvent) switch
        {
            "escalated" => $"Handoff escalated to {level}",
            NotificationEvent.ContactAdded => $"Contact details received ({level} handoff)",
            _ => handoff.Level == "none" ? "New booking request" : $"New {level} handoff",
        };
    }

    /// <summary>An Adaptive Card (schema 1.4) for the handoff: title, what the patient was told, the facts and a link.</summary>
    public static JsonObject AdaptiveCard(Handoff handoff, string storedEvent, NotificationPayloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(options);

        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = Title(handoff, storedEvent),
                ["weight"] = "Bolder",
                ["size"] = "Medium",
                ["color"] = handoff.Level switch { "emergency" => "Attention", "urgent" => "Warning", _ => "Default" },
                ["wrap"] = true,
            },
        };
        if (ToldPatient(handoff.Level) is { } told)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = told, ["wrap"] = true, ["isSubtle"] = true });
        }

        var facts = new JsonArray
        {
            Fact("Level", handoff.Level),
            Fact("Red flags", handoff.Flags.Count == 0 ? "none" : string.Join(", ", handoff.Flags)),
            Fact("Reason", handoff.Reason switch
            {
                HandoffReason.RedFlag => "red flag",
                HandoffReason.Question => "question for staff",
                _ => "booking request",
            }),
            Fact("Preferred time", PreferredTimeFact(handoff)),
            Fact("Contact", ContactFact(handoff, options)),
            Fact("Received", Readable(handoff.CreatedAt)),
            Fact("Handoff", handoff.Id.ToString("D")),
        };
        body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (options.LinkFor(handoff.Id) is { } link)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the handoff", ["url"] = link });
        }

        return card;
    }

    /// <summary>
    /// A date and time when one was given; otherwise what the patient said, and "not given" when nothing is known (never
    /// asked, or recorded before the difference was kept), never "as soon as possible" by default.
    /// </summary>
    public static string PreferredTimeFact(Handoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        return handoff.PreferredTime is { } preferred ? Readable(preferred)
            : handoff.TimePreference == TimePreferences.AsSoonAsPossible ? "as soon as possible"
            : handoff.TimePreference == TimePreferences.NoPreference ? "no preference given"
            : "not given";
    }

    private static string ContactFact(Handoff handoff, NotificationPayloadOptions options)
    {
        if (options.IncludeContact && handoff.Contact is { } contact)
        {
            var parts = new[] { contact.Name, contact.Phone, contact.Email }.Where(p => !string.IsNullOrWhiteSpace(p));
            var text = string.Join(" · ", parts);
            return text.Length == 0 ? "not given yet" : text;
        }

        return HasContact(handoff) ? "given: open the handoff to see it" : "not given yet";
    }

    private static string? ToldPatient(string level) => level switch
    {
        "emergency" => "The patient was told to call 911 now or go to the nearest emergency department.",
        "urgent" => "The patient was told to see a clinician today or within 24-48 hours.",
        _ => null,
    };

    private static string LevelWord(string level) => level switch
    {
        "emergency" => "EMERGENCY",
        "none" => "booking",
        _ => level,
    };

    private static bool HasContact(Handoff handoff) =>
        !string.IsNullOrWhiteSpace(handoff.Contact?.Phone) || !string.IsNullOrWhiteSpace(handoff.Contact?.Email);

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static string Iso(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    // In the offset the time was stored with: the clinic's own zone for a preferred time.
    private static string Readable(DateTimeOffset value) =>
        value.ToString("ddd d MMM yyyy, h:mm tt", CultureInfo.InvariantCulture) + " (UTC" + value.ToString("zzz", CultureInfo.InvariantCulture) + ")";
}
