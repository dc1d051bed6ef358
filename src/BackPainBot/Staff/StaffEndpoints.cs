using BackPainBot.Handoffs;
using BackPainBot.Notifications;
using Microsoft.Extensions.Options;

namespace BackPainBot.Staff;

/// <summary>The staff API: handoffs as JSON, each with its notification status, behind the staff API key.</summary>
public static class StaffEndpoints
{
    private const int MaxListed = 200;

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var staff = app.ServiceProvider.GetRequiredService<IOptions<StaffOptions>>().Value;
        if (!staff.IsEnabled)
        {
            // No key, no API: the routes do not exist (404) rather than being open.
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StaffEndpoints))
                .LogWarning("The staff API is off: set Staff:ApiKey (env Staff__ApiKey) to enable /api/handoffs.");
            return app;
        }

        var group = app.MapGroup("/api/handoffs").RequireAuthorization(StaffApiKeyHandler.PolicyName);
        group.MapGet("/", async (IHandoffStore store, HandoffNotificationView view, int? limit, CancellationToken ct) =>
            Results.Ok(await view.ListAsync(await store.ListAsync(Math.Clamp(limit ?? 100, 1, MaxListed), ct), ct)));
        group.MapGet("/{id:guid}", async (Guid id, IHandoffStore store, HandoffNotificationView view, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } handoff ? Results.Ok(await view.OneAsync(handoff, ct)) : Results.NotFound());
        return app;
    }
}
