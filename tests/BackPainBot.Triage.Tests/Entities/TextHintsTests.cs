using BackPainBot.Triage.Entities;

namespace BackPainBot.Triage.Tests.Entities;

/// <summary>The cheap checks that keep most messages away from the (slow) recognizers.</summary>
public sealed class TextHintsTests
{
    [Theory]
    [InlineData("my shoes have 450 miles on them", true)]
    [InlineData("I've run 700km in these", true)]
    [InlineData("about four hundred miles", true)]
    [InlineData("I ran 5 mi", true)]
    [InlineData("I have pain in one leg", false)]
    [InlineData("I ran for 20 minutes", false)]
    [InlineData("miles and miles of trail", false)]
    public void MayHaveDistance_Message_IsTrueOnlyWithANumberAndAUnit(string message, bool expected)
    {
        Assert.Equal(expected, TextHints.MayHaveDistance(message));
    }

    [Theory]
    [InlineData("8/10", true)]
    [InlineData("pain is a 7", true)]
    [InlineData("it's like a six out of ten", true)]
    [InlineData("I'd rate it 9", true)]
    [InlineData("I have numbness in one foot", false)]
    [InlineData("I ran 5 miles", false)]
    [InlineData("my back hurts", false)]
    public void MayHavePainScore_Message_IsTrueOnlyWithANumberAndAScoreWord(string message, bool expected)
    {
        Assert.Equal(expected, TextHints.MayHavePainScore(message));
    }
}
