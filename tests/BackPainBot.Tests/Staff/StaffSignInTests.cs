using System.Net;
using BackPainBot.Handoffs;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.Staff;

public sealed class StaffSignInTests : IDisposable
{
    private readonly StaffConsoleFactory _factory = new(new Dictionary<string, string>
    {
        ["Staff:MaxFailedSignInsPerUser"] = "3",
        ["Staff:MaxFailedSignInsPerAddress"] = "6",
    });

    public void Dispose() => _factory.Dispose();

    private Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password) =>
        client.SendAsync(StaffConsoleFactory.Post("/staff/api/signin", new { userName, password }));

    [Fact]
    public async Task SignIn_RightPassword_SetsAStrictHttpOnlyCookie()
    {
        var response = await SignInAsync(_factory.Client(), "DANA", StaffConsoleFactory.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/staff", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("dana", "wrong-password-here")]
    [InlineData("nobody", StaffConsoleFactory.Password)]
    public async Task SignIn_WrongNameOrPassword_Returns401WithTheSameMessage(string userName, string password)
    {
        var response = await SignInAsync(_factory.Client(), userName, password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Wrong name or password", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"userName\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"userName\":\"\",\"password\":\"\"}")]
    [InlineData("{\"userName\":42,\"password\":true}")]
    public async Task SignIn_MalformedBody_Returns400(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/staff/api/signin")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Staff-Request", "1");

        var response = await _factory.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutTheConsoleHeader_Returns403()
    {
        var request = StaffConsoleFactory.Post("/staff/api/signin", new { userName = "dana", password = StaffConsoleFactory.Password });
        request.Headers.Remove("X-Staff-Request");

        var response = await _factory.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Post_FromAnotherOrigin_Returns403()
    {
        var client = await _factory.SignedInAsync();
        var request = StaffConsoleFactory.Post($"/staff/api/handoffs/{Guid.NewGuid()}/notes", new { text = "hi" });
        request.Headers.Add("Origin", "https://evil.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Post_FromTheConsolesOwnOrigin_IsAccepted()
    {
        var request = StaffConsoleFactory.Post("/staff/api/signin", new { userName = "dana", password = StaffConsoleFactory.Password });
        request.Headers.Add("Origin", "https://localhost");

        var response = await _factory.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_TooManyFailuresForOneAccount_RefusesEvenTheRightPassword()
    {
        var client = _factory.Client();
        for (var i = 0; i < 3; i++)
        {
            await SignInAsync(client, "dana", "wrong-password-" + i);
        }

        var response = await SignInAsync(client, "dana", StaffConsoleFactory.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "alex", StaffConsoleFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task SignIn_TooManyFailuresFromOneAddress_RefusesEveryAccount()
    {
        var client = _factory.Client();
        for (var i = 0; i < 6; i++)
        {
            await SignInAsync(client, "guess-" + i, "wrong-password");
        }

        var response = await SignInAsync(client, "alex", StaffConsoleFactory.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }

    [Fact]
    public async Task SignedIn_AccountDisabled_SignInEnds()
    {
        var client = await _factory.SignedInAsync();
        await _factory.Services.GetRequiredService<IStaffUserStore>().SetDisabledAsync("dana", true, "new-stamp");

        var response = await client.GetAsync("/staff/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(_factory.Client(), "dana", StaffConsoleFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task SignedIn_PasswordChanged_SignInEnds()
    {
        var client = await _factory.SignedInAsync();
        var users = _factory.Services.GetRequiredService<IStaffUserStore>();
        var dana = await users.FindByNameAsync("dana");
        await users.SetPasswordAsync("dana", dana!.PasswordHash, "another-stamp");

        var response = await client.GetAsync("/staff/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignOut_SignedIn_EndsTheSession()
    {
        var client = await _factory.SignedInAsync();

        await client.SendAsync(StaffConsoleFactory.Post("/staff/api/signout"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/staff/api/me")).StatusCode);
    }
}
