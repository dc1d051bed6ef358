using System.Text;
using BackPainBot.Handoffs.Notifications;

namespace BackPainBot.Handoffs.Tests.Notifications;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec-0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_741_600_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"event\":\"created\"}");

    [Fact]
    public void Sign_KnownInput_MatchesAnIndependentHmac()
    {
        // Computed with: printf '1741600000.{"event":"created"}' | openssl dgst -sha256 -hmac "$SECRET"
        var signature = WebhookSignature.Sign(Secret, "1741600000", Body);

        Assert.Equal("sha256=" + ExpectedHex, signature);
    }

    [Fact]
    public void Verify_SignatureFromSign_True()
    {
        var timestamp = WebhookSignature.FormatTimestamp(Now);

        var valid = WebhookSignature.Verify(Secret, timestamp, Body, WebhookSignature.Sign(Secret, timestamp, Body), Now, TimeSpan.FromMinutes(5));

        Assert.True(valid);
    }

    [Fact]
    public void Verify_BodyChanged_False()
    {
        var timestamp = WebhookSignature.FormatTimestamp(Now);
        var signature = WebhookSignature.Sign(Secret, timestamp, Body);

        Assert.False(WebhookSignature.Verify(Secret, timestamp, Encoding.UTF8.GetBytes("{\"event\":\"escalated\"}"), signature, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Verify_WrongSecret_False()
    {
        var timestamp = WebhookSignature.FormatTimestamp(Now);
        var signature = WebhookSignature.Sign(Secret, timestamp, Body);

        Assert.False(WebhookSignature.Verify(Secret + "x", timestamp, Body, signature, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Verify_TimestampOutsideTolerance_False()
    {
        var timestamp = WebhookSignature.FormatTimestamp(Now);
        var signature = WebhookSignature.Sign(Secret, timestamp, Body);

        Assert.False(WebhookSignature.Verify(Secret, timestamp, Body, signature, Now.AddMinutes(6), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=zz")]
    [InlineData("md5=abcdef")]
    public void Verify_MalformedSignature_False(string? signature)
    {
        Assert.False(WebhookSignature.Verify(Secret, WebhookSignature.FormatTimestamp(Now), Body, signature, Now, TimeSpan.FromMinutes(5)));
    }

    private const string ExpectedHex = "ebd3e0c979308db89f69c31f7ed13e809be6c582d8af015620225804926f113d";
}
