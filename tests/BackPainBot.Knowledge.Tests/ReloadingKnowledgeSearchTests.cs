using System.Collections.Concurrent;
using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>Hot reload of a copy of the shipped knowledge folder: new articles, bad edits, and searches during swaps.</summary>
public sealed class ReloadingKnowledgeSearchTests : IDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(15);

    private readonly TempKnowledgeFolder _folder = new();

    public ReloadingKnowledgeSearchTests()
    {
        File.Copy(Path.Combine(RepoPaths.Knowledge, "articles", "ankles-lower-back-pain.md"), Path.Combine(_folder.ArticlesPath, "ankles-lower-back-pain.md"));
        _folder.CopyShippedSynonyms("sleep", "mattress");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReloadNowAsync_NewArticleFile_MakesItsSectionSearchable()
    {
        using var search = new ReloadingKnowledgeSearch(_folder.Path, new KnowledgeOptions());
        Assert.NotEqual("supportive-mattress", search.Search("is my saggy mattress hurting my back?").Best?.Section.Id);

        _folder.WriteArticle("sleep.md", Articles.Sleep);
        await search.ReloadNowAsync();

        Assert.True(search.Generation >= 2);
        Assert.Equal("supportive-mattress", search.Search("is my saggy mattress hurting my back?").Best?.Section.Id);
        Assert.NotNull(search.Find("side-sleeping"));
        Assert.Equal(11, search.Sections.Count);
    }

    [Fact]
    public async Task Watcher_ArticleAddedOnDisk_ReloadsWithoutBeingAsked()
    {
        using var search = new ReloadingKnowledgeSearch(_folder.Path, new KnowledgeOptions(), debounce: TimeSpan.FromMilliseconds(50));
        var reloaded = new TaskCompletionSource<KnowledgeReloadedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        search.Reloaded += (_, e) => reloaded.TrySetResult(e);

        _folder.WriteArticle("sleep.md", Articles.Sleep);
        var args = await reloaded.Task.WaitAsync(EventTimeout);

        Assert.Equal(11, args.SectionCount);
        Assert.Equal("supportive-mattress", search.Search("which mattress is best for my back").Best?.Section.Id);
    }

    [Fact]
    public async Task Watcher_SynonymsEdited_ReloadsWithTheNewRule()
    {
        using var search = new ReloadingKnowledgeSearch(_folder.Path, new KnowledgeOptions(), debounce: TimeSpan.FromMilliseconds(50));
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        search.Reloaded += (_, _) => reloaded.TrySetResult();
        Assert.Null(search.Search("are clodhoppers bad").Best);

        File.AppendAllText(_folder.SynonymsPath, "\nclodhoppers => shoes\n");
        await reloaded.Task.WaitAsync(EventTimeout);

        Assert.Equal("replace-shoes", search.Search("are clodhoppers bad").Best?.Section.Id);
    }

    [Fact]
    public async Task ReloadNowAsync_InvalidArticle_KeepsAnsweringAndRaisesReloadFailed()
    {
        var logged = new ConcurrentQueue<(string Message, Exception? Error)>();
        using var search = new ReloadingKnowledgeSearch(_folder.Path, new KnowledgeOptions(), (m, e) => logged.Enqueue((m, e)), TimeSpan.FromHours(1));
        KnowledgeReloadFailedEventArgs? failed = null;
        search.ReloadFailed += (_, e) => failed = e;
        var broken = _folder.WriteArticle("broken.md", "## Shoes {#shoes}\nNo front matter.\n");

        await search.ReloadNowAsync();

        Assert.NotNull(failed);
        var error = Assert.IsType<KnowledgeFormatException>(failed.Exception);
        Assert.Equal(broken, error.FilePath);
        Assert.Equal(1, failed.ServingGeneration);
        Assert.Equal(1, search.Generation);
        Assert.Equal("replace-shoes", search.Search("how often should I replace my running shoes").Best?.Section.Id);
        Assert.Contains(logged, l => l.Error is KnowledgeFormatException && l.Message.Contains("still serving generation 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReloadNowAsync_AfterAFailedEditIsFixed_ServesTheFix()
    {
        using var search = new ReloadingKnowledgeSearch(_folder.Path, new KnowledgeOptions(), debounce: TimeSpan.FromHours(1));
        var broken = _folder.WriteArticle("sleep.md", "---\nid: sleep\n---\n");
        await search.ReloadNowAsync();

        File.WriteAllText(broken, Articles.Sleep);
        await search.ReloadNowAsync();

        Assert.Equal(2, search.Generation);
        Assert.Equal("supportive-mattress", search.Search("is my saggy mattress hurting my back?").Best?.Section.Id);
    }

    [Fact]
    public async Task Search_WhileReloadingRepeatedly_NeverThrows()
    {
        using var search = new ReloadingKnowledgeSearch(_folder.Path, new KnowledgeOptions(), debounce: TimeSpan.FromHours(1));
        string[] questions = ["is concrete bad for my back", "when to replace shoes", "how should I walk", "pizza", "Replace old shoes"];
        var errors = new ConcurrentQueue<Exception>();
        var answered = 0;
        using var stop = new CancellationTokenSource();

        var searchers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var result = search.Search(questions[(i + worker) % questions.Length]);
                    _ = search.Related("replace-shoes");
                    if (result.Decision != SearchDecision.NoMatch)
                    {
                        Interlocked.Increment(ref answered);
                    }
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            }
        })).ToArray();

        for (var reload = 0; reload < 10; reload++)
        {
            if (reload == 5)
            {
                _folder.WriteArticle("sleep.md", Articles.Sleep);
            }

            await search.ReloadNowAsync();
        }

        await stop.CancelAsync();
        await Task.WhenAll(searchers);

        Assert.Empty(errors);
        Assert.True(answered > 0);
        Assert.Equal(11, search.Generation);
    }

    [Fact]
    public void Constructor_InvalidFolder_ThrowsLikeStartUp()
    {
        File.WriteAllText(Path.Combine(_folder.ArticlesPath, "ankles-lower-back-pain.md"), "no front matter\n");

        Assert.Throws<KnowledgeFormatException>(() => new ReloadingKnowledgeSearch(_folder.Path, new KnowledgeOptions()));
    }

    [Fact]
    public void Search_AfterDispose_Throws()
    {
        var search = new ReloadingKnowledgeSearch(_folder.Path, new KnowledgeOptions());
        search.Dispose();

        Assert.Throws<ObjectDisposedException>(() => search.Search("shoes"));
    }
}
