using System.Security.Claims;
using BackPainBot.Conversation.Takeover;
using BackPainBot.DirectLine;
using BackPainBot.Handoffs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BackPainBot.Staff;

/// <summary>
/// The staff console at <c>/staff</c>: its pages, and its JSON API under <c>/staff/api</c> behind the sign-in cookie.
/// Every route under <c>/staff</c> that is not listed here answers 401 (API) or sends the person to sign in (pages)
/// before it answers 404, so nothing under it is served to someone who is not signed in.
/// </summary>
public static class StaffConsoleEndpoints
{
    private const int MaxQueue = 500;
    private const int MaxNameLength = 100;
    private const int MaxPasswordLength = 1000;
    private const int MaxNoteLength = 2000;

    // The console talks to its own origin only: no CDN, no inline script, no framing.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Dictionary<string, string> PublicFiles = new(StringComparer.Ordinal)
    {
        ["signin.js"] = "text/javascript",
        ["staff.css"] = "text/css",
    };

    public static IEndpointRouteBuilder MapStaffConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/staff", ConsolePage).RequireAuthorization(StaffAuthentication.ConsolePolicy);
        app.MapGet("/staff/console.js", ConsoleScript).RequireAuthorization(StaffAuthentication.ConsolePolicy);
        app.MapGet(StaffAuthentication.SignInPath, SignInPage).AllowAnonymous();
        app.MapGet("/staff/{file:regex(^(signin\\.js|staff\\.css)$)}", PublicFile).AllowAnonymous();

        // Anything else under /staff: refused unless signed in, then not found. It also keeps the host's static files
        // from serving wwwroot/staff directly.
        app.Map("/staff/{**rest}", () => Results.NotFound()).RequireAuthorization(StaffAuthentication.ConsolePolicy);

        var api = app.MapGroup("/staff/api").AddEndpointFilter(NoStoreAndSameOrigin);
        api.MapPost("/signin", SignInAsync).AllowAnonymous();
        api.MapPost("/signout", new Func<HttpContext, Task<IResult>>(SignOutAsync)).AllowAnonymous();

