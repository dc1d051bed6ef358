using System.Net;
using System.Net.Http.Headers;
using BackPainBot.Handoffs;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.Staff;

/// <summary>Nobody reaches a staff page or endpoint without signing in with the right role; none of it answers 200.</summary>
public sealed class StaffAccessTests(StaffAccessTests.Fixture fixture) : IClassFixture<StaffAccessTests.Fixture>
{
    private const string Id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    /// <summary>One host for the class: these tests only read.</summary>
    public sealed class Fixture : IDisposable
    {
        private HttpClient? _viewer;

        public StaffConsoleFactory Factory { get; } = new();

        /// <summary>Signed in as an account whose role the console does not know (say, edited in the database).</summary>
        public async Task<HttpClient> ViewerAsync()
        {
            if (_viewer is null)
            {
                Factory.Client();
                var users = Factory.Services.GetRequiredService<IStaffUserStore>();
                var hasher = Factory.Services.GetRequiredService<IPasswordHasher<StaffUser>>();
                var viewer = new StaffUser(Guid.NewGuid(), "viewer", "viewer", "", "stamp", false, DateTimeOffset.UtcNow);
                await users.AddAsync(viewer with { PasswordHash = hasher.HashPassword(viewer, StaffConsoleFactory.Password) });
                _viewer = await Factory.SignedInAsync("viewer");
            }

            return _viewer;
        }

        public void Dispose() => Factory.Dispose();
    }

    public static TheoryData<string, string> ConsoleApi => new()
    {
        { "GET", "/staff/api/me" },
        { "GET", "/staff/api/events" },
        { "GET", "/staff/api/handoffs" },
        { "GET", $"/staff/api/handoffs/{Id}" },
        { "POST", $"/staff/api/handoffs/{Id}/status" },
        { "POST", $"/staff/api/handoffs/{Id}/notes" },
        { "POST", $"/staff/api/handoffs/{Id}/takeover" },
        { "POST", $"/staff/api/handoffs/{Id}/takeover/messages" },
        { "POST", $"/staff/api/handoffs/{Id}/takeover/end" },
        { "GET", $"/staff/api/handoffs/{Id}/views" },
        { "GET", "/staff/api/users" },
        { "GET", "/staff/api/no-such-thing" },
    };

    public static TheoryData<string> ConsolePages => new() { "/staff", "/staff/", "/staff/console.js", "/staff/console.html", "/staff/index.html", "/staff/anything" };

    public static TheoryData<string> AdminApi => new() { $"/staff/api/handoffs/{Id}/views", "/staff/api/users" };

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = method == "POST" ? StaffConsoleFactory.Post(path, new { from = "new", to = "claimed", text = "hi" }) : new HttpRequestMessage(HttpMethod.Get, path);
        return request;
    }

    [Theory]
    [MemberData(nameof(ConsoleApi))]
    public async Task ConsoleApi_NotSignedIn_Returns401(string method, string path)
    {
        var response = await fixture.Factory.Client().SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ConsoleApi))]
    public async Task ConsoleApi_StaffApiKeyInsteadOfSignIn_Returns401(string method, string path)
    {
        var request = Request(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.StaffKey);

        var response = await fixture.Factory.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ConsolePages))]
    public async Task ConsolePage_NotSignedIn_RedirectsToSignIn(string path)
    {
        var response = await fixture.Factory.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/signin", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(ConsolePages))]
    public async Task ConsolePage_StaffApiKeyInsteadOfSignIn_RedirectsToSignIn(string path)
    {
        var client = fixture.Factory.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.StaffKey);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AdminApi))]
    public async Task AdminApi_StaffRole_Returns403(string path)
    {
        var client = await fixture.Factory.SignedInAsync(StaffConsoleFactory.StaffName);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ConsoleApi))]
    public async Task ConsoleApi_AccountWithAnUnknownRole_Returns403(string method, string path)
    {
        var client = await fixture.ViewerAsync();

        var response = await client.SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ConsolePages))]
    public async Task ConsolePage_AccountWithAnUnknownRole_Returns403(string path)
    {
        var client = await fixture.ViewerAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AdminApi_AdminRole_ListsAccountsWithoutHashes()
    {
        var client = await fixture.Factory.SignedInAsync(StaffConsoleFactory.AdminName);

        var body = await client.GetStringAsync("/staff/api/users");

        Assert.Contains("\"dana\"", body);
        Assert.DoesNotContain("hash", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HandoffsApi_ConsoleCookieInsteadOfApiKey_Returns401()
    {
        var client = await fixture.Factory.SignedInAsync(StaffConsoleFactory.AdminName);

        var response = await client.GetAsync("/api/handoffs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/staff/signin")]
    [InlineData("/staff/signin.js")]
    [InlineData("/staff/staff.css")]
    public async Task SignInPage_NotSignedIn_IsServedWithAStrictPolicy(string path)
    {
        var response = await fixture.Factory.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task ConsolePage_SignedIn_IsServed()
    {
        var client = await fixture.Factory.SignedInAsync();

        var response = await client.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/staff/console.js", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownStaffPath_SignedIn_Returns404NotTheFile()
    {
        var client = await fixture.Factory.SignedInAsync();

        var response = await client.GetAsync("/staff/console.html");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
