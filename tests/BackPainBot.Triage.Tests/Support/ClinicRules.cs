namespace BackPainBot.Triage.Tests.Support;

/// <summary>The clinic's real rule file, loaded once for all tests.</summary>
internal static class ClinicRules
{
    private static readonly Lazy<TriageRuleSet> SharedRules = new(() => TriageRules.Load(RepoPaths.RedFlags));
    private static readonly Lazy<TriageEngine> SharedEngine = new(() => new TriageEngine(SharedRules.Value));

    public static TriageRuleSet Rules => SharedRules.Value;

    public static TriageEngine Engine => SharedEngine.Value;

    private static readonly Lazy<TriageEngine> SharedEngineWithSecondOpinion =
        new(() => new TriageEngine(SharedRules.Value, secondOpinion: BackPainBot.Triage.Learned.SecondOpinion.Load(SharedRules.Value, RepoPaths.TriageExamples)));

    /// <summary>The rules with the second opinion trained on the clinic's examples, with its default thresholds.</summary>
    public static TriageEngine EngineWithSecondOpinion => SharedEngineWithSecondOpinion.Value;
}
