using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace BackPainBot.Tests;

public sealed class StaffApiTests
{
    [Fact]
    public async Task GetHandoffs_NoAuthorizationHeader_Returns401()
    {
        using var factory = new BotFactory();
        var client = factory.CreateClient();

        var response = await client.GetAsync("/api/handoffs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer wrong-key-wrong-key-wrong")]
    [InlineData("Basic " + BotFactory.StaffKey)]
    [InlineData("Bearer ")]
    public async Task GetHandoffs_WrongCredentials_Returns401(string authorization)
    {
        using var factory = new BotFactory();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.GetAsync("/api/handoffs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetHandoffs_NoKeyConfigured_Returns404EvenWithAHeader()
    {
        using var factory = new BotFactory(staffKey: null);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything-at-all-here");

        var response = await client.GetAsync("/api/handoffs");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CompletedBooking_ShowsUpInStaffApiWithPhoneAndResolvedTime()
    {
        using var factory = new BotFactory();
        var client = factory.CreateClient();
        var conversation = "conv-" + Guid.NewGuid().ToString("N");
        foreach (var text in new[] { "I'd like to book an appointment", "Jane Smith", "801-555-0142", "next Tuesday at 3pm" })
        {
            await client.SayAsync(conversation, text);
        }

        var confirmed = await client.SayAsync(conversation, "yes");
        Assert.Contains("We've got it", confirmed.Texts());

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.StaffKey);
        var list = JsonNode.Parse(await client.GetStringAsync("/api/handoffs"))!.AsArray();
        var handoff = Assert.Single(list)!;
        Assert.Equal(conversation, handoff["conversationId"]!.GetValue<string>());
        Assert.EndsWith("8015550142", handoff["contact"]!["phone"]!.GetValue<string>());
        var preferred = DateTimeOffset.Parse(handoff["preferredTime"]!.GetValue<string>());
        Assert.Equal(DayOfWeek.Tuesday, preferred.DayOfWeek);
        Assert.Equal(15, preferred.Hour);
        Assert.True(preferred > DateTimeOffset.UtcNow);
        Assert.Equal("webchat", handoff["channel"]!.GetValue<string>());
        Assert.Equal("new", handoff["status"]!.GetValue<string>());
        Assert.NotEmpty(handoff["transcript"]!.AsArray());

        var one = JsonNode.Parse(await client.GetStringAsync($"/api/handoffs/{handoff["id"]}"))!;
        Assert.Equal(handoff["id"]!.GetValue<string>(), one["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetHandoff_UnknownId_Returns404()
    {
        using var factory = new BotFactory();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.StaffKey);

        var response = await client.GetAsync($"/api/handoffs/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
