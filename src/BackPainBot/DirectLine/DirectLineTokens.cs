using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BackPainBot.DirectLine;

/// <summary>What a token may be used for; a token of one use is refused for the other.</summary>
internal enum TokenUse
{
    /// <summary>The bearer token of the REST calls, refreshed by the client every 15 minutes.</summary>
    Conversation,

    /// <summary>The short-lived token in a <c>streamUrl</c>: browsers cannot send headers on a WebSocket.</summary>
    Stream,
}

/// <summary>How a presented token fared.</summary>
internal enum TokenStatus
{
    Valid,
    Missing,
    Invalid,
    Expired,
}

/// <summary>What a valid token grants: one conversation, as one user, until it expires.</summary>
internal sealed record TokenGrant(string ConversationId, string UserId, DateTimeOffset Expires);

/// <summary>
/// Issues and checks the tokens that grant one patient one conversation: compact HS256 JWTs. A JWT because Web Chat
/// reads the user id from the token's <c>user</c> claim; HS256 because only this host signs and checks them.
/// </summary>
public sealed class DirectLineTokens
{
    /// <summary>How long a <c>streamUrl</c> may wait before its socket is opened; clients open it at once.</summary>
    internal static readonly TimeSpan StreamTokenLifetime = TimeSpan.FromMinutes(2);

    private const string Issuer = "backpainbot-directline";
    private const int MaxTokenLength = 2048;
    private const int SignatureBytes = 32;

    // The header is fixed and compared as text, so no token can choose its own algorithm ("none", RS256, ...).
    private static readonly string EncodedHeader = Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);

    private readonly byte[] _key;
    private readonly TimeProvider _clock;

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider clock, ILogger<DirectLineTokens> logger)
    {
        _clock = clock;
        var secret = options.Value.TokenSecret;
        if (string.IsNullOrEmpty(secret))
        {
            _key = RandomNumberGenerator.GetBytes(SignatureBytes);
            logger.LogWarning(
                "DirectLine:TokenSecret is not set, so this process made its own. Web chat tokens stop working when it " +
                "restarts, and several instances behind one address need one shared secret: set DirectLine__TokenSecret " +
                "(at least {MinimumLength} characters) on all of them.",
                DirectLineOptions.MinimumSecretLength);
        }
        else
        {
            _key = Encoding.UTF8.GetBytes(secret);
        }
    }

    internal string Issue(string conversationId, string userId, TokenUse use, DateTimeOffset expires)
    {
        var payload = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString("iss", Issuer);
            json.WriteString("conv", conversationId);
            json.WriteString("user", userId);
            json.WriteString("use", UseName(use));
            json.WriteNumber("iat", _clock.GetUtcNow().ToUnixTimeSeconds());
            json.WriteNumber("exp", expires.ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(payload.WrittenSpan);
        return signingInput + "." + Base64Url.EncodeToString(Sign(signingInput));
    }

    /// <summary>The expiry of a new token issued now for <paramref name="lifetime"/>, on a whole second as JWTs keep it.</summary>
    internal DateTimeOffset ExpiryFromNow(TimeSpan lifetime) =>
        DateTimeOffset.FromUnixTimeSeconds((_clock.GetUtcNow() + lifetime).ToUnixTimeSeconds());

    /// <summary>Whole seconds until <paramref name="expires"/>, as <c>expires_in</c> reports them.</summary>
    internal int SecondsUntil(DateTimeOffset expires) =>
        (int)Math.Max(0, Math.Ceiling((expires - _clock.GetUtcNow()).TotalSeconds));

    internal TokenStatus Validate(string? token, TokenUse use, out TokenGrant? grant)
    {
        grant = null;
        if (string.IsNullOrEmpty(token))
        {
            return TokenStatus.Missing;
        }

        if (token.Length > MaxTokenLength)
        {
            return TokenStatus.Invalid;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !string.Equals(parts[0], EncodedHeader, StringComparison.Ordinal))
        {
            return TokenStatus.Invalid;
        }

        if (!TryDecode(parts[2], out var signature) || signature.Length != SignatureBytes
            || !CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
        {
            return TokenStatus.Invalid;
        }

        // Signed by us from here on; the checks below guard against our own older or other-use tokens.
        if (!TryDecode(parts[1], out var payload) || !TryReadPayload(payload, out var claims) || claims.Use != UseName(use))
        {
            return TokenStatus.Invalid;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.Expires);
        if (_clock.GetUtcNow() >= expires)
        {
            return TokenStatus.Expired;
        }

        grant = new TokenGrant(claims.ConversationId, claims.UserId, expires);
        return TokenStatus.Valid;
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signingInput));

    private static string UseName(TokenUse use) => use == TokenUse.Stream ? "stream" : "conversation";

    private static bool TryDecode(string part, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(part);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static bool TryReadPayload(byte[] payload, out Claims claims)
    {
        claims = default;
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || iss.GetString() != Issuer
                || !root.TryGetProperty("conv", out var conv) || conv.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("use", out var use) || use.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires))
            {
                return false;
            }

            claims = new Claims(conv.GetString()!, user.GetString()!, use.GetString()!, expires);
            return claims.ConversationId.Length > 0 && claims.UserId.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private readonly record struct Claims(string ConversationId, string UserId, string Use, long Expires);
}
