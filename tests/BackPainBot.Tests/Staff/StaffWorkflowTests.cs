using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using BackPainBot.Handoffs;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.Staff;

public sealed class StaffWorkflowTests : IDisposable
{
    private readonly StaffConsoleFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    /// <summary>A patient reports an emergency on a channel; returns the handoff's id.</summary>
    private async Task<string> EscalateAsync(string text = "I suddenly can't control my bladder and my back hurts")
    {
        var bot = _factory.Client();
        await bot.SayAsync("conv-" + Guid.NewGuid().ToString("N"), text);
        var console = await _factory.SignedInAsync();
        var queue = JsonNode.Parse(await console.GetStringAsync("/staff/api/handoffs"))!.AsArray();
        return queue[0]!["id"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string id, string from, string to) =>
        client.SendAsync(StaffConsoleFactory.Post($"/staff/api/handoffs/{id}/status", new { from, to }));

    [Fact]
    public async Task Queue_Handoffs_EmergenciesFirstWithoutTranscripts()
    {
        await EscalateAsync("I've had a fever and chills with this back pain");
        var emergency = await EscalateAsync();
        var client = await _factory.SignedInAsync();

        var queue = JsonNode.Parse(await client.GetStringAsync("/staff/api/handoffs"))!.AsArray();

        Assert.Equal(2, queue.Count);
        Assert.Equal(emergency, queue[0]!["id"]!.GetValue<string>());
        Assert.Equal(["emergency", "urgent"], queue.Select(h => h!["level"]!.GetValue<string>()));
        Assert.Null(queue[0]!["transcript"]);
        Assert.True(queue[0]!["canTakeOver"]!.GetValue<bool>());
        Assert.Null(queue[0]!["notificationStatus"]?.GetValue<string>());
    }

    [Fact]
    public async Task Detail_SignedIn_ShowsTranscriptAndRecordsTheView()
    {
        var id = await EscalateAsync();
        var staff = await _factory.SignedInAsync();
        var admin = await _factory.SignedInAsync(StaffConsoleFactory.AdminName);

        var detail = JsonNode.Parse(await staff.GetStringAsync($"/staff/api/handoffs/{id}"))!;

        Assert.Contains(detail["transcript"]!.AsArray(), t => t!["from"]!.GetValue<string>() == "patient");
        Assert.Equal(["claimed", "closed"], detail["next"]!.AsArray().Select(n => n!.GetValue<string>()));
        var views = JsonNode.Parse(await admin.GetStringAsync($"/staff/api/handoffs/{id}/views"))!.AsArray();
        var view = Assert.Single(views)!;
        Assert.Equal(("dana", "console"), (view["viewer"]!.GetValue<string>(), view["via"]!.GetValue<string>()));
    }

    [Fact]
    public async Task StaffApi_BearerKeyReadsHandoffs_RecordsEachViewAsTheApiKey()
    {
        var id = await EscalateAsync();
        var api = _factory.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.StaffKey);
        var admin = await _factory.SignedInAsync(StaffConsoleFactory.AdminName);

        (await api.GetAsync("/api/handoffs")).EnsureSuccessStatusCode();
        (await api.GetAsync($"/api/handoffs/{id}")).EnsureSuccessStatusCode();

        var views = JsonNode.Parse(await admin.GetStringAsync($"/staff/api/handoffs/{id}/views"))!.AsArray();
        Assert.Equal(2, views.Count);
        Assert.All(views, v => Assert.Equal("api", v!["via"]!.GetValue<string>()));
        Assert.DoesNotContain("conversationReference", await api.GetStringAsync($"/api/handoffs/{id}"));
    }

