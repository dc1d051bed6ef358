using BackPainBot.Hosting;

namespace BackPainBot.DirectLine;

/// <summary>
/// Removes idle conversations once a minute, with their activities, even those nobody asks about again (the store also
/// drops an idle conversation when it is next asked for). With several instances each sweeps; deleting is idempotent.
/// </summary>
internal sealed class IdleConversationSweeper(IDirectLineStore store, TimeProvider clock, ILogger<IdleConversationSweeper> logger)
    : PeriodicSweeper(TimeSpan.FromMinutes(1), clock)
{
    protected override Task<int> SweepOnceAsync(CancellationToken cancellationToken) => store.RemoveIdleAsync(cancellationToken);

    protected override void LogRemoved(int count) => logger.LogDebug("Removed {Count} idle Direct Line conversations.", count);

    protected override void LogFailed(Exception exception) =>
        logger.LogWarning("Sweeping idle Direct Line conversations failed: {ErrorType}", exception.GetType().Name);
}
