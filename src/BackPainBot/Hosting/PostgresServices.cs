using BackPainBot.Handoffs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackPainBot.Hosting;

/// <summary>
/// The shared PostgreSQL database and its LISTEN/NOTIFY listener, for the parts of the host that must hear of other
/// instances' changes (Direct Line streams, staff consoles, live takeover). Registered always, opened only when
/// <c>Storage:Provider</c> is <c>postgres</c>.
/// </summary>
public static class PostgresServices
{
    /// <summary>Adds <see cref="PostgresDatabase"/> (unless already added) and <see cref="PostgresNotifications"/>; safe to call more than once.</summary>
    public static IServiceCollection AddPostgresNotifications(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => PostgresDatabase.Open(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));

        // The system clock, not the injected one: reconnect backoff is about the network, not the clinic's time.
        services.TryAddSingleton(sp => new PostgresNotifications(
            sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<ILogger<PostgresNotifications>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresNotificationsListener>());
        return services;
    }

    /// <summary>Whether <c>Storage:Provider</c> names PostgreSQL.</summary>
    public static bool UsesPostgres(this StorageOptions storage) =>
        string.Equals(storage.Provider?.Trim(), HandoffStoreFactory.Postgres, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Runs the process's notifications listener while the host runs, when the provider is PostgreSQL.</summary>
internal sealed class PostgresNotificationsListener(IServiceProvider services, IOptions<StorageOptions> storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        storage.Value.UsesPostgres() ? services.GetRequiredService<PostgresNotifications>().StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        storage.Value.UsesPostgres() ? services.GetRequiredService<PostgresNotifications>().StopAsync(cancellationToken) : Task.CompletedTask;
}
