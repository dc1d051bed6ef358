using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using BackPainBot.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace BackPainBot.Tests.Operations;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Messages_PastTheBurst_Returns429WithRetryAfterAndReason()
    {
        using var host = new OperationsFactory(new Dictionary<string, string?>
        {
            ["RateLimits:Messages:Burst"] = "3",
            ["RateLimits:Messages:PerMinute"] = "1",
        });
        var client = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsync("/api/messages", new StringContent("{}", Encoding.UTF8, "application/json"));
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(int.Parse(refused!.Headers.GetValues("Retry-After").Single()) >= 1);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
        Assert.Contains("Too many requests", error);
    }

    [Fact]
    public async Task DirectLine_PastTheBurst_Returns429InDirectLineErrorShape()
    {
        using var host = new OperationsFactory(new Dictionary<string, string?>
        {
            ["RateLimits:DirectLine:Burst"] = "2",
            ["RateLimits:DirectLine:PerMinute"] = "1",
        });
        var client = host.CreateClient();

        await client.PostAsync("/v3/directline/conversations", null);
        await client.PostAsync("/v3/directline/conversations", null);
        var response = await client.PostAsync("/v3/directline/conversations", null);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.Equal("TooManyRequests", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChatPage_PastTheBurst_Returns429()
    {
        using var host = new OperationsFactory(new Dictionary<string, string?>
        {
            ["RateLimits:Page:Burst"] = "2",
            ["RateLimits:Page:PerMinute"] = "1",
        });
        var client = host.CreateClient();

        await client.GetAsync("/");
        await client.GetAsync("/chat.js");
        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }

    [Fact]
    public async Task StaffSignIn_PastTheBurst_Returns429BeforeCheckingThePassword()
    {
        using var host = new OperationsFactory(new Dictionary<string, string?>
        {
            ["RateLimits:StaffSignIn:Burst"] = "1",
            ["RateLimits:StaffSignIn:PerMinute"] = "1",
        });
        var client = host.CreateClient();

        await client.PostAsync("/staff/api/signin", SignIn());
        var response = await client.PostAsync("/staff/api/signin", SignIn());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task OneKindExhausted_OtherKindsStillAnswer()
    {
        using var host = new OperationsFactory(new Dictionary<string, string?>
        {
            ["RateLimits:Messages:Burst"] = "1",
            ["RateLimits:Messages:PerMinute"] = "1",
        });
        var client = host.CreateClient();

        await client.PostAsync("/api/messages", new StringContent("{}", Encoding.UTF8, "application/json"));
        var messages = await client.PostAsync("/api/messages", new StringContent("{}", Encoding.UTF8, "application/json"));
        var health = await client.GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.TooManyRequests, messages.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task GlobalLimiter_CountsEachClientAddressSeparately()
    {
        var options = new RateLimiterOptions();
        var limits = new RateLimitOptions { Messages = new ClientLimit { PerMinute = 1, Burst = 1 } };
        ClientRateLimiting.Configure(options, limits);

        using var first = await options.GlobalLimiter!.AcquireAsync(Request("203.0.113.7", "/api/messages"));
        using var again = await options.GlobalLimiter.AcquireAsync(Request("203.0.113.7", "/api/messages"));
        using var other = await options.GlobalLimiter.AcquireAsync(Request("203.0.113.8", "/api/messages"));

        Assert.True(first.IsAcquired);
        Assert.False(again.IsAcquired);
        Assert.True(other.IsAcquired);
    }

    [Fact]
    public void GlobalLimiter_Disabled_IsNotSet()
    {
        var options = new RateLimiterOptions();

        ClientRateLimiting.Configure(options, new RateLimitOptions { Enabled = false });

        Assert.Null(options.GlobalLimiter);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:1111:2222:3333:4444", "2001:db8:1:2::/64")]
    [InlineData("::1", "::1")]
    public void ClientAddress_GroupsIpv6ByItsSlash64(string remote, string expected)
    {
        Assert.Equal(expected, ClientAddress.Of(Request(remote, "/")));
    }

    [Theory]
    [InlineData(1200, 20, 1000)]
    [InlineData(30, 1, 2000)]
    [InlineData(1, 1, 60000)]
    public void Bucket_RefillsPerMinuteEvenly(int perMinute, int tokensPerPeriod, int periodMilliseconds)
    {
        var bucket = ClientRateLimiting.Bucket(new ClientLimit { PerMinute = perMinute, Burst = 5 });

        Assert.Equal(tokensPerPeriod, bucket.TokensPerPeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(periodMilliseconds), bucket.ReplenishmentPeriod);
        Assert.Equal(5, bucket.TokenLimit);
    }

    [Fact]
    public void Start_ZeroLimit_StopsWithMessage()
    {
        using var host = new OperationsFactory(new Dictionary<string, string?> { ["RateLimits:Staff:PerMinute"] = "0" });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("RateLimits", error.ToString());
    }

    private static DefaultHttpContext Request(string address, string path)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        context.Request.Path = path;
        return context;
    }

    private static StringContent SignIn()
    {
        var content = new StringContent("{\"userName\":\"nobody\",\"password\":\"wrong-password-123\"}", Encoding.UTF8, "application/json");
        content.Headers.Add("X-Staff-Request", "1");
        return content;
    }
}
