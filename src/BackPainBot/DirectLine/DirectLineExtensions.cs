using BackPainBot.Handoffs;
using BackPainBot.Hosting;
using Microsoft.Extensions.Options;

namespace BackPainBot.DirectLine;

/// <summary>Wiring for the self-hosted Direct Line: <c>AddDirectLine</c>, <c>UseDirectLine</c>, <c>MapDirectLine</c>.</summary>
public static class DirectLineExtensions
{
    private const string MiddlewareMarker = "BackPainBot.DirectLine.Middleware";

    /// <summary>WebSocket pings keep idle streams open through proxies and find dead clients.</summary>
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectLineOptions>()
            .Bind(configuration.GetSection(DirectLineOptions.SectionName))
            .Validate(
                o => o.TokenSecret.Length == 0 || o.TokenSecret.Length >= DirectLineOptions.MinimumSecretLength,
                $"DirectLine:TokenSecret must be at least {DirectLineOptions.MinimumSecretLength} characters (or empty to make one per process).")
            .Validate(
                o => o.TokenLifetime >= DirectLineOptions.MinimumTokenLifetime && o.TokenLifetime <= TimeSpan.FromHours(24),
                "DirectLine:TokenLifetime must be between 00:00:05 and 1.00:00:00.")
            .Validate(o => o.IdleTimeout >= TimeSpan.FromMinutes(1), "DirectLine:IdleTimeout must be at least 00:01:00.")
            .Validate(o => o.MaxConversations >= 1, "DirectLine:MaxConversations must be at least 1.")
            .Validate(o => o.MaxActivitiesPerConversation >= 10, "DirectLine:MaxActivitiesPerConversation must be at least 10.")
            .Validate(
                o => o.MaxActivityBytes is >= 1024 and <= DirectLineOptions.MaxActivityBytesLimit,
                $"DirectLine:MaxActivityBytes must be between 1024 and {DirectLineOptions.MaxActivityBytesLimit}.")
            .Validate(
                o => o.MaxConversationBytes >= 4 * o.MaxActivityBytes,
                "DirectLine:MaxConversationBytes must hold at least four of the largest activities (4 × MaxActivityBytes).")
            .Validate(o => o.TokensPerMinutePerClient >= 1, "DirectLine:TokensPerMinutePerClient must be at least 1.")
            .ValidateOnStart();

        services.AddSingleton<DirectLineTokens>();
        services.AddPostgresNotifications();
        services.AddSingleton<IDirectLineStore>(CreateStore);
        services.AddHostedService<IdleConversationSweeper>();
        services.AddSingleton(DirectLineBotIdentity.For(configuration["MicrosoftAppId"]));
        services.AddSingleton<DirectLineBot>();

        // Bot Framework makes its connector clients from the default HttpClient (ConfigurationBotFrameworkAuthentication
        // takes IHttpClientFactory from DI); the handler serves this Direct Line's serviceUrl and passes the rest on.
        services.AddTransient<BotConnectorHandler>();
        services.AddHttpClient(Options.DefaultName).AddHttpMessageHandler<BotConnectorHandler>();

        services.AddRateLimiter(limiter => limiter.AddPolicy<string, TokenRateLimitPolicy>(TokenRateLimitPolicy.Name));
        return services;
    }

    /// <summary>The store for <c>Storage:Provider</c>: the SQLite file beside the handoffs, or the shared PostgreSQL database.</summary>
    private static IDirectLineStore CreateStore(IServiceProvider services)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var options = services.GetRequiredService<IOptions<DirectLineOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        if (storage.UsesPostgres())
        {
            return new PostgresDirectLineStore(
                services.GetRequiredService<PostgresDatabase>(), services.GetRequiredService<PostgresNotifications>(), options, clock);
        }

        var dataDirectory = Path.GetFullPath(storage.DataDirectory, services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        return new SqliteDirectLineStore(SqliteDatabase.ForDataDirectory(dataDirectory), options, clock);
    }

    /// <summary>
    /// The middleware Direct Line needs: WebSockets for the stream, the rate limiter for <c>tokens/generate</c>.
    /// Call it once, after routing (WebApplication routes first by itself) and before <see cref="MapDirectLine"/>.
    /// </summary>
    public static IApplicationBuilder UseDirectLine(this IApplicationBuilder app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = KeepAliveInterval });
        if (!app.Properties.ContainsKey(Hosting.ClientRateLimiting.MiddlewareMarker))
        {
            app.UseRateLimiter();
        }

        app.Properties[MiddlewareMarker] = true;
        return app;
    }

    /// <summary>Maps <c>/v3/directline</c>; see <see cref="DirectLineEndpoints"/>.</summary>
    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        // Without the middleware the stream would fail only in a real browser and tokens would go unlimited.
        if (app is IApplicationBuilder builder && !builder.Properties.ContainsKey(MiddlewareMarker))
        {
            throw new InvalidOperationException("Call app.UseDirectLine() before app.MapDirectLine().");
        }

        // Made now, so a missing DirectLine:TokenSecret is reported at start-up rather than on the first patient.
        app.ServiceProvider.GetRequiredService<DirectLineTokens>();
        app.MapDirectLineEndpoints();
        return app;
    }
}
