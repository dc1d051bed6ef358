using BackPainBot.Bot;
using Microsoft.Extensions.Options;

namespace BackPainBot.Notifications;

/// <summary>
/// Puts the <see cref="StaffChannelMiddleware"/> in front of the patient bot before the host starts serving, when the
/// staff channel is enabled; otherwise Teams activities go to the patient bot as before.
/// </summary>
internal sealed class StaffChannelSetup(IOptions<NotificationsOptions> options, IServiceProvider services) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.StaffChannel.Enabled)
        {
            services.GetRequiredService<ClinicBotAdapter>().Use(services.GetRequiredService<StaffChannelMiddleware>());
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
