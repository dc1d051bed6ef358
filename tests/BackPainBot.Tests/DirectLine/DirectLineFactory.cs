using BackPainBot.DirectLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.DirectLine;

/// <summary>
/// The real host on a test server with Direct Line settings of the test's choosing and a <see cref="ManualClock"/>.
/// Until Program.cs wires Direct Line itself, this wires it the same way (see <see cref="WireWhenProgramDoesNot"/>).
/// </summary>
public sealed class DirectLineFactory : WebApplicationFactory<Program>
{
    public const string TokenSecret = "test-direct-line-secret-0123456789abcdef";

    private readonly IReadOnlyDictionary<string, string> _settings;

    public DirectLineFactory(IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        DataDirectory = Path.Combine(Path.GetTempPath(), "backpainbot-directline-tests-" + Guid.NewGuid().ToString("N"));
    }

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(BotFactory.RepoRoot);
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Staff:ApiKey", "");
        builder.UseSetting("DirectLine:TokenSecret", TokenSecret);
        // Tests share one client address; the rate-limit test sets its own limit.
        builder.UseSetting("DirectLine:TokensPerMinutePerClient", "10000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices((context, services) => WireWhenProgramDoesNot(services, context.Configuration));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>
    /// Adds Direct Line and its middleware and endpoints when Program.cs does not (yet) call AddDirectLine: they go in
    /// a branch of their own for /v3/directline and the page's files, ahead of the host's pipeline. Once Program.cs
    /// wires it, this does nothing and the tests run against the real wiring.
    /// </summary>
    private static void WireWhenProgramDoesNot(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(DirectLineTokens)))
        {
            return;
        }

        services.AddDirectLine(configuration);
        services.AddTransient<IStartupFilter, DirectLineStartupFilter>();
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

    private sealed class DirectLineStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseWebChatPage();
            app.MapWhen(
                http => http.Request.Path.StartsWithSegments(DirectLineEndpoints.BasePath),
                branch =>
                {
                    branch.UseRouting();
                    branch.UseDirectLine();
                    branch.UseEndpoints(endpoints => endpoints.MapDirectLine());
                });
            next(app);
        };
    }
}
