using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BackPainBot.Handoffs.Notifications;

/// <summary>
/// The signature on every webhook request: HMAC-SHA256, keyed with the webhook's secret, over the timestamp header's
/// value, a full stop, and the exact body bytes. Signing the timestamp lets a receiver refuse replays of an old request.
/// </summary>
public static class WebhookSignature
{
    /// <summary>Header holding <c>sha256=</c> and the lower-case hex HMAC.</summary>
    public const string SignatureHeader = "X-BackPainBot-Signature";

    /// <summary>Header holding the Unix time, in seconds, at which the request was signed.</summary>
    public const string TimestampHeader = "X-BackPainBot-Timestamp";

    /// <summary>Header holding the key that stays the same on every retry of one notification.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Header holding the event: <c>created</c>, <c>escalated</c> or <c>contact-added</c>.</summary>
    public const string EventHeader = "X-BackPainBot-Event";

    /// <summary>Header holding the attempt number, from 1.</summary>
    public const string AttemptHeader = "X-BackPainBot-Attempt";

    /// <summary>Prefix of the signature header's value, naming the algorithm.</summary>
    public const string Scheme = "sha256=";

    /// <summary>Shortest secret accepted, in characters.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>The value of <see cref="TimestampHeader"/> for <paramref name="time"/>.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The value of <see cref="SignatureHeader"/>: <c>sha256=</c> and the hex HMAC of <c>timestamp + "." + body</c>.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(timestamp);
        return Scheme + Convert.ToHexStringLower(Compute(secret, timestamp, body));
    }

    /// <summary>
    /// What a receiver does: true when <paramref name="signature"/> is the HMAC of this timestamp and body under
    /// <paramref name="secret"/> and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// Compares in constant time.
    /// </summary>
    public static bool Verify(
        string secret, string? timestamp, ReadOnlySpan<byte> body, string? signature, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrEmpty(timestamp) || signature is null || !signature.StartsWith(Scheme, StringComparison.Ordinal)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan(Scheme.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Compute(secret, timestamp, body));
    }

    private static byte[] Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}
