using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>The analysis chain, denied-symptom spans and typo distance, on single words and phrases.</summary>
public sealed class AnalysisTests
{
    private static readonly Lucene.Net.Analysis.Synonym.SynonymMap? ShippedSynonyms =
        KnowledgeAnalysis.ParseSynonyms(File.ReadAllText(Path.Combine(RepoPaths.Knowledge, "synonyms.txt")), "synonyms.txt");

    [Theory]
    [InlineData("Sneakers", "shoe")]
    [InlineData("jogging", "run")]
    [InlineData("tummy", "abdomin")]
    [InlineData("lbs", "weight")]
    public void Analyzer_PatientWord_BecomesTheArticlesTerm(string word, string term)
    {
        using var analyzer = KnowledgeAnalysis.CreateAnalyzer(ShippedSynonyms);

        Assert.Equal([term], KnowledgeAnalysis.Terms(analyzer, word));
    }

    [Fact]
    public void Analyzer_SidewalkSynonymWithTwoTargets_KeepsBothOnOnePosition()
    {
        using var analyzer = KnowledgeAnalysis.CreateAnalyzer(ShippedSynonyms);

        Assert.Equal(["concret", "asphalt"], KnowledgeAnalysis.Terms(analyzer, "sidewalk"));
    }

    [Theory]
    [InlineData("should I do it?")]
    [InlineData("how can my")]
    [InlineData("don\u2019t")]
    public void Analyzer_ChatFiller_IsDropped(string text)
    {
        using var analyzer = KnowledgeAnalysis.CreateAnalyzer(null);

        Assert.Empty(KnowledgeAnalysis.Terms(analyzer, text));
    }

    [Fact]
    public void Analyzer_Possessive_IsStripped()
    {
        using var analyzer = KnowledgeAnalysis.CreateAnalyzer(null);

        Assert.Equal(["clinic", "shoe"], KnowledgeAnalysis.Terms(analyzer, "the clinic\u2019s shoes"));
    }

    [Fact]
    public void NegatedSpans_DeniedList_RunsToThePunctuation()
    {
        const string question = "No numbness or tingling, just stiffness";

        var spans = NegatedSpans.Find(question);

        Assert.True(NegatedSpans.Contains(spans, question.IndexOf("numbness", StringComparison.Ordinal)));
        Assert.True(NegatedSpans.Contains(spans, question.IndexOf("tingling", StringComparison.Ordinal)));
        Assert.False(NegatedSpans.Contains(spans, question.IndexOf("stiffness", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("I don't have numbness but my leg cramps", "cramps")]
    [InlineData("never had tingling. Now my leg cramps", "cramps")]
    [InlineData("should I not run on concrete?", "concrete")]
    public void NegatedSpans_AfterTheScope_WordsCount(string question, string word)
    {
        var spans = NegatedSpans.Find(question);

        Assert.False(NegatedSpans.Contains(spans, question.IndexOf(word, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("sneekers", "sneakers", 1)]
    [InlineData("wieght", "weight", 1)]
    [InlineData("treadmil", "treadmill", 1)]
    [InlineData("shoulder", "should", 2)]
    [InlineData("abdominls", "abdominals", 1)]
    public void TypoCorrector_Distance_CountsEditsWithSwapsAsOne(string a, string b, int expected)
    {
        Assert.Equal(expected, TypoCorrector.Distance(a, b, max: 2));
    }

    [Fact]
    public void TypoCorrector_Distance_StopsPastTheMaximum()
    {
        Assert.Equal(2, TypoCorrector.Distance("weather", "walking", max: 1));
    }
}
