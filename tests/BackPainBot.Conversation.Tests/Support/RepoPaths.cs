namespace BackPainBot.Conversation.Tests.Support;

/// <summary>Locates the repository's own knowledge folder, so tests run against what the clinic ships.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = BackPainBot.Testing.RepoRoot.Find();

    public static string Knowledge => Path.Combine(Root, "knowledge");

    public static string RedFlags => Path.Combine(Root, "knowledge", "red-flags.json");

    public static string TriageExamples => Path.Combine(Root, "knowledge", "triage-examples.tsv");
}
