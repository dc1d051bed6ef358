using BackPainBot.Bot;
using BackPainBot.Conversation;
using BackPainBot.Conversation.Takeover;
using BackPainBot.DirectLine;
using BackPainBot.Handoffs;
using BackPainBot.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace BackPainBot.Staff;

/// <summary>Wiring for the staff console, live takeover and transcript retention.</summary>
public static class StaffConsoleExtensions
{
    private const string KeysFolder = "keys";

    /// <summary>Adds staff accounts and sign-in, the console's services, live takeover and retention. Call after <c>AddHandoffs</c>.</summary>
    public static IServiceCollection AddStaffConsole(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<StaffOptions>()
            .Validate(o => o.SessionLifetime >= TimeSpan.FromMinutes(5) && o.SessionLifetime <= TimeSpan.FromDays(7),
                "Staff:SessionLifetime must be between 00:05:00 and 7.00:00:00.")
            .Validate(o => o.MinimumPasswordLength is >= 8 and <= 128, "Staff:MinimumPasswordLength must be between 8 and 128.")
            .Validate(o => o.MaxFailedSignInsPerUser >= 1, "Staff:MaxFailedSignInsPerUser must be at least 1.")
            .Validate(o => o.MaxFailedSignInsPerAddress >= 1, "Staff:MaxFailedSignInsPerAddress must be at least 1.")
            .Validate(o => o.SignInWindow >= TimeSpan.FromSeconds(1), "Staff:SignInWindow must be at least 00:00:01.")
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.SectionName))
            .Validate(o => o.TranscriptDays is >= 1 and <= 3650, "Retention:TranscriptDays must be between 1 and 3650.")
            .Validate(o => o.SweepInterval >= TimeSpan.FromMinutes(1), "Retention:SweepInterval must be at least 00:01:00.")
            .ValidateOnStart();

        // Sign-ins survive a restart: the cookie keys live beside the database - in files next to SQLite, or in the
        // shared PostgreSQL database so that every instance honours a sign-in made on any of them.
        // With Staff:KeyCertificatePath they are stored encrypted to that certificate; a certificate that cannot be used
        // stops start-up, since keys written unencrypted by mistake would stay readable.
        var protection = services.AddDataProtection().SetApplicationName("BackPainBot");
        var staff = configuration.GetSection(StaffOptions.SectionName).Get<StaffOptions>() ?? new StaffOptions();
        if (KeyCertificate.TryLoad(staff, environment.ContentRootPath, out var keyCertificate) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        if (keyCertificate is not null)
        {
            protection.ProtectKeysWithCertificate(keyCertificate);
        }

        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider, IOptions<StorageOptions>, IHostEnvironment, ILoggerFactory>((keys, sp, storage, environment, loggers) =>
            {
                if (HandoffStoreFactory.ProviderOf(storage.Value) == HandoffStoreFactory.Postgres)
                {
                    keys.XmlRepository = new PostgresKeyRepository(sp.GetRequiredService<PostgresDatabase>());
                    return;
                }

                var folder = Path.Combine(Path.GetFullPath(storage.Value.DataDirectory, environment.ContentRootPath), KeysFolder);
                keys.XmlRepository = new FileSystemXmlRepository(Directory.CreateDirectory(folder), loggers);
            });

        services.AddStaffCookie();
        services.AddSingleton<ISignInThrottle>(sp => UsesPostgres(sp)
            ? new PostgresSignInThrottle(
                sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<IOptions<StaffOptions>>(), sp.GetRequiredService<TimeProvider>())
            : new SignInThrottle(sp.GetRequiredService<IOptions<StaffOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => StaffStoreFactory.Create(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath,
            sp.GetRequiredService<PostgresDatabase>));
        services.AddSingleton<IStaffUserStore>(sp => sp.GetRequiredService<IStaffStore>());
        services.AddSingleton<IHandoffWorkflow>(sp => sp.GetRequiredService<IStaffStore>());

        // With several instances (PostgreSQL) console events, takeovers and the lines staff say reach the other
        // instances through the database; with one, they stay in this process.
        services.AddPostgresNotifications();
        services.AddSingleton(sp => UsesPostgres(sp)
            ? new StaffEventHub(sp.GetRequiredService<PostgresNotifications>())
            : new StaffEventHub());
        PublishHandoffSaves(services);
        services.AddSingleton<ITakeoverListener, ConsoleTakeoverListener>();
        services.AddSingleton<IPendingTakeoverLines>(sp => UsesPostgres(sp)
            ? new PostgresPendingTakeoverLines(
                sp.GetRequiredService<PostgresDatabase>(),
                sp.GetRequiredService<TimeProvider>(),
                TimeSpan.FromHours(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConversationIdleHours))
            : new InMemoryPendingLines());
        services.AddSingleton<TakeoverSessions>();
        services.AddSingleton(sp => new TakeoverService(
            sp.GetRequiredService<ClinicBotAdapter>(),
            sp.GetRequiredService<DirectLineBotIdentity>().Claims,
            sp.GetRequiredService<TakeoverSessions>(),
            sp.GetRequiredService<IHandoffStore>(),
            sp.GetRequiredService<IHandoffWorkflow>(),
            sp.GetRequiredService<Responses>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TakeoverService>>()));
        services.AddHostedService<TakeoverRestorer>();
        services.AddHostedService<TakeoverSync>();
        services.AddHostedService<TranscriptRetentionService>();
        return services;
    }

    private static bool UsesPostgres(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgres();

    /// <summary>Wraps the registered handoff store so that every save also refreshes the consoles.</summary>
    private static void PublishHandoffSaves(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IHandoffStore))
            ?? throw new InvalidOperationException("Call AddHandoffs before AddStaffConsole.");
        services.Remove(registered);
        services.AddSingleton<IHandoffStore>(sp =>
        {
            var inner = registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!);
            return new PublishingHandoffStore((IHandoffStore)inner, sp.GetRequiredService<StaffEventHub>());
        });
    }
}
