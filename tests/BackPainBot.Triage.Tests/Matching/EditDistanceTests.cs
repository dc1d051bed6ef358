using BackPainBot.Triage.Matching;

namespace BackPainBot.Triage.Tests.Matching;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("numbness", "numbness", 0)]
    [InlineData("numbnes", "numbness", 1)]
    [InlineData("nmubness", "numbness", 1)]
    [InlineData("tingleing", "tingling", 1)]
    [InlineData("bladdar", "bladder", 1)]
    [InlineData("numbers", "numbness", 2)]
    [InlineData("hills", "chills", 1)]
    public void Compute_TwoWords_ReturnsRestrictedDamerauLevenshteinDistance(string a, string b, int distance)
    {
        Assert.Equal(distance, EditDistance.Compute(a, b, 3));
    }

    [Fact]
    public void Compute_DistanceAboveMax_ReturnsMaxPlusOne()
    {
        Assert.Equal(2, EditDistance.Compute("cramps", "cancer", 1));
    }
}
