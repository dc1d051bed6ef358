using Polly.Contrib.WaitAndRetry;

namespace BackPainBot.Notifications;

/// <summary>
/// Wait before the next attempt: Polly's exponential backoff with decorrelated jitter ("V2"), capped. Polly's own retry
/// loop keeps its state in memory and dies with the process, so the worker stores the result in the outbox row instead
/// and any worker, after any restart, continues the schedule.
/// </summary>
internal static class NotificationBackoff
{
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="retryDelay">Median of the first wait.</param>
    /// <param name="maxDelay">Cap on the wait, also on <paramref name="retryAfter"/>.</param>
    /// <param name="retryAfter">How long the destination asked to wait; the wait is at least this, within the cap.</param>
    /// <param name="seed">Fixes the jitter, for tests.</param>
    public static TimeSpan Delay(int attempt, TimeSpan retryDelay, TimeSpan maxDelay, TimeSpan? retryAfter = null, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempt);

        // The sequence's n-th value is the wait after the n-th failure; the values before it cost a few multiplications.
        var delay = Backoff.DecorrelatedJitterBackoffV2(retryDelay, attempt, seed).Last();
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked;
        }

        return delay > maxDelay ? maxDelay : delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
