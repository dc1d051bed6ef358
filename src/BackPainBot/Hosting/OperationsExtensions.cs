using System.Security.Cryptography;
using System.Text;
using BackPainBot.Bot;
using BackPainBot.Handoffs;
using BackPainBot.Triage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace BackPainBot.Hosting;

/// <summary>
/// Wiring for running in production: error answers (503 when the database is out), per-client rate limits and body size
/// limits, health endpoints, metrics, and the shutdown grace period. <c>AddOperations</c> goes last among the <c>AddX()</c>
/// calls (it wraps the triage engine and the handoff store to count them); <c>UseOperations</c> goes first in the
/// pipeline.
/// </summary>
public static class OperationsExtensions
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OperationsOptions>()
            .Bind(configuration.GetSection(OperationsOptions.SectionName))
            .Validate(
                o => o.ShutdownTimeout >= TimeSpan.FromSeconds(1) && o.ShutdownTimeout <= TimeSpan.FromMinutes(10),
                "Operations:ShutdownTimeout must be between 00:00:01 and 00:10:00.")
            .ValidateOnStart();
        services.AddOptions<HostOptions>()
            .Configure<IOptions<OperationsOptions>>((host, operations) => host.ShutdownTimeout = operations.Value.ShutdownTimeout);

        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .Validate(
                o => o.All().All(l => l.Limit.PerMinute >= 1 && l.Limit.Burst >= 1),
                "Every RateLimits:<kind>:PerMinute and RateLimits:<kind>:Burst must be at least 1.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((limiter, limits) => ClientRateLimiting.Configure(limiter, limits.Value));

        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.SectionName))
            .Validate(
                o => !o.Enabled || o.ApiKey.Length >= MetricsOptions.MinimumKeyLength,
                $"Metrics:ApiKey must be at least {MetricsOptions.MinimumKeyLength} characters when Metrics:Enabled is true.")
            .ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<BackPainBotMetrics>();
        Decorate<ITriageEngine>(services, (sp, inner) => new MeteredTriageEngine(inner, sp.GetRequiredService<BackPainBotMetrics>()));
        Decorate<IHandoffStore>(services, (sp, inner) => new MeteredHandoffStore(inner, sp.GetRequiredService<BackPainBotMetrics>()));
        if (configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() is { Enabled: true })
        {
            // Collected only when someone may scrape them: with no listener the instruments cost next to nothing.
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(BackPainBotMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        }

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    /// <summary>
    /// The middleware that must see every request, static files included: call it first. Then error answers, body size
    /// limits, rate limits, in that order; and the turn metrics on the bot adapter. The size limit comes before the rate
    /// limiter so that a refused request's body is read within its endpoint's limit, keeping the connection usable.
    /// </summary>
    public static WebApplication UseOperations(this WebApplication app)
    {
        app.UseMiddleware<ErrorResponseMiddleware>();
        app.UseMiddleware<RequestSizeMiddleware>();
        app.UseRateLimiter();
        ((IApplicationBuilder)app).Properties[ClientRateLimiting.MiddlewareMarker] = true;
        app.Services.GetRequiredService<ClinicBotAdapter>()
            .Use(new TurnMetricsMiddleware(app.Services.GetRequiredService<BackPainBotMetrics>()));
        return app;
    }

    /// <summary>Maps the health endpoints (see <see cref="OperationsEndpoints"/>) and, when enabled, <c>/metrics</c>.</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks(OperationsEndpoints.HealthPath);
        app.MapHealthChecks(OperationsEndpoints.HealthPath + "/ready");
        app.MapHealthChecks(OperationsEndpoints.HealthPath + "/live", new HealthCheckOptions { Predicate = _ => false });

        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (metrics.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(
                OperationsEndpoints.MetricsPath,
                meterProvider: null,
                configureBranchedPipeline: branch => branch.Use((context, next) => MetricsKey.Allows(context, metrics.ApiKey)
                    ? next(context)
                    : MetricsKey.RefuseAsync(context)),
                optionsName: null);
        }

        return app;
    }

    /// <summary>Replaces the last registration of <typeparamref name="T"/> with <paramref name="wrap"/> around it.</summary>
    private static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> wrap)
        where T : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(T) && !d.IsKeyedService)
            ?? throw new InvalidOperationException($"Call AddOperations after the call that registers {typeof(T).Name}.");
        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(
            typeof(T),
            sp => wrap(sp, (T)(registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!))),
            registered.Lifetime));
    }
}

/// <summary>The operations endpoints' paths.</summary>
public static class OperationsEndpoints
{
    /// <summary>
    /// Readiness, as it always was: 200 once the knowledge index is loaded and the database answers, else 503.
    /// <c>/healthz/ready</c> is the same; <c>/healthz/live</c> is 200 while the process serves requests, whatever its
    /// dependencies.
    /// </summary>
    public const string HealthPath = "/healthz";

    /// <summary>The Prometheus scrape endpoint, when <c>Metrics:Enabled</c>.</summary>
    public const string MetricsPath = "/metrics";
}

/// <summary>The bearer key check in front of <c>/metrics</c>.</summary>
internal static class MetricsKey
{
    private const string BearerPrefix = "Bearer ";

    public static bool Allows(HttpContext context, string expected)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (expected.Length == 0 || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first makes the comparison constant-time whatever the lengths.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header[BearerPrefix.Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    public static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ErrorResponses.WriteAsync(context, "Unauthorized", "A metrics key is required: Authorization: Bearer <Metrics:ApiKey>.", context.RequestAborted);
    }
}
