using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BackPainBot.Staff;

/// <summary>Authenticates staff integrations by the bearer key in <see cref="StaffOptions.ApiKey"/>.</summary>
public sealed class StaffApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<StaffOptions> staff)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "StaffApiKey";
    public const string PolicyName = "staff";
    public const string StaffRole = "staff";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var expected = staff.Value.ApiKey;
        if (expected.Length == 0 || !KeysMatch(header[BearerPrefix.Length..].Trim(), expected))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid staff API key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "staff-api"), new Claim(ClaimTypes.Role, StaffRole)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    // Hashing first makes the comparison constant-time whatever the lengths.
    private static bool KeysMatch(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
