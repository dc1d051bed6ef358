namespace BackPainBot.Knowledge.Tests.Support;

/// <summary>The index built from the repository's knowledge folder, shared by a test class (building it once is enough).</summary>
public sealed class ShippedKnowledge : IDisposable
{
    public ShippedKnowledge() => Index = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions());

    public KnowledgeIndex Index { get; }

    public void Dispose() => Index.Dispose();
}
