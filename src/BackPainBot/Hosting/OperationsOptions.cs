namespace BackPainBot.Hosting;

/// <summary>Settings for running the host behind a load balancer (section <c>Operations</c>).</summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Operations";

    /// <summary>
    /// How long a stopping instance (SIGTERM, Ctrl+C) waits for requests already in progress, patients' turns among them,
    /// before it gives up on them. It stops accepting new connections at once. Default 30 seconds; between 1 second and
    /// 10 minutes. Keep it under the orchestrator's own grace period (Kubernetes: terminationGracePeriodSeconds, 30 by default).
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Per-client request limits (section <c>RateLimits</c>), one token bucket per kind of endpoint and client address:
/// a client may send <see cref="ClientLimit.Burst"/> requests at once, then <see cref="ClientLimit.PerMinute"/> a
/// minute. Past that it gets 429 with Retry-After. The address is the connection's, or the one X-Forwarded-For names
/// when the host applies forwarded headers (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>); IPv6 clients are counted
/// per /64, the block one household or phone gets.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Whether the limits apply at all. Default true; turning them off is for benchmarks, never for production.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// <c>/api/messages</c>. Its callers are channels (Teams' Bot Connector posts every Teams patient's messages from a
    /// few addresses), so this is sized for a whole clinic's traffic, not one person's. Default 1200 a minute, burst 200.
    /// </summary>
    public ClientLimit Messages { get; set; } = new() { PerMinute = 1200, Burst = 200 };

    /// <summary>
    /// <c>/v3/directline/...</c>: one patient's chat is a few requests a minute, or one a second when it falls back to
    /// polling; a waiting room behind one address holds several. Default 1200 a minute, burst 200. New chats
    /// (<c>tokens/generate</c>) are also held to <c>DirectLine:TokensPerMinutePerClient</c>.
    /// </summary>
    public ClientLimit DirectLine { get; set; } = new() { PerMinute = 1200, Burst = 200 };

    /// <summary>The chat page and its files, and any address the host does not serve. Default 300 a minute, burst 100.</summary>
    public ClientLimit Page { get; set; } = new() { PerMinute = 300, Burst = 100 };

    /// <summary>
    /// <c>POST /staff/api/signin</c>, on top of <c>Staff:MaxFailedSignInsPerAddress</c> (which counts failures only).
    /// Default 30 a minute, burst 10.
    /// </summary>
    public ClientLimit StaffSignIn { get; set; } = new() { PerMinute = 30, Burst = 10 };

    /// <summary>The staff console and its API, and the staff API (<c>/api/handoffs</c>). Default 600 a minute, burst 120.</summary>
    public ClientLimit Staff { get; set; } = new() { PerMinute = 600, Burst = 120 };

    /// <summary><c>/healthz...</c> and <c>/metrics</c>: load balancers and Prometheus. Default 600 a minute, burst 60.</summary>
    public ClientLimit Operations { get; set; } = new() { PerMinute = 600, Burst = 60 };

    internal IEnumerable<(string Name, ClientLimit Limit)> All() =>
    [
        (nameof(Messages), Messages), (nameof(DirectLine), DirectLine), (nameof(Page), Page),
        (nameof(StaffSignIn), StaffSignIn), (nameof(Staff), Staff), (nameof(Operations), Operations),
    ];
}

/// <summary>One kind of endpoint's limit per client address.</summary>
public sealed class ClientLimit
{
    /// <summary>Requests a minute, sustained. At least 1.</summary>
    public int PerMinute { get; set; }

    /// <summary>Requests that may come at once after a quiet spell (the bucket's size). At least 1.</summary>
    public int Burst { get; set; }
}

/// <summary>
/// The Prometheus scrape endpoint (section <c>Metrics</c>). Off by default; when on, <c>GET /metrics</c> answers only
/// requests with <c>Authorization: Bearer &lt;ApiKey&gt;</c>, so it can be scraped per instance without being public.
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Shortest accepted <see cref="ApiKey"/>.</summary>
    public const int MinimumKeyLength = 24;

    /// <summary>Whether <c>/metrics</c> exists. Default false: the route answers 404 and no metrics are collected.</summary>
    public bool Enabled { get; set; }

    /// <summary>The bearer key Prometheus sends (env <c>Metrics__ApiKey</c>); required when <see cref="Enabled"/>, at least 24 characters.</summary>
    public string ApiKey { get; set; } = "";
}
