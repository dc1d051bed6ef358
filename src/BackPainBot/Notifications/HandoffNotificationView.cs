using System.Text.Json;
using System.Text.Json.Nodes;
using BackPainBot.Handoffs;
using BackPainBot.Handoffs.Notifications;
using Microsoft.Extensions.Options;

namespace BackPainBot.Notifications;

/// <summary>
/// Handoffs as the staff API shows them: the handoff's own JSON plus <c>notification</c>, the summary of its
/// notifications (<c>{status, attempts, lastError, hasFailed, deliveries: [...]}</c>, or null when none was queued). It
/// holds destination names, events, counts, times, status codes and the worker's error words: no secrets, no URLs.
/// </summary>
public sealed class HandoffNotificationView(INotificationStatusReader notifications, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private JsonSerializerOptions Options => json.Value.SerializerOptions;

    /// <summary>The handoffs in the same order, each with its notification status, in one query.</summary>
    public async Task<JsonArray> ListAsync(IReadOnlyList<Handoff> handoffs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handoffs);
        var statuses = await notifications.GetStatusesAsync([.. handoffs.Select(h => h.Id)], cancellationToken);
        return new JsonArray([.. handoffs.Select(h => (JsonNode?)Compose(h, statuses.GetValueOrDefault(h.Id)))]);
    }

    /// <summary>One handoff with its notification status.</summary>
    public async Task<JsonObject> OneAsync(Handoff handoff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        return Compose(handoff, await notifications.GetStatusAsync(handoff.Id, cancellationToken));
    }

    private JsonObject Compose(Handoff handoff, HandoffNotificationStatus? status)
    {
        var node = JsonSerializer.SerializeToNode(handoff, Options)!.AsObject();
        node["notification"] = status is null ? null : JsonSerializer.SerializeToNode(status, Options);
        return node;
    }
}