    [Fact]
    public async Task Status_WholeWorkflow_EachStepIsAudited()
    {
        var id = await EscalateAsync();
        var client = await _factory.SignedInAsync();
        string[] path = ["new", "claimed", "contacted", "booked", "closed"];

        for (var i = 1; i < path.Length; i++)
        {
            var response = await ChangeAsync(client, id, path[i - 1], path[i]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var detail = JsonNode.Parse(await client.GetStringAsync($"/staff/api/handoffs/{id}"))!;
        var events = detail["events"]!.AsArray();
        Assert.Equal(path[1..], events.Select(e => e!["toStatus"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("dana", e!["actor"]!.GetValue<string>()));
        Assert.Empty(JsonNode.Parse(await client.GetStringAsync("/staff/api/handoffs"))!.AsArray());
    }

    [Fact]
    public async Task Status_StaleFrom_Returns409WithTheCurrentHandoff()
    {
        var id = await EscalateAsync();
        var dana = await _factory.SignedInAsync();
        var alex = await _factory.SignedInAsync(StaffConsoleFactory.AdminName);
        await ChangeAsync(dana, id, "new", "claimed");

        var response = await ChangeAsync(alex, id, "new", "claimed");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("dana", body["handoff"]!["claimedBy"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("new", "booked")]
    [InlineData("new", "contacted")]
    public async Task Status_NotInTheWorkflow_Returns409(string from, string to)
    {
        var id = await EscalateAsync();
        var client = await _factory.SignedInAsync();

        var response = await ChangeAsync(client, id, from, to);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Status_ClaimedBySomeoneElse_Returns409()
    {
        var id = await EscalateAsync();
        var dana = await _factory.SignedInAsync();
        await ChangeAsync(dana, id, "new", "claimed");
        // alex is an admin and may override; another staff account may not.
        var users = _factory.Services.GetRequiredService<IStaffUserStore>();
        var hasher = _factory.Services.GetRequiredService<IPasswordHasher<StaffUser>>();
        var sam = new StaffUser(Guid.NewGuid(), "sam", StaffRoles.Staff, "", "stamp", false, DateTimeOffset.UtcNow);
        await users.AddAsync(sam with { PasswordHash = hasher.HashPassword(sam, StaffConsoleFactory.Password) });
        var samClient = await _factory.SignedInAsync("sam");

        var response = await ChangeAsync(samClient, id, "claimed", "contacted");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("dana has claimed it", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"from\":\"new\"}")]
    [InlineData("{\"from\":\"new\",\"to\":\"done\"}")]
    [InlineData("{\"from\":")]
    [InlineData("\"claimed\"")]
    public async Task Status_MalformedRequest_Returns400(string body)
    {
        var id = await EscalateAsync();
        var client = await _factory.SignedInAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/staff/api/handoffs/{id}/status")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Staff-Request", "1");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Status_UnknownHandoff_Returns404()
    {
        var client = await _factory.SignedInAsync();

        var response = await ChangeAsync(client, Guid.NewGuid().ToString(), "new", "claimed");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Notes_Added_AppearWithTheirAuthorAndInTheAuditTrail()
    {
        var id = await EscalateAsync();
        var client = await _factory.SignedInAsync();

        var response = await client.SendAsync(StaffConsoleFactory.Post($"/staff/api/handoffs/{id}/notes", new { text = "Left a voicemail" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var detail = JsonNode.Parse(await client.GetStringAsync($"/staff/api/handoffs/{id}"))!;
        var note = Assert.Single(detail["notes"]!.AsArray())!;
        Assert.Equal(("dana", "Left a voicemail"), (note["author"]!.GetValue<string>(), note["text"]!.GetValue<string>()));
        Assert.Equal("note", Assert.Single(detail["events"]!.AsArray())!["kind"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Notes_Empty_Returns400(string text)
    {
        var id = await EscalateAsync();
        var client = await _factory.SignedInAsync();

        var response = await client.SendAsync(StaffConsoleFactory.Post($"/staff/api/handoffs/{id}/notes", new { text }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Notes_TooLong_Returns400()
    {
        var id = await EscalateAsync();
        var client = await _factory.SignedInAsync();

        var response = await client.SendAsync(StaffConsoleFactory.Post($"/staff/api/handoffs/{id}/notes", new { text = new string('x', 2001) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Takeover_NotClaimed_Returns409()
    {
        var id = await EscalateAsync();
        var client = await _factory.SignedInAsync();

        var response = await client.SendAsync(StaffConsoleFactory.Post($"/staff/api/handoffs/{id}/takeover"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Takeover_PatientsChannelUnreachable_Returns502AndLeavesTheBotInCharge()
    {
        // The test activities name an address nothing listens on as their channel.
        var id = await EscalateAsync();
        var client = await _factory.SignedInAsync();
        await ChangeAsync(client, id, "new", "claimed");

        var response = await client.SendAsync(StaffConsoleFactory.Post($"/staff/api/handoffs/{id}/takeover"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var detail = JsonNode.Parse(await client.GetStringAsync($"/staff/api/handoffs/{id}"))!;
        Assert.Null(detail["takeover"]);
        Assert.Null(detail["handoff"]!["takeoverBy"]);
    }

    [Fact]
    public async Task TakeoverMessage_NotInTheChat_Returns409()
    {
        var id = await EscalateAsync();
        var client = await _factory.SignedInAsync();

        var response = await client.SendAsync(StaffConsoleFactory.Post($"/staff/api/handoffs/{id}/takeover/messages", new { text = "hello" }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Events_HandoffRecorded_IsPushedWithoutPatientText()
    {
        var client = await _factory.SignedInAsync();
        using var stream = await client.GetAsync("/staff/api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal("event: ready", await NextEventLineAsync(reader, timeout.Token));

        await _factory.Client().SayAsync("conv-sse", "I suddenly can't control my bladder and my back hurts");

        Assert.Equal("event: handoff", await NextEventLineAsync(reader, timeout.Token));
        var data = await reader.ReadLineAsync(timeout.Token);
        Assert.StartsWith("data: {\"id\":", data);
        Assert.DoesNotContain("bladder", data);
    }

    private static async Task<string?> NextEventLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                return line;
            }
        }

        return null;
    }
}
