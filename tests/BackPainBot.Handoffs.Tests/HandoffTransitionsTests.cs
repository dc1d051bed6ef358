namespace BackPainBot.Handoffs.Tests;

public sealed class HandoffTransitionsTests
{
    [Theory]
    [InlineData("new", "claimed", true)]
    [InlineData("claimed", "contacted", true)]
    [InlineData("contacted", "booked", true)]
    [InlineData("contacted", "closed", true)]
    [InlineData("booked", "closed", true)]
    [InlineData("booked", "new", false)]
    [InlineData("closed", "claimed", false)]
    [InlineData("nonsense", "claimed", false)]
    public void IsAllowed_WorkflowTable_MatchesTheIssue(string from, string to, bool allowed)
    {
        Assert.Equal(allowed, HandoffTransitions.IsAllowed(from, to));
    }
}
