using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using BackPainBot.Bot;
using BackPainBot.DirectLine;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BackPainBot.Hosting;

/// <summary>The kinds of public endpoint, each with its own per-client limits (<see cref="RateLimitOptions"/>).</summary>
internal enum EndpointKind
{
    Page,
    Messages,
    DirectLine,
    StaffSignIn,
    Staff,
    Operations,
}

/// <summary>Which kind of endpoint a request is for, from its path alone: decided before routing, for static files too.</summary>
internal static class EndpointKinds
{
    public static EndpointKind Of(PathString path)
    {
        if (path.StartsWithSegments("/api/messages", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointKind.Messages;
        }

        if (path.StartsWithSegments(DirectLineEndpoints.BasePath, StringComparison.OrdinalIgnoreCase))
        {
            return EndpointKind.DirectLine;
        }

        if (path.StartsWithSegments("/staff/api/signin", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointKind.StaffSignIn;
        }

        if (path.StartsWithSegments("/staff", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/api/handoffs", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointKind.Staff;
        }

        if (path.StartsWithSegments(OperationsEndpoints.HealthPath, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(OperationsEndpoints.MetricsPath, StringComparison.OrdinalIgnoreCase))
        {
            return EndpointKind.Operations;
        }

        return EndpointKind.Page;
    }
}

/// <summary>The client address requests are counted by.</summary>
internal static class ClientAddress
{
    /// <summary>
    /// The connection's remote address (rewritten from X-Forwarded-For only when the host applies forwarded headers), with
    /// IPv4-mapped IPv6 as IPv4 and other IPv6 cut to its /64, so one client cannot pick a fresh address per request.
    /// "unknown" when there is none (in-process test servers).
    /// </summary>
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}

/// <summary>
/// Per-client limits on every public endpoint, with ASP.NET Core's rate limiter: a global limiter partitioned by
/// <see cref="EndpointKind"/> and <see cref="ClientAddress"/>. Endpoint policies (<c>tokens/generate</c>'s) apply on top.
/// </summary>
internal static class ClientRateLimiting
{
    /// <summary>Set on the application builder once the rate limiter middleware is in the pipeline.</summary>
    public const string MiddlewareMarker = "BackPainBot.RateLimiter.Middleware";

    /// <summary>Sets the global limiter and the 429 answer; the limits are read once, at start-up.</summary>
    public static void Configure(RateLimiterOptions limiter, RateLimitOptions limits)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = RejectAsync;
        if (!limits.Enabled)
        {
            return;
        }

        var byKind = new Dictionary<EndpointKind, TokenBucketRateLimiterOptions>
        {
            [EndpointKind.Messages] = Bucket(limits.Messages),
            [EndpointKind.DirectLine] = Bucket(limits.DirectLine),
            [EndpointKind.Page] = Bucket(limits.Page),
            [EndpointKind.StaffSignIn] = Bucket(limits.StaffSignIn),
            [EndpointKind.Staff] = Bucket(limits.Staff),
            [EndpointKind.Operations] = Bucket(limits.Operations),
        };
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (EndpointKind, string)>(context =>
        {
            var kind = EndpointKinds.Of(context.Request.Path);
            return RateLimitPartition.GetTokenBucketLimiter((kind, ClientAddress.Of(context)), _ => byKind[kind]);
        });
    }

    /// <summary>
    /// A bucket that refills <see cref="ClientLimit.PerMinute"/> evenly: every second when that is at least one a second,
    /// else one token at a time (30 a minute: one every 2 s). The partitioned limiter refills every 100 ms at most.
    /// </summary>
    internal static TokenBucketRateLimiterOptions Bucket(ClientLimit limit)
    {
        var (period, tokens) = limit.PerMinute >= 60
            ? (TimeSpan.FromSeconds(1), (int)Math.Round(limit.PerMinute / 60.0))
            : (TimeSpan.FromMinutes(1) / limit.PerMinute, 1);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
    }

    /// <summary>429 with Retry-After in whole seconds, and a short reason in the shape the endpoint's clients read.</summary>
    internal static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await ErrorResponses.WriteAsync(
            context.HttpContext, "TooManyRequests", "Too many requests from this address. Please wait a moment and try again.", cancellationToken);
    }
}

/// <summary>
/// Refuses bodies larger than the endpoint reads with 413 before the endpoint runs: at once when Content-Length says so,
/// and while reading otherwise (Kestrel stops at the per-request limit set here; <see cref="ErrorResponseMiddleware"/>
/// answers 413).
/// </summary>
internal sealed class RequestSizeMiddleware(RequestDelegate next, IOptions<DirectLineOptions> directLine)
{
    /// <summary>Largest body of the staff console's requests (sign-in, notes, messages to a patient) and of anything else.</summary>
    public const int OtherMaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Largest refused body that is still read and thrown away after the 413, so that a client still sending it can
    /// finish and read the answer, and the connection can carry its next request. Larger ones close the connection.
    /// </summary>
    private const long MaxDrainedBytes = 1024 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var limit = EndpointKinds.Of(context.Request.Path) switch
        {
            EndpointKind.Messages => MessagesEndpoint.MaxBodyBytes,
            EndpointKind.DirectLine => directLine.Value.MaxActivityBytes,
            _ => OtherMaxBodyBytes,
        };

        if (context.Request.ContentLength > limit)
        {
            return TooLargeAsync(context, limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size
            && (size.MaxRequestBodySize is null || size.MaxRequestBodySize > limit))
        {
            size.MaxRequestBodySize = limit;
        }

        return next(context);
    }

    private static Task TooLargeAsync(HttpContext context, int limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        if (context.Request.ContentLength <= MaxDrainedBytes
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Kestrel reads the rest of the body after the answer and keeps the connection.
            size.MaxRequestBodySize = MaxDrainedBytes;
        }
        else if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            // Said up front, so the client opens a new connection for its next request instead of sending it into one
            // about to close.
            context.Response.Headers.Connection = "close";
        }

        return ErrorResponses.WriteAsync(
            context, "MessageSizeTooBig", $"The request body may be at most {limit} bytes.", context.RequestAborted);
    }
}
