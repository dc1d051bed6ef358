using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using BackPainBot.Handoffs.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackPainBot.Tests.Notifications;

public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task Worker_ReceiverFailsFirstTwoAttempts_EachHandoffDeliveredExactlyOncePerKey()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailFirst = 2;
        using var data = new TempFolder();
        using var host = new NotificationsFactory(data.Path, receiver.Url);
        var handoffs = new[] { "routine", "urgent", "emergency" }.Select(level => NotificationTestData.Handoff(level)).ToList();

        foreach (var handoff in handoffs)
        {
            await host.Store.SaveAsync(handoff);
        }

        await receiver.WaitUntilAsync(r => r.AcceptedBodies.Count == 3);
        await Eventually.ValueAsync(
            () => host.Notifications.GetStatusesAsync([.. handoffs.Select(h => h.Id)]),
            s => s.Count == 3 && s.Values.All(v => v.Status == NotificationDeliveryStatus.Delivered));

        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
        foreach (var handoff in handoffs)
        {
            var requests = receiver.Requests.Where(r => r.HandoffId == handoff.Id.ToString("D")).ToList();
            var key = Assert.Single(requests.Select(r => r.Key).Distinct());
            Assert.Equal($"{handoff.Id:D}:created:crm", key);
            Assert.Equal(1, receiver.AcceptedCount(key));
            Assert.Equal([1, 2, 3], requests.Select(r => r.Attempt));
            Assert.Equal(["failed", "failed", "accepted"], requests.Select(r => r.Outcome));
        }

        var status = (await host.Notifications.GetStatusAsync(handoffs[0].Id))!;
        Assert.Equal(3, status.Attempts);
        Assert.Null(status.LastError);
    }

    [Fact]
    public async Task HostRestart_WhileOneDeliveryIsInFlightAndOneIsWaitingToRetry_EachDeliveredExactlyOncePerKey()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var data = new TempFolder();
        var inFlight = NotificationTestData.Handoff("emergency");
        var waiting = NotificationTestData.Handoff("routine");
        var plain = NotificationTestData.Handoff("urgent");
        var receiverDown = true;
        receiver.FailFirst = 1;
        receiver.HoldAcceptedFor = inFlight.Id.ToString("D");
        receiver.FailWhile = id => id == waiting.Id.ToString("D") && Volatile.Read(ref receiverDown);

        var first = new NotificationsFactory(data.Path, receiver.Url);
        foreach (var handoff in new[] { inFlight, waiting, plain })
        {
            await first.Store.SaveAsync(handoff);
        }

        // The in-flight one reached the receiver, which processed it but never answered; the waiting one has failed at
        // least twice and has its next attempt stored.
        await receiver.WaitUntilAsync(r =>
            r.Requests.Any(q => q.HandoffId == inFlight.Id.ToString("D") && q.Outcome == "accepted")
            && r.Requests.Count(q => q.HandoffId == waiting.Id.ToString("D")) >= 2);
        await first.DisposeAsync();
        var attemptsBeforeRestart = receiver.Requests.Count(q => q.HandoffId == waiting.Id.ToString("D"));

        Volatile.Write(ref receiverDown, false);
        await using var second = new NotificationsFactory(data.Path, receiver.Url);
        _ = second.Services;
        await receiver.WaitUntilAsync(r => r.AcceptedBodies.Count == 3
            && r.Requests.Any(q => q.HandoffId == inFlight.Id.ToString("D") && q.Outcome == "duplicate"));
        await Eventually.ValueAsync(
            () => second.Notifications.GetStatusesAsync([inFlight.Id, waiting.Id, plain.Id]),
            s => s.Count == 3 && s.Values.All(v => v.Status == NotificationDeliveryStatus.Delivered));

        foreach (var handoff in new[] { inFlight, waiting, plain })
        {
            var requests = receiver.Requests.Where(q => q.HandoffId == handoff.Id.ToString("D")).ToList();
            var key = Assert.Single(requests.Select(q => q.Key).Distinct());
            Assert.Equal(1, receiver.AcceptedCount(key));
        }

        // The retry state survived the restart: attempts went on counting where the first host stopped (an attempt cut
        // short by the shutdown is not counted, so the first number after the restart may repeat the last one).
        var attempts = receiver.Requests.Where(q => q.HandoffId == waiting.Id.ToString("D")).Select(q => q.Attempt).ToList();
        var lastBefore = attempts[attemptsBeforeRestart - 1];
        Assert.True(attempts.Count > attemptsBeforeRestart);
        Assert.InRange(attempts[attemptsBeforeRestart], lastBefore, lastBefore + 1);
        Assert.Equal(attempts.Order(), attempts);
    }

    [Fact]
    public async Task EmergencyConversation_WebhookGetsLevelAndCodesButNoPatientWordsInBodyOrLogs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var data = new TempFolder();
        using var host = new NotificationsFactory(data.Path, receiver.Url);
        var client = host.CreateClient();
        const string PatientWords = "I can't feel my legs and I've lost control of my bowels";

        var replies = await client.SayAsync("conv-" + Guid.NewGuid().ToString("N"), PatientWords);

        Assert.Contains("911", replies.Texts());
        await receiver.WaitUntilAsync(r => r.AcceptedBodies.Count == 1);
        var body = JsonNode.Parse(receiver.AcceptedBodies.Values.Single())!;
        Assert.Equal("created", body["event"]!.GetValue<string>());
        Assert.Equal("emergency", body["handoff"]!["level"]!.GetValue<string>());
        Assert.NotEmpty(body["handoff"]!["flags"]!.AsArray());
        Assert.Null(body["handoff"]!["contact"]);
        Assert.DoesNotContain("bowels", receiver.AcceptedBodies.Values.Single(), StringComparison.OrdinalIgnoreCase);
        await Eventually.TrueAsync(() => host.Logs.Any(l => l.Contains("delivered to crm", StringComparison.Ordinal)));
        Assert.DoesNotContain(host.Logs, l => l.Contains("bowels", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(host.Logs, l => l.Contains(receiver.Url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaffApi_EveryAttemptFails_ShowsNotificationFailedWithoutSecretOrUrl()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWhile = _ => true;
        using var data = new TempFolder();
        using var host = new NotificationsFactory(data.Path, receiver.Url, new Dictionary<string, string?>
        {
            ["Notifications:MaxAttempts"] = "3",
        });
        var handoff = NotificationTestData.Handoff("urgent");
        await host.Store.SaveAsync(handoff);

        await Eventually.ValueAsync(() => host.Notifications.GetStatusAsync(handoff.Id), s => s?.HasFailed == true);

        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.StaffKey);
        var text = await client.GetStringAsync($"/api/handoffs/{handoff.Id}");
        var notification = JsonNode.Parse(text)!["notification"]!;
        Assert.Equal("failed", notification["status"]!.GetValue<string>());
        Assert.True(notification["hasFailed"]!.GetValue<bool>());
        Assert.Equal(3, notification["attempts"]!.GetValue<int>());
        Assert.Equal("crm: HTTP 503", notification["lastError"]!.GetValue<string>());
        Assert.Equal(503, notification["deliveries"]![0]!["lastStatusCode"]!.GetValue<int>());
        Assert.Equal(3, receiver.Requests.Count);
        Assert.DoesNotContain(WebhookReceiver.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(receiver.Url, text, StringComparison.Ordinal);

        var list = JsonNode.Parse(await client.GetStringAsync("/api/handoffs"))!.AsArray();
        Assert.Equal("failed", list.Single()!["notification"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task StaffApi_NoDestinationConfigured_NotificationIsNull()
    {
        using var host = new BotFactory();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.StaffKey);
        var handoff = NotificationTestData.Handoff("routine");
        await host.Services.GetRequiredService<BackPainBot.Handoffs.IHandoffStore>().SaveAsync(handoff);

        var json = JsonNode.Parse(await client.GetStringAsync($"/api/handoffs/{handoff.Id}"))!.AsObject();

        Assert.True(json.ContainsKey("notification"));
        Assert.Null(json["notification"]);
    }

    [Fact]
    public async Task Start_WebhookOverPlainHttpToAnotherHost_FailsNamingTheSetting()
    {
        using var data = new TempFolder();
        using var host = new NotificationsFactory(data.Path, "http://crm.example.com/hook");

        var error = Assert.Throws<OptionsValidationException>(() => host.Services);

        Assert.Contains("Notifications:Webhooks:0:Url", error.Message, StringComparison.Ordinal);
    }
}
