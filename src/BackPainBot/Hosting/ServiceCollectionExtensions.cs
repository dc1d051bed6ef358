using BackPainBot.Bot;
using BackPainBot.Conversation;
using BackPainBot.Conversation.Booking;
using BackPainBot.Conversation.Screening;
using BackPainBot.Conversation.State;
using BackPainBot.Handoffs;
using BackPainBot.Knowledge;
using BackPainBot.Staff;
using BackPainBot.Triage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BackPainBot.Hosting;

/// <summary>One <c>AddX()</c> per area, so Program.cs reads like a table of contents.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddClinic(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClinicOptions>()
            .Bind(configuration.GetSection(ClinicOptions.SectionName))
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Clinic:TimeZone is not a known IANA time zone (e.g. America/Denver).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Phone), "Clinic:Phone is required: patients are told to call it when something fails.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Name), "Clinic:Name is required.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ClinicOptions>>().Value);
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IServiceCollection AddKnowledge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KnowledgeOptions>()
            .Bind(configuration.GetSection(KnowledgeOptions.SectionName))
            .Validate(o => o.MinScore is >= 0 and <= 1, "Knowledge:MinScore must be between 0 and 1.")
            .Validate(o => o.ClarifyMargin is >= 0 and <= 1, "Knowledge:ClarifyMargin must be between 0 and 1.")
            .ValidateOnStart();
        services.AddSingleton<IKnowledgeSearch>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
            var path = ResolvePath(sp, options.Path);
            if (!Directory.Exists(path))
            {
                throw new InvalidOperationException($"Knowledge folder not found: '{path}' (Knowledge:Path).");
            }

            // Edits to the clinic's articles and synonyms take effect without a restart; a bad edit is logged and the
            // index already loaded keeps answering.
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("BackPainBot.Knowledge");
            return new ReloadingKnowledgeSearch(path, options, (message, error) =>
            {
                if (error is null)
                {
                    logger.LogInformation("{KnowledgeEvent}", message);
                }
                else
                {
                    logger.LogError("{KnowledgeEvent} ({ErrorType}: {ErrorMessage})", message, error.GetType().Name, error.Message);
                }
            });
        });
        services.AddHealthChecks().AddCheck<KnowledgeHealthCheck>("knowledge");
        return services;
    }

    public static IServiceCollection AddTriage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TriageOptions>()
            .Bind(configuration.GetSection(TriageOptions.SectionName))
            .Validate(
                o => o.SecondOpinion.HasValidThresholds,
                "Triage:SecondOpinion thresholds must be probabilities above 0 (EmergencyThreshold at most 1; above 1 switches urgent or routine off).")
            .ValidateOnStart();
        services.AddSingleton<ITriageEngine>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TriageOptions>>().Value;
            var rulesPath = ResolvePath(sp, options.RulesPath);
            if (!options.SecondOpinion.Enabled)
            {
                return TriageEngine.Load(rulesPath);
            }

            // Trained here, at start-up: an invalid examples file stops the process naming the file and line.
            var engine = TriageEngine.Load(rulesPath, ResolvePath(sp, options.SecondOpinion.ExamplesPath), options.SecondOpinion);
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("BackPainBot.Triage").LogInformation(
                "Triage second opinion trained on {Examples} examples in {TrainingMs} ms",
                engine.SecondOpinion!.ExampleCount,
                (long)engine.SecondOpinion.TrainingTime.TotalMilliseconds);
            return engine;
        });
        services.AddSingleton<IEntityExtractor>(sp =>
            new EntityExtractor(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ClinicOptions>()));
        return services;
    }

    /// <summary>
    /// Key of the provider's own <see cref="IHandoffStore"/>, before any decorator: the notification outbox is opened
    /// beside it (<see cref="Handoffs.Notifications.NotificationOutboxFactory"/>), sharing its database and its commits.
    /// </summary>
    public const string ProviderHandoffStoreKey = "storage-provider";

    /// <summary>
    /// Adds the <c>Storage</c> settings and the handoff store of the configured provider. With <c>postgres</c>, one
    /// <see cref="PostgresDatabase"/> singleton (a pooled data source) serves every PostgreSQL store of the process;
    /// resolve it for other components' tables too. Which provider is decided when a service is first resolved, not
    /// here, so settings a test host adds after registration still count.
    /// </summary>
    public static IServiceCollection AddHandoffs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(
                o => HandoffStoreFactory.IsKnownProvider(o.Provider),
                $"Storage:Provider is not known. Valid values: {string.Join(", ", HandoffStoreFactory.Providers)}.")
            .Validate(
                o => !IsPostgres(o) || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:ConnectionString is required when Storage:Provider is 'postgres'.")
            .Validate(
                o => o.ConversationIdleHours is > 0 and <= 24 * 90,
                "Storage:ConversationIdleHours must be more than 0 and at most 2160 (90 days).")
            .ValidateOnStart();

        // Opened on first use; an unreachable database stops start-up with its host and name (never the password).
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return IsPostgres(options)
                ? PostgresDatabase.Open(options.ConnectionString)
                : throw new InvalidOperationException(
                    $"{nameof(PostgresDatabase)} exists only when Storage:Provider is 'postgres' (it is '{options.Provider}').");
        });
        services.AddKeyedSingleton<IHandoffStore>(ProviderHandoffStoreKey, (sp, _) => HandoffStoreFactory.Create(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath,
            sp.GetRequiredService<PostgresDatabase>));
        services.AddSingleton<IHandoffStore>(sp => sp.GetRequiredKeyedService<IHandoffStore>(ProviderHandoffStoreKey));
        return services;
    }

    private static bool IsPostgres(StorageOptions options) =>
        string.Equals(options.Provider?.Trim(), HandoffStoreFactory.Postgres, StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddBackPainBot(this IServiceCollection services)
    {
        // The configured authentication decides everything; the decorator only keeps the clients it makes for turns.
        services.AddSingleton<ConfigurationBotFrameworkAuthentication>();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ReusingBotFrameworkAuthentication(
            sp.GetRequiredService<ConfigurationBotFrameworkAuthentication>(), sp.GetRequiredService<TimeProvider>()));

        // An explicit factory: letting DI choose among CloudAdapter's constructors fails as ambiguous.
        services.AddSingleton(sp => new ClinicBotAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(),
            sp.GetRequiredService<ConversationState>(),
            sp.GetRequiredService<ConversationTurnLock>(),
            sp.GetRequiredService<Responses>(),
            sp.GetRequiredService<ILogger<ClinicBotAdapter>>()));

        services.AddBotState();
        services.AddSingleton<Responses>();
        services.AddSingleton<HandoffRecorder>();
        services.AddSingleton<BookingDialog>();
        services.AddSingleton<ScreeningDialog>();
        services.AddTransient<IBot, BackPainBotHandler>();
        return services;
    }

    public static IServiceCollection AddStaffApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StaffOptions>()
            .Bind(configuration.GetSection(StaffOptions.SectionName))
            .Validate(
                o => !o.IsEnabled || o.ApiKey.Length >= StaffOptions.MinimumKeyLength,
                $"Staff:ApiKey must be at least {StaffOptions.MinimumKeyLength} characters (or empty to turn the staff API off).")
            .ValidateOnStart();
        // No default scheme: each policy names its own, so the key check runs only on the staff API and never on the
        // patients' requests (Direct Line tokens are bearer tokens too).
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, StaffApiKeyHandler>(StaffApiKeyHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffApiKeyHandler.PolicyName, p => p
                .AddAuthenticationSchemes(StaffApiKeyHandler.SchemeName)
                .RequireRole(StaffApiKeyHandler.StaffRole));
        return services;
    }

    private static string ResolvePath(IServiceProvider sp, string path) =>
        Path.GetFullPath(Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, path));
}

/// <summary>Healthy once the knowledge index is loaded and has sections to answer from.</summary>
internal sealed class KnowledgeHealthCheck(IKnowledgeSearch knowledge) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(knowledge.Sections.Count > 0
            ? HealthCheckResult.Healthy($"{knowledge.Sections.Count} sections indexed.")
            : HealthCheckResult.Unhealthy("The knowledge index is empty."));
}