        var console = api.MapGroup("").RequireAuthorization(StaffAuthentication.ConsolePolicy);
        console.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(new { userName = user.StaffName(), role = user.IsAdmin() ? StaffRoles.Admin : StaffRoles.Staff }));
        console.MapGet("/events", (HttpContext http, Guid? watch, StaffEventHub hub, IHostApplicationLifetime lifetime) =>
            StaffEventStream.HandleAsync(http, watch, hub, lifetime));
        console.MapGet("/handoffs", async (bool? all, IHandoffWorkflow workflow, CancellationToken ct) =>
            Results.Ok(await workflow.QueueAsync(all == true, MaxQueue, ct)));
        console.MapGet("/handoffs/{id:guid}", GetHandoffAsync);
        console.MapPost("/handoffs/{id:guid}/status", ChangeStatusAsync);
        console.MapPost("/handoffs/{id:guid}/notes", AddNoteAsync);
        console.MapPost("/handoffs/{id:guid}/takeover", StartTakeoverAsync);
        console.MapPost("/handoffs/{id:guid}/takeover/messages", SendTakeoverMessageAsync);
        console.MapPost("/handoffs/{id:guid}/takeover/end", EndTakeoverAsync);

        var admin = api.MapGroup("").RequireAuthorization(StaffAuthentication.AdminPolicy);
        admin.MapGet("/handoffs/{id:guid}/views", async (Guid id, IHandoffWorkflow workflow, CancellationToken ct) =>
            Results.Ok(await workflow.ViewsAsync(id, ct)));
        admin.MapGet("/users", async (IStaffUserStore users, CancellationToken ct) =>
            Results.Ok((await users.ListAsync(ct)).Select(u => new { u.UserName, u.Role, u.Disabled, u.CreatedAt })));
        return app;
    }

    /// <summary>The sign-in request's body.</summary>
    public sealed record SignInRequest(string? UserName, string? Password);

    /// <summary>A status change: the status the console saw and the one wanted.</summary>
    public sealed record StatusRequest(string? From, string? To);

    /// <summary>A note, or a message to the patient.</summary>
    public sealed record TextRequest(string? Text);

    private static IResult ConsolePage(HttpContext http, IWebHostEnvironment environment) => Page(http, environment, "console.html");

    private static IResult ConsoleScript(HttpContext http, IWebHostEnvironment environment) => File(http, environment, "console.js", "text/javascript");

    private static IResult SignInPage(HttpContext http, IWebHostEnvironment environment) => Page(http, environment, "signin.html");

    private static IResult PublicFile(HttpContext http, string file, IWebHostEnvironment environment) =>
        File(http, environment, file, PublicFiles[file]);

    private static IResult Page(HttpContext http, IWebHostEnvironment environment, string file) =>
        File(http, environment, file, "text/html; charset=utf-8");

    private static IResult File(HttpContext http, IWebHostEnvironment environment, string file, string contentType)
    {
        var root = WebChatPage.FindRoot(environment);
        var path = root is null ? null : Path.Combine(root, "staff", file);
        if (path is null || !System.IO.File.Exists(path))
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return Results.File(path, contentType);
    }

    /// <summary>
    /// No response of the API is cached, and every state-changing request carries <see cref="StaffAuthentication.RequestHeader"/>
    /// and, when the browser names one, this origin: with the SameSite=Strict cookie this stops cross-site requests.
    /// </summary>
    private static async ValueTask<object?> NoStoreAndSameOrigin(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            // The host part only: behind a proxy that ends TLS the request's own scheme is http while the page's is https.
            var origin = http.Request.Headers.Origin.ToString();
            var sameHost = origin.Length == 0
                || (Uri.TryCreate(origin, UriKind.Absolute, out var originUri)
                    && string.Equals(originUri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase));
            if (http.Request.Headers[StaffAuthentication.RequestHeader].ToString() != "1" || !sameHost)
            {
                return Results.Json(new { error = "Cross-site request refused." }, statusCode: StatusCodes.Status403Forbidden);
            }
        }

        return await next(context);
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http, SignInRequest? request, IStaffUserStore users, IPasswordHasher<StaffUser> hasher, ISignInThrottle throttle,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var userName = request?.UserName?.Trim() ?? "";
        var password = request?.Password ?? "";
        if (userName.Length is 0 or > MaxNameLength || password.Length is 0 or > MaxPasswordLength)
        {
            return Error(StatusCodes.Status400BadRequest, "Enter your name and password.");
        }

        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var logger = loggers.CreateLogger(typeof(StaffConsoleEndpoints));
        var (blocked, retryAfter) = await throttle.CheckAsync(userName, address, ct);
        if (blocked)
        {
            logger.LogWarning("Staff sign-in refused: too many failures for {UserName} or from {Address}", userName, address);
            http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Error(StatusCodes.Status429TooManyRequests, "Too many failed sign-ins. Please wait and try again.");
        }

        var user = await users.FindByNameAsync(userName, ct);
        var result = user is { Disabled: false }
            ? hasher.VerifyHashedPassword(user, user.PasswordHash, password)
            : VerifyAgainstNothing(hasher, password);
        if (user is null || result == PasswordVerificationResult.Failed)
        {
            await throttle.RecordFailureAsync(userName, address, CancellationToken.None);
            logger.LogWarning("Staff sign-in failed for {UserName} from {Address}", userName, address);
            return Error(StatusCodes.Status401Unauthorized, "Wrong name or password.");
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.RehashPasswordAsync(user.Id, hasher.HashPassword(user, password), ct);
        }

        await throttle.RecordSuccessAsync(userName, CancellationToken.None);
        await http.SignInAsync(StaffAuthentication.CookieScheme, StaffAuthentication.Principal(user), new AuthenticationProperties { IsPersistent = false });
        logger.LogInformation("Staff {UserName} signed in", user.UserName);
        return Results.Ok(new { userName = user.UserName, role = user.Role });
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(StaffAuthentication.CookieScheme);
        return Results.NoContent();
    }

    private static async Task<IResult> GetHandoffAsync(
        Guid id, ClaimsPrincipal user, IHandoffStore store, IHandoffWorkflow workflow, TakeoverSessions sessions, TimeProvider clock,
        CancellationToken ct)
    {
        var handoff = await store.GetAsync(id, ct);
        var summary = await workflow.GetSummaryAsync(id, ct);
        if (handoff is null || summary is null)
        {
            return Results.NotFound();
        }

        // Recorded before anything is shown: if the record cannot be written, the transcript is not shown either.
        await workflow.RecordViewsAsync([id], user.StaffName(), "console", clock.GetUtcNow(), ct);
        var takeover = sessions.FindByHandoff(id);
        return Results.Ok(new
        {
            handoff = summary,
            handoff.Question,
            handoff.Transcript,
            handoff.TriageAudit,
            notes = await workflow.NotesAsync(id, ct),
            events = await workflow.EventsAsync(id, ct),
            next = HandoffTransitions.Next(summary.Status),
            takeover = takeover is null ? null : new { takeover.StaffName, takeover.Since },
        });
    }

    private static async Task<IResult> ChangeStatusAsync(
        Guid id, StatusRequest? request, ClaimsPrincipal user, IHandoffWorkflow workflow, StaffEventHub hub, TimeProvider clock,
        CancellationToken ct)
    {
        if (request?.From is not { } from || request.To is not { } to
            || !HandoffTransitions.Statuses.Contains(from) || !HandoffTransitions.Statuses.Contains(to))
        {
            return Error(StatusCodes.Status400BadRequest, $"'from' and 'to' must be statuses: {string.Join(", ", HandoffTransitions.Statuses)}.");
        }

        var result = await workflow.TransitionAsync(id, from, to, user.StaffName(), user.IsAdmin(), clock.GetUtcNow(), ct);
        switch (result.Outcome)
        {
            case TransitionOutcome.Done:
                hub.HandoffChanged(id);
                return Results.Ok(result.Handoff);
            case TransitionOutcome.NotFound:
                return Results.NotFound();
            case TransitionOutcome.Stale:
                return Conflict($"It is {result.Handoff!.Status} now: someone changed it. The console has reloaded it.", result.Handoff);
            case TransitionOutcome.ClaimedByOther:
                return Conflict($"{result.Handoff!.ClaimedBy} has claimed it.", result.Handoff);
            default:
                return Conflict($"A handoff cannot go from {from} to {to}.", result.Handoff);
        }
    }

    private static async Task<IResult> AddNoteAsync(
        Guid id, TextRequest? request, ClaimsPrincipal user, IHandoffWorkflow workflow, StaffEventHub hub, TimeProvider clock,
        CancellationToken ct)
    {
        var text = request?.Text?.Trim() ?? "";
        if (text.Length is 0 or > MaxNoteLength)
        {
            return Error(StatusCodes.Status400BadRequest, $"A note has 1 to {MaxNoteLength} characters.");
        }

        var note = await workflow.AddNoteAsync(id, user.StaffName(), text, clock.GetUtcNow(), ct);
        if (note is null)
        {
            return Results.NotFound();
        }

        hub.HandoffChanged(id);
        return Results.Created($"/staff/api/handoffs/{id}", note);
    }

    private static async Task<IResult> StartTakeoverAsync(
        Guid id, ClaimsPrincipal user, IHandoffWorkflow workflow, TakeoverService takeover, CancellationToken ct)
    {
        var summary = await workflow.GetSummaryAsync(id, ct);
        if (summary is null)
        {
            return Results.NotFound();
        }

        // Whoever talks to the patient owns the handoff: claim it first, so two people never answer at once.
        if (!string.Equals(summary.ClaimedBy, user.StaffName(), StringComparison.OrdinalIgnoreCase))
        {
            return Conflict("Claim the handoff before joining the chat.", summary);
        }

        return TakeoverResult(await takeover.StartAsync(id, user.StaffName(), ct));
    }

    private static async Task<IResult> SendTakeoverMessageAsync(
        Guid id, TextRequest? request, ClaimsPrincipal user, TakeoverService takeover, CancellationToken ct)
    {
        var text = request?.Text?.Trim() ?? "";
        if (text.Length is 0 or > TakeoverService.MaxMessageLength)
        {
            return Error(StatusCodes.Status400BadRequest, $"A message has 1 to {TakeoverService.MaxMessageLength} characters.");
        }

        return TakeoverResult(await takeover.SendAsync(id, user.StaffName(), text, ct));
    }

    private static async Task<IResult> EndTakeoverAsync(Guid id, ClaimsPrincipal user, TakeoverService takeover, CancellationToken ct) =>
        TakeoverResult(await takeover.EndAsync(id, user.StaffName(), force: user.IsAdmin(), ct));

    private static IResult TakeoverResult(TakeoverOutcome outcome) => outcome switch
    {
        TakeoverOutcome.Done => Results.NoContent(),
        TakeoverOutcome.NotFound => Results.NotFound(),
        TakeoverOutcome.NoConversation => Error(StatusCodes.Status409Conflict, "There is no chat to join for this handoff."),
        TakeoverOutcome.TakenOverByOther => Error(StatusCodes.Status409Conflict, "Someone else is talking to the patient."),
        TakeoverOutcome.NotInTakeover => Error(StatusCodes.Status409Conflict, "You are not in this chat."),
        _ => Error(StatusCodes.Status502BadGateway, "The patient's chat did not take the message: it may have ended."),
    };

    private static PasswordVerificationResult VerifyAgainstNothing(IPasswordHasher<StaffUser> hasher, string password)
    {
        // The same work as a real check, so the answer's timing does not tell which names exist.
        hasher.VerifyHashedPassword(NobodyUser, NobodyHash.Value, password);
        return PasswordVerificationResult.Failed;
    }

    private static readonly StaffUser NobodyUser = new(Guid.Empty, "", StaffRoles.Staff, "", "", true, DateTimeOffset.UnixEpoch);

    private static readonly Lazy<string> NobodyHash = new(() => new PasswordHasher<StaffUser>().HashPassword(NobodyUser, Guid.NewGuid().ToString()));

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private static IResult Conflict(string message, HandoffSummary? current) =>
        Results.Json(new { error = message, handoff = current }, statusCode: StatusCodes.Status409Conflict);
}
