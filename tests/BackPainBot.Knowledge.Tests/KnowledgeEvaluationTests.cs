using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>The evaluation file format and how answers, lists, "did you mean" and refusals are scored.</summary>
public sealed class KnowledgeEvaluationTests : IDisposable
{
    private static readonly KnowledgeSection Shoes = Section("replace-shoes");
    private static readonly KnowledgeSection Steps = Section("shorter-steps");
    private static readonly KnowledgeSection Core = Section("engage-core");

    private readonly string _file = Path.Combine(Path.GetTempPath(), "backpainbot-questions-" + Guid.NewGuid().ToString("N") + ".tsv");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void LoadTsv_MixedRows_ReadsIdsAlternativesAndRefusals()
    {
        File.WriteAllText(_file, "# comment\nsplit\texpected\tquestion\n\ntune\treplace-shoes\told shoes?\nheldout\ta|b\ttwo answers\ntune\t-\tpizza\n");

        var questions = LabelledQuestion.LoadTsv(_file);

        Assert.Equal(3, questions.Count);
        Assert.Equal(["replace-shoes"], questions[0].ExpectedIds);
        Assert.Equal(4, questions[0].Line);
        Assert.Equal(["a", "b"], questions[1].ExpectedIds);
        Assert.Equal(LabelledQuestion.Heldout, questions[1].Split);
        Assert.False(questions[2].InScope);
    }

    [Fact]
    public void LoadTsv_RowWithoutQuestion_ThrowsNamingTheLine()
    {
        File.WriteAllText(_file, "tune\treplace-shoes\told shoes?\ntune\treplace-shoes\n");

        var error = Assert.Throws<FormatException>(() => LabelledQuestion.LoadTsv(_file));

        Assert.StartsWith($"{_file}(2):", error.Message);
    }

    [Fact]
    public void Evaluate_EachKindOfOutcome_ScoresTop1MrrAndRefusal()
    {
        var search = new FakeSearch
        {
            ["right answer"] = Answer(Shoes, Steps),
            ["wrong answer, right second"] = Answer(Steps, Shoes),
            ["right list"] = new SearchResult([Hit(Steps), Hit(Core)], 0.3f, SearchDecision.List, [Hit(Steps), Hit(Core)]),
            ["clarify, right first"] = new SearchResult([Hit(Core), Hit(Steps)], 0.3f, SearchDecision.Clarify, [Hit(Core), Hit(Steps)]),
            ["refused"] = new SearchResult([], 0.3f),
            ["answered out of scope"] = Answer(Shoes),
        };
        LabelledQuestion[] questions =
        [
            new("tune", ["replace-shoes"], "right answer"),
            new("tune", ["replace-shoes"], "wrong answer, right second"),
            new("tune", ["shorter-steps", "engage-core", "area-of-impact"], "right list"),
            new("tune", ["engage-core"], "clarify, right first"),
            new("tune", [], "refused"),
            new("tune", [], "answered out of scope"),
        ];

        var tune = KnowledgeEvaluation.Evaluate(search, questions)["tune"];

        Assert.Equal(4, tune.InScope);
        Assert.Equal(0.75, tune.Top1Accuracy, 3);
        Assert.Equal((1 + 0.5 + 1 + 1) / 4.0, tune.MeanReciprocalRank, 3);
        Assert.Equal(1, tune.Clarified);
        Assert.Equal(1, tune.Listed);
        Assert.Equal(0.5, tune.RefusalRate, 3);
        Assert.Equal(["wrong answer, right second", "answered out of scope"], tune.Misses.Select(m => m.Question));
        Assert.Equal("shorter-steps", tune.Misses[0].Got);
    }

    [Fact]
    public void Evaluate_ListWithASectionNotLabelled_IsAMiss()
    {
        var search = new FakeSearch { ["walking tips"] = new SearchResult([Hit(Steps)], 0.3f, SearchDecision.List, [Hit(Steps), Hit(Shoes)]) };

        var tune = KnowledgeEvaluation.Evaluate(search, [new LabelledQuestion("tune", ["shorter-steps"], "walking tips")])["tune"];

        Assert.Equal(0, tune.Top1Accuracy);
        Assert.Equal("list: shorter-steps, replace-shoes", Assert.Single(tune.Misses).Got);
    }

    [Fact]
    public void Format_Report_ShowsEachSplitsNumbersAndMisses()
    {
        var search = new FakeSearch { ["old shoes"] = Answer(Steps), ["pizza"] = new SearchResult([], 0.3f) };

        var text = KnowledgeEvaluation.Evaluate(search, [new("heldout", ["replace-shoes"], "old shoes"), new("heldout", [], "pizza")]).Format();

        Assert.Contains("heldout: in-scope 1, top-1 0.0 %, MRR 0.000", text, StringComparison.Ordinal);
        Assert.Contains("refused 100.0 %", text, StringComparison.Ordinal);
        Assert.Contains("\"old shoes\" expected replace-shoes, got shorter-steps (0.90)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ShippedKnowledge_ReportsBothSplits()
    {
        using var index = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions());

        var report = KnowledgeEvaluation.Evaluate(index, [new("tune", ["replace-shoes"], "are my old shoes bad for my back"), new("heldout", [], "hello")]);

        Assert.Equal(["tune", "heldout"], report.Splits.Select(s => s.Split));
        Assert.Equal(1, report["tune"].Top1Accuracy);
        Assert.Equal(1, report["heldout"].RefusalRate);
    }

    private static KnowledgeSection Section(string id) => new(id, id, "Text.", [], "article", "Article", null);

    private static SearchHit Hit(KnowledgeSection section) => new(section, 0.9f);

    private static SearchResult Answer(params KnowledgeSection[] ranked) => new([.. ranked.Select(Hit)], 0.3f);

    private sealed class FakeSearch : Dictionary<string, SearchResult>, IKnowledgeSearch
    {
        public IReadOnlyList<KnowledgeSection> Sections => [Shoes, Steps, Core];

        public SearchResult Search(string question, int maxHits = 3) => this[question];

        public KnowledgeSection? Find(string sectionId) => Sections.FirstOrDefault(s => s.Id == sectionId);

        public IReadOnlyList<KnowledgeSection> Related(string sectionId, int max = 3) => [];
    }
}
