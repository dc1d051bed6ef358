using System.Net;

namespace BackPainBot.Tests.DirectLine;

public sealed class WebChatPageTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    private readonly HttpClient _http = fixture.Factory.CreateClient();

    [Fact]
    public async Task GetRoot_ServesTheChatPageWithTheNoticeAndTheBundle()
    {
        var response = await _http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("This is an automated assistant, not a clinician. In an emergency, call 911.", html);
        Assert.Contains("<script src=\"/lib/webchat.js\"", html);
        Assert.Contains("Pain and Injury Clinic of Utah", html);
    }

    [Fact]
    public async Task GetRoot_HasAPolicyThatKeepsThePageOnItsOwnOrigin()
    {
        var response = await _http.GetAsync("/");

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("connect-src 'self' ws://localhost wss://localhost", policy);
    }

    [Fact]
    public async Task GetEmbedScript_ReturnsJavaScript()
    {
        var response = await _http.GetAsync("/embed.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("iframe", await response.Content.ReadAsStringAsync());
    }
}
