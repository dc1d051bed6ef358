namespace BackPainBot.DirectLine;

/// <summary>
/// Removes idle conversations once a minute, with their activities, even those nobody asks about again (the store also
/// drops an idle conversation when it is next asked for). With several instances each sweeps; deleting is idempotent.
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
                try
                {
                    var removed = await store.RemoveIdleAsync(stoppingToken);
                    if (removed > 0)
                    {
                        logger.LogDebug("Removed {Count} idle Direct Line conversations.", removed);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database is away; the next sweep tries again. A failed background service would stop the host.
                    logger.LogWarning("Sweeping idle Direct Line conversations failed: {ErrorType}", ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
