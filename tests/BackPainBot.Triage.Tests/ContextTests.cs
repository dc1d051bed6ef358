using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>NegEx/ConText: a symptom word is not a symptom report.</summary>
public sealed class ContextTests
{
    [Theory]
    [InlineData("no numbness, just stiffness", "numbness")]
    [InlineData("I don't have any tingling", "tingling")]
    [InlineData("denies fever", "fever-infection")]
    [InlineData("I'm not numb, just stiff", "numbness")]
    [InlineData("i dont have numbnes", "numbness")]
    [InlineData("No, I have no numbness or tingling", "tingling")]
    [InlineData("I don't have numbness, tingling or bladder problems", "bladder-dysfunction")]
    [InlineData("I haven't had any bladder or bowel problems", "bowel-dysfunction")]
    [InlineData("no trouble peeing", "bladder-dysfunction")]
    [InlineData("without any tingling", "tingling")]
    [InlineData("fever free for three days", "fever-infection")]
    [InlineData("cancer was ruled out", "cancer-warning-signs")]
    [InlineData("my foot isn't numb anymore", "numbness")]
    [InlineData("numb? no. weak? no. just sore", "numbness")]
    [InlineData("tingling: nope. pins and needles: no.", "tingling")]
    [InlineData("leg weakness? not at all", "leg-weakness-one")]
    public void Assess_NegatedMention_ReturnsNoneAndRecordsItAsNegated(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.None, result.Level);
        Assert.Contains(result.Suppressed, s => s.Code == code && s.Reason == "negated");
    }

    [Theory]
    [InlineData("My legs are numb. No, really.")]
    [InlineData("numb between my legs? yes. bladder? no.")]
    [InlineData("can't feel my legs? no joke, i can't")]
    public void Assess_DenialThatAnswersNoQuestion_KeepsTheEmergency(string message)
    {
        Assert.Equal(TriageLevel.Emergency, ClinicRules.Engine.Assess(message).Level);
    }

    [Theory]
    [InlineData("the fever is gone", "fever-infection")]
    [InlineData("I had a fever last week, it's gone now", "fever-infection")]
    [InlineData("the numbness went away", "numbness")]
    [InlineData("The tingling has gone away", "tingling")]
    [InlineData("the numbness is gone now", "numbness")]
    [InlineData("I no longer have numbness in my foot", "numbness")]
    [InlineData("my leg cramps stopped after I started stretching", "leg-cramps")]
    public void Assess_ResolvedMention_ReturnsNoneAndRecordsItAsResolved(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.None, result.Level);
        Assert.Contains(result.Suppressed, s => s.Code == code && s.Reason == SuppressedMention.Resolved);
    }

    [Theory]
    [InlineData("I can't orgasm anymore and my lower back hurts", "sexual-dysfunction")]
    [InlineData("I don't feel when my bladder is full anymore", "bladder-dysfunction")]
    [InlineData("I can no longer feel my legs", "both-legs")]
    [InlineData("I'm no longer able to pee", "bladder-dysfunction")]
    [InlineData("my legs went numb so I went away to lie down", "both-legs")]
    public void Assess_NewLossSaidWithAnymoreOrNoLonger_IsReportedNotResolved(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Fact]
    public void Assess_PastCancerSaidToBeGone_StaysARedFlag()
    {
        var result = ClinicRules.Engine.Assess("I don't have cancer any more, it went away after chemo");

        Assert.Contains(result.Flags, f => f.Code == "cancer-warning-signs");
    }

    [Theory]
    [InlineData("I had numbness in my leg two years ago", "numbness")]
    [InlineData("I used to have tingling in my foot", "tingling")]
    [InlineData("Two years ago I was in a car accident", "major-trauma")]
    [InlineData("when I was a kid I fell off a ladder", "major-trauma")]
    [InlineData("I was in a car accident in 2015 and my back has been stiff since", "major-trauma")]
    [InlineData("in 2012 I fell off a roof", "major-trauma")]
    public void Assess_HistoricalMention_ReturnsNoneAndRecordsItAsHistorical(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.None, result.Level);
        Assert.Contains(result.Suppressed, s => s.Code == code && s.Reason == "historical");
    }

    [Theory]
    [InlineData(2026, "I was in a car accident in 2025", MentionContext.Reported, false)]
    [InlineData(2026, "I was in a car accident in 2026", MentionContext.Reported, true)]
    [InlineData(2031, "I was in a car accident in 2026", MentionContext.Reported, false)]
    [InlineData(2026, "in 1999 I fell off a roof", MentionContext.Reported, false)]
    public void Assess_YearInThePast_IsHistoricalByTheEnginesClock(int year, string message, MentionContext context, bool reported)
    {
        var engine = new TriageEngine(ClinicRules.Rules, new FixedClock(new DateTimeOffset(year, 6, 1, 12, 0, 0, TimeSpan.Zero)));

        var result = engine.Assess(message);

        // "In 2026" may be this year's accident, so it is reported; any earlier year is history.
        Assert.Equal(reported, result.Flags.Any(f => f.Code == "major-trauma" && f.Context == context));
        Assert.Equal(!reported, result.Suppressed.Any(s => s.Code == "major-trauma" && s.Reason == "historical"));
    }

    [Fact]
    public void Assess_OldInjuryThenTodaysSymptom_ReportsTodaysSymptom()
    {
        var result = ClinicRules.Engine.Assess("I had a car crash ten years ago, and today I can't feel between my legs");

        Assert.Contains(result.Flags, f => f.Code == "saddle-numbness" && f.Context == MentionContext.Reported);
        Assert.Contains(result.Suppressed, s => s.Code == "major-trauma" && s.Reason == "historical");
    }

    [Theory]
    [InlineData("I had breast cancer 10 years ago")]
    [InlineData("I used to have cancer")]
    public void Assess_PastCancer_StaysARedFlag(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal("cancer-warning-signs", Assert.Single(result.Flags).Code);
        Assert.Equal(MentionContext.Reported, result.Flags[0].Context);
    }

    [Theory]
    [InlineData("I was in a car accident two weeks ago", "major-trauma")]
    [InlineData("I was in a car crash today", "major-trauma")]
    [InlineData("the tingling hasn't gone away", "tingling")]
    [InlineData("the numbness never went away", "numbness")]
    public void Assess_RecentOrOngoingMention_IsReported(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(code, Assert.Single(result.Flags).Code);
    }

    [Theory]
    [InlineData("I'm not sure if it's numbness", "numbness")]
    [InlineData("not sure whether this is tingling", "tingling")]
    [InlineData("I'm not only numb but tingling", "numbness")]
    [InlineData("no idea why but I can't pee", "bladder-dysfunction")]
    [InlineData("no increase in the tingling", "tingling")]
    [InlineData("I've never had numbness like this before", "numbness")]
    public void Assess_PseudoNegation_IsStillReported(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Theory]
    [InlineData("no fever but my legs are weak", "both-legs", "fever-infection")]
    [InlineData("I don't have a fever, however I can't pee", "bladder-dysfunction", "fever-infection")]
    [InlineData("no fever, my legs are weak", "both-legs", "fever-infection")]
    [InlineData("No numbness. My legs are weak though.", "both-legs", "numbness")]
    [InlineData("It's not numbness, it's more like tingling", "tingling", "numbness")]
    [InlineData("I have no fever, but I do have chills", "fever-infection", "fever-infection")]
    [InlineData("no fever and can't pee", "bladder-dysfunction", "fever-infection")]
    [InlineData("no fever and has trouble peeing", "bladder-dysfunction", "fever-infection")]
    [InlineData("numbness but the tingling went away", "numbness", "tingling")]
    public void Assess_TerminatedScope_FlagsWhatFollows(string message, string flagged, string suppressed)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Contains(result.Flags, f => f.Code == flagged && f.Context == MentionContext.Reported);
        Assert.Contains(result.Suppressed, s => s.Code == suppressed);
    }

    [Theory]
    [InlineData("No, I can't feel my legs")]
    [InlineData("Not really, I can't feel my legs")]
    [InlineData("nope. can't feel my legs")]
    public void Assess_NoAsAnAnswer_DoesNotNegateTheSymptom(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Empty(result.Suppressed);
    }

    [Theory]
    [InlineData("What should I do if I ever lose control of my bladder?", "bladder-dysfunction")]
    [InlineData("what if I get numbness in my foot?", "numbness")]
    [InlineData("in case I get tingling, what should I do", "tingling")]
    [InlineData("Can running on concrete cause numbness?", "numbness")]
    [InlineData("should I worry if my legs go numb", "both-legs")]
    [InlineData("How do I prevent leg cramps when running", "leg-cramps")]
    public void Assess_HypotheticalQuestion_ReturnsHypotheticalContext(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags);
        Assert.Equal(code, flag.Code);
        Assert.Equal(MentionContext.Hypothetical, flag.Context);
        Assert.True(result.IsHypotheticalOnly);
    }

    [Fact]
    public void Assess_HypotheticalAndReportedSameFlag_KeepsItReported()
    {
        var result = ClinicRules.Engine.Assess("What if I can't pee? Actually I can't pee right now.");

        var flag = Assert.Single(result.Flags);
        Assert.Equal(MentionContext.Reported, flag.Context);
        Assert.False(result.IsHypotheticalOnly);
    }

    [Theory]
    [InlineData("My husband can't control his bladder and has bad back pain", "bladder-dysfunction")]
    [InlineData("my mom has numbness in her legs", "both-legs")]
    [InlineData("She can't feel her legs", "both-legs")]
    [InlineData("my son fell off a ladder", "major-trauma")]
    [InlineData("my husband's legs are weak", "both-legs")]
    [InlineData("He has numbness in his foot", "numbness")]
    [InlineData("asking for a friend: can't feel legs", "both-legs")]
    [InlineData("Can't feel my legs, asking for a friend", "both-legs")]
    [InlineData("My dad had cancer", "cancer-warning-signs")]
    [InlineData("my friend injects drugs and has a fever", "fever-infection")]
    [InlineData("my wife fell and then couldn't feel her legs", "both-legs")]
    public void Assess_SomeoneElsesSymptom_ReturnsOtherPersonContext(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags);
        Assert.Equal(code, flag.Code);
        Assert.Equal(MentionContext.OtherPerson, flag.Context);
        Assert.True(result.IsAboutSomeoneElse);
    }

    [Theory]
    [InlineData("My wife says I have a pinched nerve", "nerve-pinching")]
    [InlineData("I told her I can't feel my legs", "both-legs")]
    [InlineData("he said I might have sciatica", "nerve-pinching")]
    [InlineData("my husband has a cold and I can't pee", "bladder-dysfunction")]
    [InlineData("my husband is fine and my legs are numb", "both-legs")]
    public void Assess_OtherPersonThenFirstPerson_IsReported(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags);
        Assert.Equal(code, flag.Code);
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Theory]
    [InlineData("is numbness between the legs serious", "saddle-numbness")]
    [InlineData("Is losing control of your bowels an emergency?", "bowel-dysfunction")]
    [InlineData("Quick question - are night sweats a sign of something serious?", "fever-infection")]
    [InlineData("if my legs ever went numb would that be an emergency?", "both-legs")]
    [InlineData("if my foot started dragging would I need to be seen that day?", "leg-weakness-one")]
    [InlineData("if someone with back pain suddenly couldnt pee would that be an emergency", "bladder-dysfunction")]
    [InlineData("say I felt a pinching near a nerve, do I need to see a chiropractor?", "nerve-pinching")]
    public void Assess_GeneralOrConditionalQuestion_ReturnsHypotheticalContext(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags);
        Assert.Equal(code, flag.Code);
        Assert.Equal(MentionContext.Hypothetical, flag.Context);
    }

    [Theory]
    [InlineData("is the numbness between my legs serious", "saddle-numbness")]
    [InlineData("Is it bad that I can't pee?", "bladder-dysfunction")]
    [InlineData("are night sweats like mine a sign of something serious?", "fever-infection")]
    public void Assess_QuestionAboutTheWritersOwnSymptom_StaysReported(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Theory]
    [InlineData("my mom has had back pain all week and now she's wetting herself", "bladder-dysfunction")]
    [InlineData("she's wetting herself", "bladder-dysfunction")]
    public void Assess_WordForSomeoneElseOpeningTheSymptomPhrase_ReturnsOtherPersonContext(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.OtherPerson, flag.Context);
    }

    [Theory]
    [InlineData("I was helping my dad clear the gutters and fell off the ladder", "major-trauma")]
    [InlineData("sitting down it feels like I'm sitting on someone else's bum", "saddle-numbness")]
    public void Assess_SomeoneElseNamedButNotTheOneWithTheSymptom_IsReported(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Theory]
    [InlineData("the tingling I had last week has settled", "tingling")]
    [InlineData("I had pins and needles in my foot last month but it's completely gone now", "tingling")]
    public void Assess_ResolvedWithTheSymptomNamedFirst_ReturnsNone(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.None, result.Level);
        Assert.Contains(result.Suppressed, s => s.Code == code && s.Reason == SuppressedMention.Resolved);
    }

    [Fact]
    public void Assess_SymptomSinceAPastEvent_IsReportedNotHistorical()
    {
        var result = ClinicRules.Engine.Assess("I've had numbness in my groin since a fall years ago");

        Assert.Equal(MentionContext.Reported, Assert.Single(result.Flags, f => f.Code == "saddle-numbness").Context);
    }

    [Fact]
    public void Assess_SinceDoesNotEndWhoTheSymptomsBelongTo()
    {
        var result = ClinicRules.Engine.Assess("My mum has had numbness since Monday and can't feel her legs");

        Assert.Equal(MentionContext.OtherPerson, Assert.Single(result.Flags, f => f.Code == "both-legs").Context);
    }

    [Theory]
    [InlineData("the numbness has gone down to my knee")]
    [InlineData("the tingling has gone into my other foot")]
    public void Assess_SymptomThatHasGoneSomewhereElse_IsNotResolved(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.NotEqual(TriageLevel.None, result.Level);
        Assert.Empty(result.Suppressed);
    }

    [Fact]
    public void Assess_HypotheticalAboutSomeoneElse_TreatsItAsSomeoneElse()
    {
        var result = ClinicRules.Engine.Assess("what should I do if my husband can't feel his legs");

        Assert.Equal(MentionContext.OtherPerson, Assert.Single(result.Flags).Context);
    }

    [Theory]
    [InlineData("My wife says both her legs feel weak and numb", "both-legs")]
    [InlineData("my dad reckons both his legs feel numb, he's had back ache all week", "both-legs")]
    public void Assess_WordForSomeoneElseInsideTheSymptomPhrase_ReturnsOtherPersonContext(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.OtherPerson, flag.Context);
    }

    [Fact]
    public void Assess_WriterNamedInsideTheSymptomPhraseAfterSomeoneElse_IsReported()
    {
        var result = ClinicRules.Engine.Assess("when my girlfriend touches me down there I feel nothing since I hurt my back");

        var flag = Assert.Single(result.Flags, f => f.Code == "sexual-dysfunction");
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Theory]
    [InlineData("does back pain cause leg cramps? I get them in my left calf most days", "leg-cramps")]
    [InlineData("is tingling in the foot linked to back problems? I get it most evenings", "tingling")]
    [InlineData("do back problems cause cramps in the legs? I keep getting them in my right calf", "leg-cramps")]
    public void Assess_GeneralQuestionFollowedByTheWritersOwnReport_IsReported(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Theory]
    [InlineData("is it true that a throbbing in the belly can mean an aneurysm? read it somewhere, I have no pain")]
    [InlineData("is numbness between the legs serious? I don't have any symptoms, just curious")]
    [InlineData("is it true back pain with a fever is serious? my back feels fine")]
    public void Assess_GeneralQuestionFollowedByTheWritersDenial_FlagsNothing(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Empty(result.Flags);
    }

    [Theory]
    [InlineData("I watched a car accident on the way here, awful. is sitting in traffic bad for my back?")]
    [InlineData("my son has a fever but that's not why I'm writing, I'd like a posture check")]
    [InlineData("I wouldn't say my legs are weak, they feel normal, my lower back is just tight")]
    [InlineData("my gran's osteoporosis is well controlled and she hasn't fallen, which shoes help?")]
    public void Assess_PassingMentionWitnessOrDenial_FlagsNothing(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Empty(result.Flags);
    }

    [Theory]
    [InlineData("I saw the GP about my numb foot and sore back", "numbness")]
    [InlineData("watched a video about sciatica, my left leg feels weak since the weekend", "leg-weakness-one")]
    public void Assess_SeeingAClinicianOrAVideo_IsNoWitnessAndStaysReported(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Fact]
    public void Assess_QuestionFollowedByAnotherHypothetical_StaysHypothetical()
    {
        var result = ClinicRules.Engine.Assess("can bad shoes actually pinch a nerve? what would I do if I felt that");

        Assert.Equal(MentionContext.Hypothetical, Assert.Single(result.Flags).Context);
    }

    [Theory]
    [InlineData("if I'd had cancer years ago, should new back pain worry me?", "cancer-warning-signs")]
    [InlineData("how fast would leg weakness have to get worse before it's an emergency? like if mine got weaker day by day", "progressive-weakness")]
    [InlineData("If numbness in a leg ever started spreading, is that more urgent than just having it?", "nerve-symptoms-worsening")]
    public void Assess_ConditionalAboutTheWriter_ReturnsHypotheticalContext(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        var flag = Assert.Single(result.Flags, f => f.Code == code);
        Assert.Equal(MentionContext.Hypothetical, flag.Context);
    }

    [Theory]
    [InlineData("My numb toe from last summer is long gone, wondering if I should still avoid concrete")]
    [InlineData("had a bit of numbness in my foot after a long drive last week, it's gone now and hasn't come back")]
    [InlineData("Had the flu with a fever last month, all better now and my back is fine, when can I go back to running?")]
    public void Assess_SymptomSaidToBeLongResolved_ReturnsNone(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Theory]
    [InlineData("numbness in both legs, my back is fine", "both-legs")]
    [InlineData("I can't pee, everything else is normal", "bladder-dysfunction")]
    [InlineData("both legs weak, bladder is fine", "both-legs")]
    [InlineData("lost control of my bowels last night, my legs are ok", "bowel-dysfunction")]
    public void Assess_DenialOfSomethingElseAfterAPause_KeepsTheEmergency(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Code == code && f.Context == MentionContext.Reported);
    }

    [Theory]
    [InlineData("my foot went numb on the plane, it was fine after a minute")]
    [InlineData("had tingling in my foot last year, it's all gone now")]
    [InlineData("my legs, they are fine")]
    public void Assess_DenialThatRefersBackAfterAPause_StillDenies(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Theory]
    [InlineData("both my thighs have gone numb since yesterday")]
    [InlineData("my legs have both gone tingly-ish since last night")]
    public void Assess_SymptomThatHasGoneNumb_IsNotResolved(string message)
    {
        Assert.Equal(TriageLevel.Emergency, ClinicRules.Engine.Assess(message).Level);
    }

    [Fact]
    public void Assess_LastingConditionToldAsHistory_StillCountsInACombination()
    {
        var result = ClinicRules.Engine.Assess("Bone density scan last year said osteoporosis. I just bent over to pick up the cat and felt a crack in my back");

        Assert.Equal("fall-with-bone-risk", Assert.Single(result.Flags).Code);
    }

    [Fact]
    public void Assess_SuddenNewEventAfterANegation_IsReported()
    {
        var result = ClinicRules.Engine.Assess("never had a bad back, and out of nowhere there is a tearing pain in my back and stomach");

        var flag = Assert.Single(result.Flags, f => f.Code == "aortic-aneurysm");
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Fact]
    public void Assess_NoControlOf_IsNotANegation()
    {
        var result = ClinicRules.Engine.Assess("there is no control of my bowels since the back injury");

        var flag = Assert.Single(result.Flags, f => f.Code == "bowel-dysfunction");
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Fact]
    public void Assess_ConditionThenIsThatAQuestion_IsHypothetical()
    {
        var result = ClinicRules.Engine.Assess("if my leg goes numb is that a disc thing?");

        Assert.Equal(MentionContext.Hypothetical, Assert.Single(result.Flags, f => f.Code == "numbness").Context);
    }

    [Fact]
    public void Assess_ACoachsLifter_IsSomeoneElse()
    {
        var result = ClinicRules.Engine.Assess("one of my lifters has numbness in the left foot");

        Assert.Equal(MentionContext.OtherPerson, Assert.Single(result.Flags, f => f.Code == "numbness").Context);
    }

    [Theory]
    [InlineData("For my physio exam: why is bladder retention a red flag?", "bladder-dysfunction")]
    [InlineData("writing an essay on red flags, why is saddle numbness an emergency?", "saddle-numbness")]
    public void Assess_QuestionForAnExamOrAnEssay_ReturnsNoneAndRecordsItAsNegated(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.None, result.Level);
        Assert.Contains(result.Suppressed, s => s.Code == code && s.Reason == "negated");
    }

    [Fact]
    public void Assess_StudyingThenANewSymptom_IsReported()
    {
        var result = ClinicRules.Engine.Assess("studying for exams all week and now my groin is numb");

        Assert.Equal(MentionContext.Reported, Assert.Single(result.Flags, f => f.Code == "saddle-numbness").Context);
    }

    [Theory]
    [InlineData("my legs went numb after a spinal anaesthetic once, all normal ever since, is swimming ok?", "both-legs")]
    [InlineData("my foot went numb on a long drive once, fine ever since", "numbness")]
    public void Assess_EpisodeNormalEverSince_ReturnsNoneAndRecordsItAsResolved(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.None, result.Level);
        Assert.Contains(result.Suppressed, s => s.Code == code && s.Reason == SuppressedMention.Resolved);
    }

    [Theory]
    [InlineData("is the tingling your article mentions in the feet? I don't have any")]
    [InlineData("do pins and needles always mean nerve damage? I have never had them")]
    public void Assess_QuestionAboutTheArticleOrASymptomThenDenial_FlagsNothing(string message)
    {
        Assert.Empty(ClinicRules.Engine.Assess(message).Flags);
    }

    [Theory]
    [InlineData("Suppose both my legs went numb, is that 911?", "both-legs")]
    [InlineData("what would you tell me to do if I couldn't pee at all?", "bladder-dysfunction")]
    public void Assess_SupposeOrWhatWouldYouTellMeIf_IsHypothetical(string message, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(MentionContext.Hypothetical, Assert.Single(result.Flags, f => f.Code == code).Context);
        Assert.True(result.IsHypotheticalOnly);
    }
}
