using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>Golden questions against the shipped knowledge: exact expected section ids, refusals, synonyms, typos.</summary>
public sealed class KnowledgeIndexTests(ShippedKnowledge knowledge) : IClassFixture<ShippedKnowledge>
{
    private readonly KnowledgeIndex _index = knowledge.Index;

    [Theory]
    [InlineData("Can my ankles cause lower back pain?", "why-ankles-cause-back-pain")]
    [InlineData("Muscle fatigue from walking is messing up my gait", "why-ankles-cause-back-pain")]
    [InlineData("How do I find the source of my pain?", "get-a-consultation")]
    [InlineData("How do I set up an appointment for a consultation?", "get-a-consultation")]
    [InlineData("How often should I replace my walking shoes?", "replace-shoes")]
    [InlineData("How many miles before I need new shoes?", "replace-shoes")]
    [InlineData("Should I take shorter steps when I jog?", "shorter-steps")]
    [InlineData("Is a long stride bad for my back?", "shorter-steps")]
    [InlineData("Should I land on my heel or my toes?", "area-of-impact")]
    [InlineData("Roll onto my toes and push off?", "area-of-impact")]
    [InlineData("Should I tighten my abdominal muscles when I walk?", "engage-core")]
    [InlineData("Does gaining weight change my gait?", "healthy-weight")]
    [InlineData("Is running on concrete bad for my back?", "softer-surfaces")]
    [InlineData("Is a rubberized track better than asphalt?", "softer-surfaces")]
    [InlineData("I have tingling and numbness in my leg", "stop-and-seek-care")]
    [InlineData("Pinched nerve feeling in my lower back, what do I do?", "stop-and-seek-care")]
    public void Search_GoldenQuestion_ReturnsExpectedSection(string question, string expectedId)
    {
        var result = _index.Search(question);

        Assert.Equal(expectedId, result.Best?.Section.Id);
    }

    [Theory]
    [InlineData("What's the weather like tomorrow?")]
    [InlineData("Can you recommend a good pizza place?")]
    [InlineData("How many milligrams of ibuprofen can I take for my back pain?")]
    [InlineData("hello")]
    [InlineData("Do I need surgery for a herniated disc?")]
    [InlineData("My knee hurts after running")]
    [InlineData("my neck hurts when I look at my phone")]
    [InlineData("How do I reset my password?")]
    [InlineData("should I?")]
    [InlineData("👍🏽🔥")]
    public void Search_OutOfScope_HasNoBest(string question)
    {
        var result = _index.Search(question);

        Assert.Null(result.Best);
    }

    [Theory]
    [InlineData("my sneakers are ancient, does that matter for my back?", "replace-shoes")]
    [InlineData("are my trainers too old?", "replace-shoes")]
    [InlineData("my kicks are worn out", "replace-shoes")]
    [InlineData("should I suck in my belly on walks", "engage-core")]
    [InlineData("do my abs matter when walking", "engage-core")]
    [InlineData("is jogging on the sidewalk bad?", "softer-surfaces")]
    [InlineData("is blacktop too hard on my back?", "softer-surfaces")]
    [InlineData("I'm overweight, is that hurting my back?", "healthy-weight")]
    [InlineData("I put on 15 lbs this winter", "healthy-weight")]
    [InlineData("I'm a heel striker, is that ok?", "area-of-impact")]
    [InlineData("pins and needles in my leg", "stop-and-seek-care")]
    [InlineData("should I keep running if my back hurts?", "stop-and-seek-care")]
    public void Search_PatientWordsInSynonyms_FindsTheSection(string question, string expectedId)
    {
        var result = _index.Search(question);

        Assert.Equal(expectedId, result.Best?.Section.Id);
    }

    [Fact]
    public void Search_SneakersWithoutSynonyms_FindsNothing()
    {
        using var bare = KnowledgeIndex.Create(KnowledgeLoader.LoadArticles(RepoPaths.Knowledge), synonymRules: null, new KnowledgeOptions());

        Assert.Null(bare.Search("my sneakers are ancient").Best);
        Assert.Equal("replace-shoes", _index.Search("my sneakers are ancient").Best?.Section.Id);
    }

    [Theory]
    [InlineData("when should I get new sneekers?", "replace-shoes")]
    [InlineData("treadmil or pavement?", "softer-surfaces")]
    [InlineData("healthy wieght and back pain", "healthy-weight")]
    [InlineData("shoud I tighten my abdominals?", "engage-core")]
    public void Search_Typo_StillFindsTheSection(string question, string expectedId)
    {
        var result = _index.Search(question);

        Assert.Equal(expectedId, result.Best?.Section.Id);
    }

