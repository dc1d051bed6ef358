using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>What the bot is told to do with a question: answer, list a group of tips, ask which one, or say no match.</summary>
public sealed class SearchDecisionTests(ShippedKnowledge knowledge) : IClassFixture<ShippedKnowledge>
{
    private static readonly string[] WalkingForm = ["shorter-steps", "area-of-impact", "engage-core", "healthy-weight"];
    private static readonly string[] SelfCare = ["replace-shoes", "shorter-steps", "area-of-impact", "engage-core", "healthy-weight", "softer-surfaces"];

    private readonly KnowledgeIndex _index = knowledge.Index;

    [Theory]
    [InlineData("How often should I replace my walking shoes?", "replace-shoes")]
    [InlineData("Should I land on my heel or my toes?", "area-of-impact")]
    [InlineData("how should my foot land when I walk?", "area-of-impact")]
    [InlineData("should I take shorter steps when I walk", "shorter-steps")]
    public void Search_OneClearSection_AnswersWithIt(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("tips for walking without back pain")]
    [InlineData("how should I walk")]
    [InlineData("How should I run?")]
    [InlineData("running form")]
    [InlineData("what's the correct walking technique")]
    [InlineData("any dos and donts for walking the dog with a bad back")]
    [InlineData("whats proper running technique according to you guys")]
    public void Search_AdviceOnWalkingOrRunning_ListsTheWalkingFormTipsInArticleOrder(string question)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.List, result.Decision);
        Assert.Equal(WalkingForm, result.Selected.Select(h => h.Section.Id));
        Assert.All(result.Selected, h => Assert.StartsWith("group: walking-form", h.Why, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("what can I do to prevent lower back pain from my ankles")]
    [InlineData("all the tips")]
    [InlineData("how do I avoid it")]
    [InlineData("any tips for lower back pain?")]
    [InlineData("plumber here, lower back grumbles every evening, what tips have you got")]
    public void Search_GeneralRequestForTips_ListsEverySelfCareTip(string question)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.List, result.Decision);
        Assert.Equal(SelfCare, result.Selected.Select(h => h.Section.Id));
    }

    // Round r9: after something already done ("bought new shoes", "besides shoes"), the other self-care tips.
    [Theory]
    [InlineData("ok I already bought new shoes, what else can I do for my back?")]
    [InlineData("besides new shoes, what else helps prevent lower back pain")]
    public void Search_WhatElseAfterATipAlreadyDone_ListsTheOtherSelfCareTips(string question)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.List, result.Decision);
        Assert.Equal(SelfCare.Where(id => id != "replace-shoes"), result.Selected.Select(h => h.Section.Id));
    }

    // Round r9: everything to watch about the way one walks is the walking-form list.
    [Theory]
    [InlineData("what are all the things I should watch about the way I walk so my back stops hurting?")]
    [InlineData("list every tip about my gait for a sore back")]
    public void Search_EverythingAboutTheWayIWalk_ListsTheWalkingFormTips(string question)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.List, result.Decision);
        Assert.Equal(WalkingForm, result.Selected.Select(h => h.Section.Id));
    }

    // Round r12: preventing back pain described as coming from the ankles or feet asks for every self-care tip, not
    // why ankles matter; a story told around the request ("a retired teacher who walks the dog") is its occasion.
    [Theory]
    [InlineData("how can i stop back pain that starts in my feet from coming back")]
    [InlineData("which everyday changes keep back pain linked to my ankles away")]
    [InlineData("I'm a retired teacher who walks the dog twice a day. What can I do to avoid this back pain coming back?")]
    [InlineData("my dad keeps getting back pain from his feet. what can he do to stop it happening again?")]
    public void Search_PreventionOfBackPainFromTheFeet_ListsEverySelfCareTip(string question)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.List, result.Decision);
        Assert.Equal(SelfCare, result.Selected.Select(h => h.Section.Id));
    }

    // Round r12: what to change about one's form "to go easier on my back" asks for the form tips, not a softer surface.
    [Theory]
    [InlineData("what should i change about my walking form to go easier on my back")]
    [InlineData("what should i be doing differently when i jog so my back stops hurting")]
    public void Search_WhatToChangeAboutMyForm_ListsTheWalkingFormTips(string question)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.List, result.Decision);
        Assert.Equal(WalkingForm, result.Selected.Select(h => h.Section.Id));
    }

    // Round r13: a day spent standing ("on my feet all day", "behind the bar all shift") is the occasion of a request for
    // tips, not a question about the feet.
    [Theory]
    [InlineData("I'm a nurse on my feet all day, any tips to protect my lower back?")]
    [InlineData("stood behind the bar all shift, what tips do you have for my back")]
    public void Search_TipsForADayOnMyFeet_ListsEverySelfCareTip(string question)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.List, result.Decision);
        Assert.Equal(SelfCare, result.Selected.Select(h => h.Section.Id));
    }

    // Round r13: which mechanics to work on asks for the walking-form tips; "what is gait" asks what the word means.
    [Fact]
    public void Search_WhichMechanicsToFocusOn_ListsTheWalkingFormTips()
    {
        var result = _index.Search("what mechanics should I focus on when I jog so my back stops hurting");

        Assert.Equal(SearchDecision.List, result.Decision);
        Assert.Equal(WalkingForm, result.Selected.Select(h => h.Section.Id));
    }

    [Fact]
    public void Search_WhatIsGait_IsNotAList()
    {
        Assert.NotEqual(SearchDecision.List, _index.Search("whats gait").Decision);
    }

    [Theory]
    [InlineData("does the way I walk affect my lower back")]
    [InlineData("what should I do when my back starts hurting during a walk")]
    [InlineData("thanks for the tips")]
    [InlineData("tips for running a business")]
    public void Search_NotARequestForSeveralTips_DoesNotList(string question)
    {
        var result = _index.Search(question);

        Assert.NotEqual(SearchDecision.List, result.Decision);
    }

    [Fact]
    public void Search_TwoSectionsAboutEquallyLikely_AsksWhichWithDistinctSections()
    {
        using var index = TwinSections();

        var result = index.Search("my stride when running");

        Assert.Equal(SearchDecision.Clarify, result.Decision);
        Assert.InRange(result.Selected.Count, 2, 3);
        Assert.Equal(result.Selected.Count, result.Selected.Select(h => h.Section.Id).Distinct().Count());
        Assert.Equal(result.Selected.Count, result.Selected.Select(h => h.Section.Title).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(result.Selected, h => Assert.InRange(result.Selected[0].Score - h.Score, 0f, index.ClarifyMargin));
    }

    [Fact]
    public void Search_ZeroMarginAndAnExactTie_StillAsks()
    {
        using var index = TwinSections(new KnowledgeOptions { ClarifyMargin = 0f });

        var result = index.Search("my stride when running");

        Assert.Equal(SearchDecision.Clarify, result.Decision);
        Assert.Equal(SearchDecision.Answer, index.Search("worn shoes").Decision);
    }

    [Fact]
    public void Search_SameTitleTwice_OffersItOnce()
    {
        using var folder = new TempKnowledgeFolder();
        folder.WriteArticle("a.md", Articles.With("a", "## Stride {#stride-a}\nkeywords: stride\nShorter stride.\n\n## Stride {#stride-b}\nkeywords: stride\nSlower stride.\n\n## Other {#other}\nkeywords: stride\nStride here too.\n"));
        using var index = KnowledgeIndex.Load(folder.Path, new KnowledgeOptions { ClarifyMargin = 1f });

        var result = index.Search("tell me about stride");

        Assert.Equal(SearchDecision.Clarify, result.Decision);
        Assert.Equal(result.Selected.Count, result.Selected.Select(h => h.Section.Title).Distinct().Count());
    }

    [Theory]
    [InlineData("What's the weather like tomorrow?")]
    [InlineData("how many milligrams of ibuprofen can I take")]
    [InlineData("")]
    public void Search_NothingAboveTheThreshold_IsNoMatchWithNothingSelected(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    [Theory]
    [InlineData("Replace old shoes", "replace-shoes")]
    [InlineData("area of impact: LAND between mid-foot and heel!", "area-of-impact")]
    [InlineData("  When to stop and seek care  ", "stop-and-seek-care")]
    public void Search_ExactlyASectionTitle_AnswersItAtFullConfidence(string question, string expectedId)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.Answer, result.Decision);
        var hit = Assert.Single(result.Selected);
        Assert.Equal(expectedId, hit.Section.Id);
        Assert.Equal(1f, hit.Score);
        Assert.Equal("exact title", hit.Why);
    }

    [Fact]
    public void SearchResult_MadeWithoutADecision_DerivesAnswerOrNoMatch()
    {
        var hit = new SearchHit(_index.Sections[0], 0.8f);

        Assert.Equal(SearchDecision.Answer, new SearchResult([hit], 0.5f).Decision);
        Assert.Equal([hit], new SearchResult([hit], 0.5f).Selected);
        Assert.Equal(SearchDecision.NoMatch, new SearchResult([hit], 0.9f).Decision);
        Assert.Empty(new SearchResult([hit], 0.9f).Selected);
    }

    [Fact]
    public void SearchResult_NoMatchWithSelectedSections_Throws()
    {
        var hit = new SearchHit(_index.Sections[0], 0.8f);

        Assert.Throws<ArgumentException>(() => new SearchResult([hit], 0.5f, SearchDecision.NoMatch, [hit]));
        Assert.Throws<ArgumentException>(() => new SearchResult([hit], 0.5f, SearchDecision.Answer, []));
    }

    /// <summary>Two sections that both speak of stride and running: neither is clearly the answer.</summary>
    private static KnowledgeIndex TwinSections(KnowledgeOptions? options = null)
    {
        var article = Articles.With("running", """
            ## Shorten your stride {#shorten-stride}
            keywords: stride, running
            Long strides on a run jar the spine.

            ## Stride rhythm {#stride-rhythm}
            keywords: stride, running
            Keep the rhythm of your stride steady on a run.

            ## Shoes {#shoes}
            keywords: shoes
            Replace worn shoes.
            """);
        var parsed = ArticleParser.Parse("articles/running.md", article);
        return KnowledgeIndex.Create([parsed.Article], synonymRules: null, options ?? new KnowledgeOptions());
    }
}
