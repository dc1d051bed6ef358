using System.Net.Http.Headers;
using BackPainBot.Handoffs;
using BackPainBot.Handoffs.Notifications;

namespace BackPainBot.Notifications;

/// <summary>
/// POSTs a notification to a webhook: signed JSON, or an Adaptive Card for a Teams incoming webhook. Every attempt carries
/// the same <c>Idempotency-Key</c>, a fresh timestamp and the HMAC-SHA256 signature over both (see the README for the
/// receiver's side). A 2xx answer is a delivery; anything else, including a redirect, is a failed attempt.
/// </summary>
internal sealed class WebhookNotificationSender : INotificationSender
{
    /// <summary>Name of the HttpClient: no redirects (a redirect could carry health information elsewhere) and no request logging (URLs of Teams webhooks are secrets).</summary>
    public const string HttpClientName = "BackPainBot.Notifications";

    private readonly WebhookOptions _webhook;
    private readonly NotificationPayloadOptions _payload;
    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _time;

    public WebhookNotificationSender(
        WebhookOptions webhook, string? handoffLinkTemplate, IHttpClientFactory httpClients, TimeProvider time)
    {
        _webhook = webhook;
        _payload = new NotificationPayloadOptions(webhook.Trusted, string.IsNullOrEmpty(handoffLinkTemplate) ? null : handoffLinkTemplate);
        _httpClients = httpClients;
        _time = time;
        Destination = new NotificationDestination(
            webhook.Name,
            webhook.Format == WebhookOptions.TeamsFormat ? NotificationDestinationKind.TeamsWebhook : NotificationDestinationKind.Webhook,
            webhook.MinimumLevel);
    }

    public NotificationDestination Destination { get; }

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, Handoff handoff, CancellationToken cancellationToken)
    {
        var body = _webhook.Format == WebhookOptions.TeamsFormat
            ? NotificationPayload.TeamsWebhook(handoff, message, _payload)
            : NotificationPayload.Json(handoff, message, _payload);

        using var request = new HttpRequestMessage(HttpMethod.Post, _webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var timestamp = WebhookSignature.FormatTimestamp(_time.GetUtcNow());
        request.Headers.Add(WebhookSignature.IdempotencyKeyHeader, message.IdempotencyKey);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.EventHeader, NotificationEvent.Kind(message.Event));
        request.Headers.Add(WebhookSignature.AttemptHeader, (message.Attempts + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_webhook.Secret.Length > 0)
        {
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_webhook.Secret, timestamp, body));
        }

        try
        {
            using var response = await _httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? DeliveryResult.Success(status)
                : DeliveryResult.Failure($"HTTP {status}", status, RetryAfter(response));
        }
        catch (HttpRequestException ex)
        {
            // The exception's message can name the host; the error kind is enough and says nothing of the URL.
            return DeliveryResult.Failure($"request failed ({ex.HttpRequestError})");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow(),
        _ => null,
    };
}
