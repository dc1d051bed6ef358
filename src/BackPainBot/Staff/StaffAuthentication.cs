using System.Security.Claims;
using BackPainBot.Handoffs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace BackPainBot.Staff;

/// <summary>
/// Console sign-in: a cookie scheme for <c>/staff</c> (HttpOnly, SameSite=Strict, Secure over HTTPS), passwords
/// checked with ASP.NET Core Identity's hasher, and the policies the console's routes require.
/// </summary>
public static class StaffAuthentication
{
    public const string CookieScheme = "StaffCookie";
    public const string CookieName = "backpainbot-staff";

    /// <summary>Any signed-in staff account (staff or admin).</summary>
    public const string ConsolePolicy = "staff-console";

    /// <summary>Signed-in administrators only.</summary>
    public const string AdminPolicy = "staff-admin";

    /// <summary>The header every state-changing console request must carry: a page on another site cannot set it without CORS.</summary>
    public const string RequestHeader = "X-Staff-Request";

    public const string SignInPath = "/staff/signin";

    private const string StampClaim = "backpainbot:stamp";

    /// <summary>Adds the cookie scheme and the console policies.</summary>
    internal static void AddStaffCookie(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.Path = "/staff";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.IsEssential = true;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = SignInPath;
                cookie.Events = new CookieAuthenticationEvents
                {
                    // The API answers with status codes; pages send the person to sign in.
                    OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden),
                    OnValidatePrincipal = ValidateAsync,
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<StaffOptions>>((cookie, staff) => cookie.ExpireTimeSpan = staff.Value.SessionLifetime);

        services.AddAuthorizationBuilder()
            .AddPolicy(ConsolePolicy, policy => policy
                .AddAuthenticationSchemes(CookieScheme)
                .RequireAuthenticatedUser()
                .RequireRole(StaffRoles.Staff, StaffRoles.Admin))
            .AddPolicy(AdminPolicy, policy => policy
                .AddAuthenticationSchemes(CookieScheme)
                .RequireAuthenticatedUser()
                .RequireRole(StaffRoles.Admin));
        services.AddSingleton<IPasswordHasher<StaffUser>, PasswordHasher<StaffUser>>();
    }

    /// <summary>The principal a signed-in account gets.</summary>
    internal static ClaimsPrincipal Principal(StaffUser user) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString("D")),
            new Claim(ClaimTypes.Name, user.UserName),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(StampClaim, user.SecurityStamp),
        ],
        CookieScheme));

    /// <summary>The signed-in account's name, as the audit trail records it.</summary>
    internal static string StaffName(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    internal static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(StaffRoles.Admin);

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && !context.Request.Path.StartsWithSegments("/staff/api"))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }

    /// <summary>A disabled account or a changed password ends the sign-ins made before.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<IStaffUserStore>();
        var principal = context.Principal;
        var user = Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? await users.GetAsync(id, context.HttpContext.RequestAborted)
            : null;
        if (principal is null || user is null || user.Disabled || user.SecurityStamp != principal.FindFirstValue(StampClaim)
            || user.Role != principal.FindFirstValue(ClaimTypes.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }
}
