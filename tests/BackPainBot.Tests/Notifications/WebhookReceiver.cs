using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using BackPainBot.Handoffs.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackPainBot.Tests.Notifications;

/// <summary>
/// A real webhook receiver on Kestrel at 127.0.0.1, as a clinic's system would run one: it checks the signature, fails
/// the first attempts of each notification on purpose, and dedupes by idempotency key (a repeat of an accepted key is
/// answered 200 and not accepted again). Every request is recorded.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "receiver-secret-0123456789abcdef0123";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attemptsByKey = new();
    private readonly ConcurrentDictionary<string, string> _accepted = new();
    private readonly SemaphoreSlim _arrived = new(0, int.MaxValue);
    private int _held;

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
        app.MapPost("/hook", HandleAsync);
    }

    /// <summary>Where to send: <c>http://127.0.0.1:PORT/hook</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Requests per key answered 503 before one is accepted.</summary>
    public int FailFirst { get; set; }

    /// <summary>Requests about these handoffs are answered 503 while this returns true.</summary>
    public Func<string, bool> FailWhile { get; set; } = _ => false;

    /// <summary>The first accepted request about this handoff is recorded, then never answered (a lost acknowledgement).</summary>
    public string? HoldAcceptedFor { get; set; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public IReadOnlyDictionary<string, string> AcceptedBodies => _accepted;

    public static async Task<WebhookReceiver> StartAsync()
    {
        WebhookReceiver? receiver = null;
        var (_, address) = await LoopbackServer.StartAsync(app => receiver = new WebhookReceiver(app));
        receiver!.Url = address + "/hook";
        return receiver;
    }

    public int AcceptedCount(string key) => Requests.Count(r => r.Key == key && r.Outcome == "accepted");

    /// <summary>Waits, at most <paramref name="timeout"/> (default 60 s: the machine may be busy), until the condition holds after some request.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> condition, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (!condition(this))
        {
            try
            {
                await _arrived.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"Receiver condition not met; requests so far: {string.Join("; ", Requests.Select(r => $"{r.HandoffId}#{r.Attempt}={r.Outcome}"))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        var key = headers[WebhookSignature.IdempotencyKeyHeader].ToString();
        var attempt = int.TryParse(headers[WebhookSignature.AttemptHeader], out var a) ? a : 0;
        var signed = WebhookSignature.Verify(
            Secret, headers[WebhookSignature.TimestampHeader], body, headers[WebhookSignature.SignatureHeader],
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        var text = Encoding.UTF8.GetString(body);
        var handoffId = signed ? JsonNode.Parse(text)?["handoff"]?["id"]?.GetValue<string>() ?? "" : "";

        string outcome;
        if (!signed)
        {
            outcome = "rejected";
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        else if (_attemptsByKey.AddOrUpdate(key, 1, (_, n) => n + 1) <= FailFirst || FailWhile(handoffId))
        {
            outcome = "failed";
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
        else if (!_accepted.TryAdd(key, text))
        {
            outcome = "duplicate";
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        else
        {
            outcome = "accepted";
            context.Response.StatusCode = StatusCodes.Status200OK;
        }

        Requests.Enqueue(new ReceivedRequest(key, handoffId, attempt, signed, outcome, text));
        _arrived.Release();

        if (outcome == "accepted" && handoffId == HoldAcceptedFor && Interlocked.Exchange(ref _held, 1) == 0)
        {
            // Processed, but the sender never hears so: it must send again, with the same key, after its restart.
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}

/// <param name="Outcome"><c>accepted</c>, <c>duplicate</c>, <c>failed</c> (503 on purpose) or <c>rejected</c> (bad signature).</param>
internal sealed record ReceivedRequest(string Key, string HandoffId, int Attempt, bool SignatureValid, string Outcome, string Body);
