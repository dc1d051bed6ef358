using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>Start and Length point at the matched words in the message exactly as the person typed it.</summary>
public sealed class OffsetTests
{
    [Theory]
    [InlineData("numb between my legs since this morning", "numb between my legs")]
    [InlineData("😣😣 I can’t feel my legs", "can’t feel my legs")]
    [InlineData("Help!!! I have NUMBNESS in my foot", "NUMBNESS")]
    [InlineData("I cant pee", "cant pee")]
    [InlineData("I can not pee", "can not pee")]
    [InlineData("Hi.\nToday I   peed    myself", "peed    myself")]
    [InlineData("  tingleing in my toes", "tingleing")]
    [InlineData("my pins-and-needles are back", "pins-and-needles")]
    public void Assess_Flag_PointsAtTheMatchedTextInTheOriginalMessage(string message, string matched)
    {
        var flag = Assert.Single(ClinicRules.Engine.Assess(message).Flags);

        Assert.Equal(matched, message.Substring(flag.Start, flag.Length));
    }

    [Fact]
    public void Assess_SuppressedMention_PointsAtTheMatchedText()
    {
        const string message = "No fever 🙂 but my legs are weak";

        var result = ClinicRules.Engine.Assess(message);

        var suppressed = Assert.Single(result.Suppressed);
        Assert.Equal("fever", message.Substring(suppressed.Start, suppressed.Length));
        Assert.Equal("legs are weak", message.Substring(result.Flags[0].Start, result.Flags[0].Length));
    }

    [Fact]
    public void Assess_Combination_SpansItsParts()
    {
        const string message = "I have osteoporosis and slipped";

        var flag = Assert.Single(ClinicRules.Engine.Assess(message).Flags);

        Assert.Equal("osteoporosis and slipped", message.Substring(flag.Start, flag.Length));
    }
}
