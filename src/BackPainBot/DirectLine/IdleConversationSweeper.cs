namespace BackPainBot.DirectLine;

/// <summary>
/// Removes idle conversations once a minute, so that memory is given back even for conversations nobody asks about
/// again (the store also drops an idle conversation when it is next asked for).
/// </summary>
internal sealed class IdleConversationSweeper(IDirectLineStore store, TimeProvider clock, ILogger<IdleConversationSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var removed = await store.RemoveIdleAsync(stoppingToken);
                if (removed > 0)
                {
                    logger.LogDebug("Removed {Count} idle Direct Line conversations.", removed);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
