using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BackPainBot.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.Operations;

public sealed class MetricsTests
{
    private static readonly Dictionary<string, string?> MetricsOn = new()
    {
        ["Metrics:Enabled"] = "true",
        ["Metrics:ApiKey"] = OperationsFactory.MetricsKey,
    };

    [Fact]
    public async Task Turn_CountsTheTurnItsLatencyAndItsTriageLevel()
    {
        using var host = new OperationsFactory();
        var client = host.CreateClient();
        using var recorder = new MeterRecorder(host.Services.GetRequiredService<IMeterFactory>());

        await client.SayAsync("conv-" + Guid.NewGuid(), "I have tingling and numbness in my leg");

        Assert.Equal(1, recorder.Sum("backpainbot.turns", ("channel", "webchat"), ("activity_type", "message"), ("outcome", "ok")));
        Assert.Equal(1, recorder.Count("backpainbot.turn.duration"));
        Assert.Equal(1, recorder.Sum("backpainbot.triage.assessments", ("level", "routine")));
        Assert.True(recorder.Sum("backpainbot.triage.red_flags") >= 1);
    }

    [Fact]
    public async Task Turn_UnknownChannelAndActivityType_CountedAsOther()
    {
        using var host = new OperationsFactory();
        var client = host.CreateClient();
        using var recorder = new MeterRecorder(host.Services.GetRequiredService<IMeterFactory>());
        var activity = Activities.Message("conv-" + Guid.NewGuid(), "hi");
        activity["channelId"] = "my-made-up-channel";
        activity["type"] = "madeUpType";

        var response = await client.PostAsJsonAsync("/api/messages", activity);

        response.EnsureSuccessStatusCode();
        Assert.Equal(1, recorder.Sum("backpainbot.turns", ("channel", "other"), ("activity_type", "other")));
    }

    [Fact]
    public async Task EmergencyRedFlag_CountsTheHandoffByLevelAndReason()
    {
        using var host = new OperationsFactory();
        var client = host.CreateClient();
        using var recorder = new MeterRecorder(host.Services.GetRequiredService<IMeterFactory>());

        await client.SayAsync("conv-" + Guid.NewGuid(), "I suddenly can't control my bladder and my groin is numb");

        Assert.Equal(1, recorder.Sum("backpainbot.handoffs.recorded", ("level", "emergency"), ("reason", "red-flag"), ("change", "created")));
        Assert.Equal(1, recorder.Sum("backpainbot.triage.assessments", ("level", "emergency")));
    }

    [Fact]
    public async Task NotificationAttemptFails_CountsTheFailure()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailFirst = 1;
        using var data = new TempFolder();
        using var host = new NotificationsFactory(data.Path, receiver.Url);
        using var recorder = new MeterRecorder(host.Services.GetRequiredService<IMeterFactory>());

        await host.Store.SaveAsync(NotificationTestData.Handoff("urgent"));
        await receiver.WaitUntilAsync(r => r.AcceptedBodies.Count == 1);

        Assert.Equal(1, recorder.Sum("backpainbot.notifications.failures", ("destination", "crm"), ("final", "False")));
    }

    [Fact]
    public async Task MetricsEndpoint_Off_Returns404()
    {
        using var host = new OperationsFactory();

        var response = await host.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789abcdef0123")]
    public async Task MetricsEndpoint_WithoutTheKey_Returns401(string? key)
    {
        using var host = new OperationsFactory(MetricsOn);
        var client = host.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("backpainbot", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MetricsEndpoint_WithTheKey_ServesTheBotsMetricsForPrometheus()
    {
        using var host = new OperationsFactory(MetricsOn);
        var client = host.CreateClient();
        await client.SayAsync("conv-" + Guid.NewGuid(), "How often should I replace my walking shoes?");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperationsFactory.MetricsKey);

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("backpainbot_turns_total{", text);
        Assert.Contains("backpainbot_turn_duration_seconds_bucket{", text);
        Assert.Contains("backpainbot_triage_assessments_total{", text);
        Assert.DoesNotContain("walking shoes", text);
    }

    [Fact]
    public void Start_MetricsOnWithoutKey_StopsWithMessage()
    {
        using var host = new OperationsFactory(new Dictionary<string, string?> { ["Metrics:Enabled"] = "true" });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("Metrics:ApiKey", error.ToString());
    }
}
