using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BackPainBot.DirectLine;

/// <summary>
/// <c>tokens/generate</c> is open to anyone, so each client IP address may call it only
/// <see cref="DirectLineOptions.TokensPerMinutePerClient"/> times a minute; past that it answers 429 with Retry-After.
/// Behind a reverse proxy the address is the proxy's unless the host applies X-Forwarded-For.
/// </summary>
internal sealed class TokenRateLimitPolicy(IOptions<DirectLineOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "directline-tokens";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, cancellationToken) =>
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(
            new { error = new { code = "TooManyRequests", message = "Too many new chats from this address. Please wait a minute." } },
            cancellationToken);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(
            Hosting.ClientAddress.Of(httpContext),
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.Value.TokensPerMinutePerClient,
                Window = Window,
                QueueLimit = 0,
            });
}
