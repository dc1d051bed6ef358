using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>
/// The learned second opinion on answers (<see cref="AnswerModel"/>, trained on <c>knowledge/answer-examples.tsv</c>):
/// what it changes for a patient, the examples file's checks, and hot reload of that file.
/// </summary>
public sealed class SecondOpinionTests : IClassFixture<ShippedKnowledge>, IDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(15);

    private readonly KnowledgeIndex _index;
    private readonly TempKnowledgeFolder _folder = new();

    public SecondOpinionTests(ShippedKnowledge shipped) => _index = shipped.Index;

    public void Dispose() => _folder.Dispose();

    // Written for this test, in the words of blind batch r11's misses (neither row is in the examples or the eval file).
    private const string TummyWithThePram = "is there any point keeping my belly pulled in while pushing the buggy";
    private const string BmiFigure = "whats a normal BMI for a man of 6 foot";

    [Fact]
    public void Search_ShippedExamples_TrainTheModel()
    {
        Assert.True(_index.HasModel);
        Assert.Equal("engage-core", _index.Opinion(TummyWithThePram)[0].SectionId);
        Assert.Equal(AnswerModel.Refuse, _index.Opinion(BmiFigure)[0].SectionId);
    }

    [Fact]
    public void Search_QuestionTheSearchAloneRefuses_IsAnsweredWhenTheModelIsSureOfARankedSection()
    {
        using var searchAlone = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions { SecondOpinion = { Enabled = false } });
        var before = searchAlone.Search(TummyWithThePram);
        Assert.Equal(SearchDecision.NoMatch, before.Decision);
        Assert.Contains(before.Hits, h => h.Section.Id == "engage-core");

        var result = _index.Search(TummyWithThePram);

        Assert.Equal(SearchDecision.Answer, result.Decision);
        Assert.Equal("engage-core", result.Selected[0].Section.Id);
        Assert.StartsWith("second opinion answered engage-core (p ", result.SecondOpinion);
    }

    [Fact]
    public void Search_OutOfScopeQuestionTheSearchAloneAnswers_IsRefusedWhenTheModelIsSure()
    {
        using var searchAlone = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions { SecondOpinion = { Enabled = false } });
        Assert.Equal("healthy-weight", searchAlone.Search(BmiFigure).Best?.Section.Id);

        var result = _index.Search(BmiFigure);

        Assert.Equal(SearchDecision.NoMatch, result.Decision);
        Assert.StartsWith("second opinion refused (p refuse ", result.SecondOpinion);
    }

    [Fact]
    public void Search_ModelAgrees_LeavesTheDecisionAndSaysNothing()
    {
        var result = _index.Search("how often should I replace my running shoes");

        Assert.Equal("replace-shoes", result.Best?.Section.Id);
        Assert.Null(result.SecondOpinion);
    }

    [Fact]
    public void Reconsider_RulesAboveOne_AreOff()
    {
        using var rulesOff = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions
        {
            SecondOpinion = { AnswerConfidence = 2, RefuseConfidence = 2, ReorderMargin = 2 },
        });

        Assert.Equal(SearchDecision.NoMatch, rulesOff.Search(TummyWithThePram).Decision);
        Assert.Equal("healthy-weight", rulesOff.Search(BmiFigure).Best?.Section.Id);
    }

    [Fact]
    public void Search_SectionAddedAfterTheExamples_IsNotRefusedOnOldRefuseExamples()
    {
        // The shipped examples refuse mattress questions; an article about sleep now answers them.
        File.Copy(Path.Combine(RepoPaths.Knowledge, "articles", "ankles-lower-back-pain.md"), Path.Combine(_folder.ArticlesPath, "ankles-lower-back-pain.md"));
        _folder.WriteArticle("sleep.md", Articles.Sleep);
        _folder.CopyShippedSynonyms("sleep", "mattress");
        File.Copy(Path.Combine(RepoPaths.Knowledge, AnswerExamples.FileName), Path.Combine(_folder.Path, AnswerExamples.FileName));
        using var index = KnowledgeIndex.Load(_folder.Path, new KnowledgeOptions());
        const string question = "which mattress is best for my back";
        // Without the guard, rule B would refuse it.
        Assert.True(index.Opinion(question).Single(o => o.SectionId == AnswerModel.Refuse).Probability >= new AnswerOpinionOptions().RefuseConfidence);

        var result = index.Search(question);

        Assert.Equal("supportive-mattress", result.Best?.Section.Id);
        Assert.Equal(SearchDecision.Answer, result.Decision);
        Assert.Null(result.SecondOpinion);
    }

    [Fact]
    public void Load_ExampleWithUnknownSectionId_FailsNamingFileAndLine()
    {
        var path = WriteExamples("replace-shoes\thow often should I replace my shoes", "replace-sneakers\twhen do trainers wear out");

        var error = Assert.Throws<KnowledgeFormatException>(() => KnowledgeIndex.Load(_folder.Path, new KnowledgeOptions()));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("Unknown section id 'replace-sneakers'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateExample_FailsNamingBothLines()
    {
        WriteExamples("# comment", "replace-shoes\thow often should I replace my shoes", "-\tHow often should I replace my shoes?");

        var error = Assert.Throws<KnowledgeFormatException>(() => KnowledgeIndex.Load(_folder.Path, new KnowledgeOptions()));

        Assert.Equal(3, error.LineNumber);
        Assert.Contains("Duplicate example: the same question is on line 2.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadExamples_ListsEveryProblem()
    {
        WriteExamples(
            "replace-shoes\thow often should I replace my shoes",
            "no tab here",
            "replace-sneakers\twhen do trainers wear out",
            "replace-shoes\thow often should I replace my shoes");

        var problems = KnowledgeValidator.Validate(_folder.Path);

        Assert.Equal(3, problems.Count(p => p.Contains(AnswerExamples.FileName, StringComparison.Ordinal)));
        Assert.Contains(problems, p => p.Contains("(2)", StringComparison.Ordinal) && p.Contains("section-id<TAB>question", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("(3)", StringComparison.Ordinal) && p.Contains("replace-sneakers", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("(4)", StringComparison.Ordinal) && p.Contains("Duplicate example", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ShippedExamples_HaveNoProblems()
    {
        Assert.Empty(KnowledgeValidator.Validate(RepoPaths.Knowledge));
    }

    [Fact]
    public async Task Watcher_ExamplesAdded_ReloadsWithTheModel()
    {
        CopyShippedArticle();
        using var search = new ReloadingKnowledgeSearch(_folder.Path, new KnowledgeOptions(), debounce: TimeSpan.FromMilliseconds(50));
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        search.Reloaded += (_, _) => reloaded.TrySetResult();
        Assert.Equal("healthy-weight", search.Search(BmiFigure).Best?.Section.Id);

        File.Copy(Path.Combine(RepoPaths.Knowledge, AnswerExamples.FileName), Path.Combine(_folder.Path, AnswerExamples.FileName));
        await reloaded.Task.WaitAsync(EventTimeout);

        Assert.Equal(SearchDecision.NoMatch, search.Search(BmiFigure).Decision);
    }

    [Fact]
    public async Task ReloadNowAsync_BadExamples_KeepsServingAndNamesTheFile()
    {
        CopyShippedArticle();
        File.Copy(Path.Combine(RepoPaths.Knowledge, AnswerExamples.FileName), Path.Combine(_folder.Path, AnswerExamples.FileName));
        using var search = new ReloadingKnowledgeSearch(_folder.Path, new KnowledgeOptions(), debounce: TimeSpan.FromHours(1));
        KnowledgeReloadFailedEventArgs? failed = null;
        search.ReloadFailed += (_, e) => failed = e;
        var path = Path.Combine(_folder.Path, AnswerExamples.FileName);
        File.AppendAllText(path, "replace-sneakers\twhen do trainers wear out\n");

        await search.ReloadNowAsync();

        var error = Assert.IsType<KnowledgeFormatException>(failed?.Exception);
        Assert.Equal(path, error.FilePath);
        Assert.Equal(SearchDecision.NoMatch, search.Search(BmiFigure).Decision);
    }

    private void CopyShippedArticle()
    {
        File.Copy(Path.Combine(RepoPaths.Knowledge, "articles", "ankles-lower-back-pain.md"), Path.Combine(_folder.ArticlesPath, "ankles-lower-back-pain.md"));
        File.Copy(Path.Combine(RepoPaths.Knowledge, "synonyms.txt"), _folder.SynonymsPath);
    }

    private string WriteExamples(params string[] lines)
    {
        CopyShippedArticle();
        var path = Path.Combine(_folder.Path, AnswerExamples.FileName);
        File.WriteAllLines(path, lines);
        return path;
    }
}
