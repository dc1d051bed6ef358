namespace BackPainBot.Triage.Tests.Support;

/// <summary>Locates the repository's own knowledge folder, so tests run against the rules the clinic ships.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = BackPainBot.Testing.RepoRoot.Find();

    public static string RedFlags => Path.Combine(Root, "knowledge", "red-flags.json");

    /// <summary>The labelled examples the second opinion is trained on.</summary>
    public static string TriageExamples => Path.Combine(Root, "knowledge", "triage-examples.tsv");

    /// <summary>The labelled evaluation set, read from the source tree so an edit needs no rebuild.</summary>
    public static string EvaluationSet => Path.Combine(Root, "tests", "BackPainBot.Triage.Tests", "Data", "triage-eval.tsv");
}
