using System.Text;
using System.Text.Json.Nodes;
using BackPainBot.Handoffs.Notifications;

namespace BackPainBot.Handoffs.Tests.Notifications;

public sealed class NotificationPayloadTests
{
    private static readonly Handoff Handoff = TestHandoffs.Full();

    private static readonly OutboxMessage Message = new(
        7, Handoff.Id, "crm", "escalated-emergency", $"{Handoff.Id:D}:escalated-emergency:crm", 3, 0,
        TestHandoffs.Monday9am, TestHandoffs.Monday9am.AddMinutes(2));

    [Fact]
    public void Json_UntrustedDestination_HasTheMinimumAndNoContactOrPatientText()
    {
        var text = Encoding.UTF8.GetString(NotificationPayload.Json(Handoff, Message, new NotificationPayloadOptions(IncludeContact: false)));
        var json = JsonNode.Parse(text)!;

        Assert.Equal("escalated", json["event"]!.GetValue<string>());
        Assert.Equal(Message.IdempotencyKey, json["idempotencyKey"]!.GetValue<string>());
        var handoff = json["handoff"]!;
        Assert.Equal(Handoff.Id.ToString("D"), handoff["id"]!.GetValue<string>());
        Assert.Equal("emergency", handoff["level"]!.GetValue<string>());
        Assert.Equal(["cauda-equina", "saddle-anaesthesia"], handoff["flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(Handoff.PreferredTime, DateTimeOffset.Parse(handoff["preferredTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(handoff["contactGiven"]!.GetValue<bool>());
        Assert.Null(handoff["contact"]);
        Assert.Null(handoff["url"]);
        foreach (var secret in new[] { "Zoë", "+61 400", "zoe@example.com", "back hurts", "knees", Handoff.ConversationId })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Json_TrustedDestinationWithLink_IncludesContactAndUrl()
    {
        var options = new NotificationPayloadOptions(IncludeContact: true, "https://bot.example.com/staff/handoffs/{id}");

        var handoff = JsonNode.Parse(NotificationPayload.Json(Handoff, Message, options))!["handoff"]!;

        Assert.Equal("+61 400 000 000", handoff["contact"]!["phone"]!.GetValue<string>());
        Assert.Equal("zoe@example.com", handoff["contact"]!["email"]!.GetValue<string>());
        Assert.Equal($"https://bot.example.com/staff/handoffs/{Handoff.Id:D}", handoff["url"]!.GetValue<string>());
    }

    [Fact]
    public void TeamsWebhook_Untrusted_AdaptiveCardInEnvelopeWithoutContact()
    {
        var text = Encoding.UTF8.GetString(NotificationPayload.TeamsWebhook(Handoff, Message, new NotificationPayloadOptions(false)));
        var json = JsonNode.Parse(text)!;

        Assert.Equal("message", json["type"]!.GetValue<string>());
        var attachment = Assert.Single(json["attachments"]!.AsArray())!;
        Assert.Equal(NotificationPayload.AdaptiveCardContentType, attachment["contentType"]!.GetValue<string>());
        var card = attachment["content"]!;
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("Handoff escalated to EMERGENCY", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("given: open the handoff", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+61 400", text, StringComparison.Ordinal);
        Assert.DoesNotContain("back hurts", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TimePreferences.AsSoonAsPossible, "as soon as possible", "asap")]
    [InlineData(TimePreferences.NoPreference, "no preference given", "no-preference")]
    [InlineData(null, "not given", null)]
    public void NoPreferredTime_SaysWhatThePatientSaidAndNeverAsSoonAsPossibleByDefault(
        string? preference, string fact, string? json)
    {
        var handoff = Handoff with { PreferredTime = null, TimePreference = preference };

        var card = NotificationPayload.AdaptiveCard(handoff, "created", new NotificationPayloadOptions(false));
        var body = JsonNode.Parse(NotificationPayload.Json(handoff, Message, new NotificationPayloadOptions(false)))!["handoff"]!;

        var facts = card["body"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "FactSet")!["facts"]!.AsArray();
        Assert.Equal(fact, facts.Single(f => f!["title"]!.GetValue<string>() == "Preferred time")!["value"]!.GetValue<string>());
        Assert.Null(body["preferredTime"]);
        Assert.True(body.AsObject().ContainsKey("timePreference"));
        Assert.Equal(json, body["timePreference"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("created", "routine", "New routine handoff")]
    [InlineData("created", "none", "New booking request")]
    [InlineData("created", "emergency", "New EMERGENCY handoff")]
    [InlineData("contact-added", "urgent", "Contact details received (urgent handoff)")]
    public void Title_EventAndLevel_SaysWhatHappened(string storedEvent, string level, string expected)
    {
        Assert.Equal(expected, NotificationPayload.Title(Handoff with { Level = level }, storedEvent));
    }
}
