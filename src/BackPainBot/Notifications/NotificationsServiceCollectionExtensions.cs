using BackPainBot.Bot;
using BackPainBot.Handoffs;
using BackPainBot.Handoffs.Notifications;
using BackPainBot.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackPainBot.Notifications;

/// <summary>Registers staff notifications: the outbox, the destinations, the worker and the Teams staff channel.</summary>
public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Adds staff notifications, configured by the <c>Notifications</c> section (validated at start-up). Needs
    /// <c>AddHandoffs</c> (the outbox lives beside its store, on either provider), and <c>AddBackPainBot</c> for the
    /// Teams staff channel.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationsOptions>()
            .Bind(configuration.GetSection(NotificationsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationsOptions>, NotificationsOptionsValidator>();
        services.AddOptions<BotIdentityOptions>().Bind(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(WebhookNotificationSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RemoveAllLoggers();

        services.AddSingleton(sp => NotificationOutboxFactory.Create(
            sp.GetRequiredKeyedService<IHandoffStore>(ServiceCollectionExtensions.ProviderHandoffStoreKey)));
        services.AddSingleton<INotificationStatusReader>(sp => sp.GetRequiredService<INotificationOutbox>());
        services.AddSingleton<HandoffNotificationView>();
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NotificationsOptions>>().Value.StaffChannel);
        services.AddSingleton<StaffChannelMiddleware>();

        services.AddHostedService(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NotificationsOptions>>().Value;
            return new NotificationWorker(
                sp.GetRequiredService<IHandoffStore>(),
                sp.GetRequiredService<INotificationOutbox>(),
                CreateSenders(sp, options),
                sp.GetRequiredService<NotificationSignal>(),
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<NotificationWorker>>(),
                sp.GetService<BackPainBotMetrics>());
        });
        services.AddHostedService<StaffChannelSetup>();
        return services;
    }

    private static List<INotificationSender> CreateSenders(IServiceProvider sp, NotificationsOptions options)
    {
        var link = options.HandoffLinkTemplate;
        var senders = new List<INotificationSender>();
        foreach (var webhook in options.Webhooks)
        {
            senders.Add(new WebhookNotificationSender(
                webhook, link, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>()));
        }

        if (options.StaffChannel.Enabled)
        {
            senders.Add(new StaffChannelNotificationSender(
                options.StaffChannel,
                link,
                sp.GetRequiredService<INotificationOutbox>(),
                sp.GetRequiredService<ClinicBotAdapter>(),
                sp.GetRequiredService<IOptions<BotIdentityOptions>>().Value.MicrosoftAppId));
        }

        return senders;
    }
}
