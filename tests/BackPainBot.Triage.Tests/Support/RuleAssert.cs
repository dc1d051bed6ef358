namespace BackPainBot.Triage.Tests.Support;

/// <summary>Assertions on the clinic's rules alone (no second opinion), shared by the tests of each round's families.</summary>
internal static class RuleAssert
{
    /// <summary>
    /// The message is at <paramref name="level"/> and has exactly one flag of <paramref name="code"/>, read in
    /// <paramref name="context"/>.
    /// </summary>
    public static void AssertFlag(string message, string code, TriageLevel level, MentionContext context = MentionContext.Reported)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(level, result.Level);
        Assert.Equal(context, Assert.Single(result.Flags, f => f.Code == code).Context);
    }

    /// <summary>The message raises no flag.</summary>
    public static void AssertNone(string message) =>
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
}
