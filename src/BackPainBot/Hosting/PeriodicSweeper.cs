namespace BackPainBot.Hosting;

/// <summary>
/// A background service that sweeps something idle away at a fixed interval until the host stops. A sweep that fails
/// (the database briefly away) is logged and the next one catches up: a failed background service would stop the host.
/// </summary>
internal abstract class PeriodicSweeper(TimeSpan interval, TimeProvider clock) : BackgroundService
{
    /// <summary>One sweep; returns how many items it removed.</summary>
    protected abstract Task<int> SweepOnceAsync(CancellationToken cancellationToken);

    /// <summary>Logs a sweep that removed <paramref name="count"/> items (at least one).</summary>
    protected abstract void LogRemoved(int count);

    /// <summary>Logs a sweep that failed, without any stored content.</summary>
    protected abstract void LogFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var removed = await SweepOnceAsync(stoppingToken);
                    if (removed > 0)
                    {
                        LogRemoved(removed);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
