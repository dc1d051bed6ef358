using Microsoft.Extensions.Options;

namespace BackPainBot.Staff;

/// <summary>
/// Counts failed console sign-ins per account and per client address over <see cref="StaffOptions.SignInWindow"/>;
/// past <see cref="StaffOptions.MaxFailedSignInsPerUser"/> or <see cref="StaffOptions.MaxFailedSignInsPerAddress"/>
/// further attempts are refused until enough failures have left the window. Behind a reverse proxy the address is the
/// proxy's unless the host applies X-Forwarded-For.
/// </summary>
public interface ISignInThrottle
{
    /// <summary>Whether a sign-in for <paramref name="userName"/> from <paramref name="address"/> must be refused, and for how long.</summary>
    Task<(bool Blocked, TimeSpan RetryAfter)> CheckAsync(string userName, string address, CancellationToken cancellationToken = default);

    /// <summary>Counts a failed sign-in against the account and the address.</summary>
    Task RecordFailureAsync(string userName, string address, CancellationToken cancellationToken = default);

    /// <summary>A successful sign-in clears the account's failures (not the address's).</summary>
    Task RecordSuccessAsync(string userName, CancellationToken cancellationToken = default);
}

/// <summary>The keys failures are counted under: one per account (any case) and one per address.</summary>
internal static class SignInThrottleKeys
{
    public static string User(string userName) => "user:" + userName.Trim().ToUpperInvariant();

    public static string Address(string address) => "address:" + address;
}

/// <summary>
/// The <c>sqlite</c> provider's throttle, in memory: one host instance. With several instances on PostgreSQL the
/// counts are shared (<see cref="PostgresSignInThrottle"/>), so N instances do not give N times the attempts.
/// </summary>
public sealed class SignInThrottle(IOptions<StaffOptions> options, TimeProvider clock) : ISignInThrottle
{
    /// <summary>Most keys tracked; beyond it expired ones are dropped first.</summary>
    private const int MaxKeys = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<(bool Blocked, TimeSpan RetryAfter)> CheckAsync(string userName, string address, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var user = Wait(SignInThrottleKeys.User(userName), settings.MaxFailedSignInsPerUser, now, settings.SignInWindow);
            var ip = Wait(SignInThrottleKeys.Address(address), settings.MaxFailedSignInsPerAddress, now, settings.SignInWindow);
            var retryAfter = user > ip ? user : ip;
            return Task.FromResult((retryAfter > TimeSpan.Zero, retryAfter));
        }
    }

    /// <inheritdoc />
    public Task RecordFailureAsync(string userName, string address, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_failures.Count >= MaxKeys)
            {
                Prune(now - options.Value.SignInWindow);
            }

            foreach (var key in new[] { SignInThrottleKeys.User(userName), SignInThrottleKeys.Address(address) })
            {
                if (!_failures.TryGetValue(key, out var times))
                {
                    _failures[key] = times = new Queue<DateTimeOffset>();
                }

                times.Enqueue(now);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RecordSuccessAsync(string userName, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _failures.Remove(SignInThrottleKeys.User(userName));
        }

        return Task.CompletedTask;
    }

    private TimeSpan Wait(string key, int limit, DateTimeOffset now, TimeSpan window)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            return TimeSpan.Zero;
        }

        while (times.Count > 0 && times.Peek() <= now - window)
        {
            times.Dequeue();
        }

        if (times.Count == 0)
        {
            _failures.Remove(key);
            return TimeSpan.Zero;
        }

        // The attempt becomes possible again when enough old failures have left the window.
        return times.Count < limit ? TimeSpan.Zero : times.ElementAt(times.Count - limit) + window - now;
    }

    private void Prune(DateTimeOffset before)
    {
        foreach (var (key, times) in _failures.ToList())
        {
            if (times.Count == 0 || times.Last() <= before)
            {
                _failures.Remove(key);
            }
        }
    }
}
