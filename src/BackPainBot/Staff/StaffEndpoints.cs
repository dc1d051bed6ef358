using BackPainBot.Handoffs;
using BackPainBot.Notifications;
using Microsoft.Extensions.Options;

namespace BackPainBot.Staff;

/// <summary>The staff API: handoffs as JSON, each with its notification status, behind the staff API key.</summary>
public static class StaffEndpoints
{
    private const int MaxListed = 200;

    /// <summary>Who the transcript view log names for requests with the API key.</summary>
    private const string ApiViewer = "staff-api-key";

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
        // Every transcript shown is recorded first (who: the API key; via: api), as the console's are.
        group.MapGet("/", async (IHandoffStore store, IHandoffWorkflow workflow, HandoffNotificationView view, TimeProvider clock, int? limit, CancellationToken ct) =>
        {
            var handoffs = await store.ListAsync(Math.Clamp(limit ?? 100, 1, MaxListed), ct);
            await workflow.RecordViewsAsync([.. handoffs.Select(h => h.Id)], ApiViewer, "api", clock.GetUtcNow(), ct);
            return Results.Ok(await view.ListAsync(handoffs, ct));
        });
        group.MapGet("/{id:guid}", async (Guid id, IHandoffStore store, IHandoffWorkflow workflow, HandoffNotificationView view, TimeProvider clock, CancellationToken ct) =>
        {
            if (await store.GetAsync(id, ct) is not { } handoff)
            {
                return Results.NotFound();
            }

            await workflow.RecordViewsAsync([id], ApiViewer, "api", clock.GetUtcNow(), ct);
            return Results.Ok(await view.OneAsync(handoff, ct));
        });
        return app;
    }
}
