using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Knowledge;

namespace BackPainBot.Conversation.Tests;

public sealed class HotReloadTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bpb-knowledge-" + Guid.NewGuid().ToString("N"));

    public HotReloadTests()
    {
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Knowledge, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_folder, Path.GetRelativePath(RepoPaths.Knowledge, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task NewArticleFile_IsAnsweredInTheSameConversationWithoutARestart()
    {
        using var knowledge = new ReloadingKnowledgeSearch(_folder, new KnowledgeOptions());
        var bot = new BotHarness(knowledge: knowledge);
        const string question = "How should I warm up my hamstrings before a hike?";
        Assert.StartsWith("I'm sorry, I can't help with that.", Assert.Single(await bot.SayAsync(question)).Text);

        await File.WriteAllTextAsync(Path.Combine(_folder, "articles", "warm-up.md"), """
            ---
            id: warm-up
            title: Warming up before a walk or hike
            source: https://www.painandinjuryclinic.com/warming-up/
            keywords: warm up, hike
            ---

            ## Warm up your hamstrings {#warm-up-hamstrings}
            keywords: hamstrings, warm up, warming up, hike, hiking

            Walk gently for five minutes, then swing each leg forward and back ten times to warm up your hamstrings.
            """);
        await knowledge.ReloadNowAsync();

        var reply = Assert.Single(await bot.SayAsync(question));

        Assert.Contains("swing each leg forward and back", reply.Text);
        Assert.Contains("Source: \"Warming up before a walk or hike\"", reply.Text);
    }
}
