using BackPainBot.Handoffs;
using BackPainBot.Handoffs.Notifications;

namespace BackPainBot.Notifications;

/// <summary>Delivers notifications to one destination. One instance per configured destination.</summary>
internal interface INotificationSender
{
    /// <summary>The destination as recorded in the database.</summary>
    NotificationDestination Destination { get; }

    /// <summary>
    /// One attempt. Returns the outcome; throws only for cancellation (the worker treats other exceptions as a failed
    /// attempt described by their type).
    /// </summary>
    Task<DeliveryResult> SendAsync(OutboxMessage message, Handoff handoff, CancellationToken cancellationToken);
}

/// <summary>Outcome of one delivery attempt.</summary>
/// <param name="Error">The worker's own words for a failure: never a response body, URL or secret.</param>
/// <param name="RetryAfter">How long the destination asked to wait (HTTP Retry-After).</param>
internal sealed record DeliveryResult(bool Delivered, int? StatusCode, string? Error, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Success(int? statusCode) => new(true, statusCode, null);

    public static DeliveryResult Failure(string error, int? statusCode = null, TimeSpan? retryAfter = null) =>
        new(false, statusCode, error, retryAfter);
}

/// <summary>Wakes the notification worker at once: a handoff was queued, or a staff channel was chosen.</summary>
public sealed class NotificationSignal
{
    // At most one pending wake-up: the worker looks at the whole queue when it wakes, so more would be redundant.
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Asks the worker to look at the queue now. Never blocks.</summary>
    public void Notify()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Completes at the next <see cref="Notify"/> (at once when one came since the last wait).</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _wake.WaitAsync(cancellationToken);
}
