using System.Net.Http.Json;
using BackPainBot.Handoffs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.Staff;

/// <summary>The real host with its own data folder, the staff API key, and two accounts: staff and admin.</summary>
public sealed class StaffConsoleFactory : WebApplicationFactory<Program>
{
    public const string StaffName = "dana";
    public const string AdminName = "alex";
    public const string Password = "correct-horse-battery";

    private readonly IReadOnlyDictionary<string, string> _settings;
    private bool _seeded;

    public StaffConsoleFactory(IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        DataDirectory = Path.Combine(Path.GetTempPath(), "backpainbot-staff-tests-" + Guid.NewGuid().ToString("N"));
    }

    public string DataDirectory { get; }

    /// <summary>A client that follows no redirects, so a redirect to sign in is seen as one.</summary>
    public HttpClient Client()
    {
        Seed();
        return CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    /// <summary>A client signed in as <paramref name="userName"/>.</summary>
    public async Task<HttpClient> SignedInAsync(string userName = StaffName)
    {
        var client = Client();
        var response = await client.SendAsync(Post("/staff/api/signin", new { userName, password = Password }));
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A console request: JSON with the console's header.</summary>
    public static HttpRequestMessage Post(string path, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.Add("X-Staff-Request", "1");
        return request;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(BotFactory.RepoRoot);
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Staff:ApiKey", BotFactory.StaffKey);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private void Seed()
    {
        if (_seeded)
        {
            return;
        }

        _seeded = true;
        var users = Services.GetRequiredService<IStaffUserStore>();
        var hasher = Services.GetRequiredService<IPasswordHasher<StaffUser>>();
        foreach (var (name, role) in new[] { (StaffName, StaffRoles.Staff), (AdminName, StaffRoles.Admin) })
        {
            var user = new StaffUser(Guid.NewGuid(), name, role, "", Guid.NewGuid().ToString("N"), false, DateTimeOffset.UtcNow);
            users.AddAsync(user with { PasswordHash = hasher.HashPassword(user, Password) }).GetAwaiter().GetResult();
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