    [Theory]
    [InlineData("ankel problems and back pian", "why-ankles-cause-back-pain")]
    [InlineData("when should I see a chirapracter", "stop-and-seek-care")]
    public void Search_SwappedOrLongTypo_StillFindsTheSection(string question, string expectedId)
    {
        Assert.Equal(expectedId, _index.Search(question).Best?.Section.Id);
    }

    [Theory]
    [InlineData("do you take medicare")]
    [InlineData("do you treat kids")]
    public void Search_RealWordNearAnArticleWord_IsNotAnswered(string question)
    {
        Assert.Equal(SearchDecision.NoMatch, _index.Search(question).Decision);
    }

    [Fact]
    public void Search_DeniedSymptoms_DoNotPullTowardsSeekingCare()
    {
        var denied = _index.Search("No numbness or tingling, just stiffness. Where should my foot land when I run?");
        var reported = _index.Search("Numbness and tingling when I run, where should my foot land?");

        Assert.Equal("area-of-impact", denied.Best?.Section.Id);
        Assert.Equal("stop-and-seek-care", reported.Best?.Section.Id);
    }

    [Fact]
    public void Search_DeniedOutOfScopeWord_DoesNotRefuse()
    {
        var result = _index.Search("No knee pain, just my lower back when I run on concrete");

        Assert.Equal("softer-surfaces", result.Best?.Section.Id);
    }

    [Fact]
    public void Search_OutOfScopeWordBesideATip_RefusesEntirely()
    {
        var result = _index.Search("Can I take ibuprofen before running on concrete?");

        Assert.Empty(result.Hits);
    }

    [Fact]
    public void Search_Hit_ListsMatchedIndexTermsNotPatientText()
    {
        var best = _index.Search("Are my old shoes bad for my back, honestly?").Best;

        Assert.NotNull(best);
        Assert.Contains("shoe", best.MatchedTerms);
        Assert.Contains("old", best.MatchedTerms);
        Assert.DoesNotContain("honestli", best.MatchedTerms);
        Assert.True(best.Relevance > 0);
    }

    [Fact]
    public void Search_Hit_ExplainsWhyByFieldInIndexTerms()
    {
        var best = _index.Search("How many miles before I replace my old shoes, honestly?").Best;

        Assert.NotNull(best);
        Assert.Equal("title: replac, old, shoe; keywords: mile", best.Why);
        Assert.DoesNotContain("honest", best.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_WordsUsedTogetherInASection_RankItFirst()
    {
        var result = _index.Search("do I land on my heel", maxHits: 9);

        Assert.Equal("area-of-impact", result.Hits[0].Section.Id);
        Assert.Contains("land", result.Hits[0].MatchedTerms);
    }

    [Fact]
    public void Search_AnyQuestion_ScoresAreCalibratedAndRankedBestFirst()
    {
        var result = _index.Search("walking on concrete in old shoes makes my back and ankles hurt", maxHits: 9);

        Assert.True(result.Hits.Count > 1);
        Assert.All(result.Hits, h => Assert.InRange(h.Score, 0f, 1f));
        Assert.Equal(result.Hits.OrderByDescending(h => h.Score).Select(h => h.Score), result.Hits.Select(h => h.Score));
    }

    [Fact]
    public void Search_AnyQuestion_CarriesMinScoreAsThreshold()
    {
        using var strict = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions { MinScore = 0.99f });

        var result = strict.Search("sneakers and pizza");

        Assert.Equal(0.99f, result.Threshold);
        Assert.NotEmpty(result.Hits);
        Assert.Null(result.Best);
        Assert.Equal(KnowledgeOptions.DefaultMinScore, _index.Search("shoes").Threshold);
    }

    [Fact]
    public void Search_MaxHits_LimitsTheHits()
    {
        var result = _index.Search("back pain", maxHits: 1);

        Assert.Single(result.Hits);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Search_BlankQuestion_ReturnsNoHits(string question)
    {
        var result = _index.Search(question);

        Assert.Empty(result.Hits);
        Assert.Null(result.Best);
    }

    [Fact]
    public void Search_ManyThreadsAtOnce_GiveTheSameAnswers()
    {
        string[] questions = ["is concrete bad for my back", "when to replace shoes", "tingling in my legs", "pizza", "core muscles"];
        var expected = questions.Select(q => _index.Search(q).Best?.Section.Id).ToArray();

        var mismatches = 0;
        Parallel.For(0, 400, i =>
        {
            var q = i % questions.Length;
            if (_index.Search(questions[q]).Best?.Section.Id != expected[q])
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Search_AfterDispose_Throws()
    {
        var index = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions());
        index.Dispose();

        Assert.Throws<ObjectDisposedException>(() => index.Search("shoes"));
    }
}
