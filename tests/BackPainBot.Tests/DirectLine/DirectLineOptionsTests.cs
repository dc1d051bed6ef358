using Microsoft.Extensions.Options;

namespace BackPainBot.Tests.DirectLine;

public sealed class DirectLineOptionsTests
{
    [Theory]
    [InlineData("00:00:04")]
    [InlineData("1.00:00:01")]
    public void TokenLifetime_OutsideFiveSecondsToOneDay_StopsStartUpNamingTheSetting(string lifetime)
    {
        using var factory = new DirectLineFactory(new Dictionary<string, string> { ["DirectLine:TokenLifetime"] = lifetime });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("DirectLine:TokenLifetime", error.Message);
    }

    [Fact]
    public async Task TokenLifetime_FiveSeconds_IsAcceptedAndIssuedAsFiveSeconds()
    {
        using var factory = new DirectLineFactory(new Dictionary<string, string> { ["DirectLine:TokenLifetime"] = "00:00:05" });

        var body = await new DirectLineClient(factory.CreateClient()).GenerateTokenAsync();

        Assert.Equal(5, body["expires_in"]!.GetValue<int>());
    }
}
