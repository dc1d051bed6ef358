using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>Symptoms given over several messages of one conversation.</summary>
public sealed class ConversationTests
{
    [Fact]
    public void AssessConversation_BothOfThemAfterWeakLegs_ReturnsBothLegsOnTheThirdMessage()
    {
        var result = ClinicRules.Engine.AssessConversation(["my back hurts", "and my legs are weak", "both of them"]);

        var flag = Assert.Single(result.Flags);
        Assert.Equal("both-legs", flag.Code);
        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Equal(2, flag.MessageIndex);
        Assert.Equal("both of them", "both of them".Substring(flag.Start, flag.Length));
    }

    [Fact]
    public void AssessConversation_BothOfThemAfterOneWeakLeg_RaisesUrgentToEmergency()
    {
        var result = ClinicRules.Engine.AssessConversation(["my back hurts", "and my left leg is weak", "both of them"]);

        Assert.Equal("both-legs", Assert.Single(result.Flags).Code);
        Assert.Equal(TriageLevel.Emergency, result.Level);
    }

    [Fact]
    public void AssessConversation_FeverThenWeakLegLater_ReturnsInfectionWithNeurologicalSigns()
    {
        var result = ClinicRules.Engine.AssessConversation(["I have a fever", "what stretches help my back?", "my leg feels weak"]);

        var flag = Assert.Single(result.Flags);
        Assert.Equal("infection-with-neurological-signs", flag.Code);
        Assert.Equal(2, flag.MessageIndex);
    }

    [Fact]
    public void AssessConversation_BoneRiskThenFall_ReturnsFragilityFracture()
    {
        var result = ClinicRules.Engine.AssessConversation(["I have osteoporosis", "I slipped on the ice yesterday"]);

        Assert.Equal("fall-with-bone-risk", Assert.Single(result.Flags).Code);
    }

    [Fact]
    public void AssessConversation_AgeThenBackPain_ReturnsAgeRisk()
    {
        var result = ClinicRules.Engine.AssessConversation(["I'm 67", "my back started hurting last week"]);

        Assert.Equal("age-risk", Assert.Single(result.Flags).Code);
    }

    [Fact]
    public void AssessConversation_EarlierRedFlagAndPlainNewMessage_DoesNotRepeatTheEarlierFlag()
    {
        var result = ClinicRules.Engine.AssessConversation(["I can't pee", "what stretches help?"]);

        Assert.Equal(TriageLevel.None, result.Level);
        Assert.Empty(result.Flags);
    }

    [Fact]
    public void AssessConversation_NewFlagInLatestMessage_PointsIntoThatMessage()
    {
        const string latest = "Also I peed myself this morning";

        var result = ClinicRules.Engine.AssessConversation(["my back hurts", latest]);

        var flag = Assert.Single(result.Flags);
        Assert.Equal(1, flag.MessageIndex);
        Assert.Equal("peed myself", latest.Substring(flag.Start, flag.Length));
    }

    [Fact]
    public void AssessConversation_FragmentAfterSomeoneElsesSymptom_IsAboutThatPerson()
    {
        var result = ClinicRules.Engine.AssessConversation(["my husband's left leg is weak", "both of them"]);

        var flag = Assert.Single(result.Flags);
        Assert.Equal("both-legs", flag.Code);
        Assert.Equal(MentionContext.OtherPerson, flag.Context);
    }

    [Fact]
    public void AssessConversation_SomeoneElsesFeverThenMyWeakLeg_DoesNotCombine()
    {
        var result = ClinicRules.Engine.AssessConversation(["my husband has a fever", "I think my leg is weak"]);

        Assert.Equal("leg-weakness-one", Assert.Single(result.Flags).Code);
    }

    [Fact]
    public void AssessConversation_HypotheticalFeverThenWeakLeg_DoesNotCombine()
    {
        var result = ClinicRules.Engine.AssessConversation(["what if I get a fever?", "my leg is weak"]);

        Assert.Equal("leg-weakness-one", Assert.Single(result.Flags).Code);
    }

    [Fact]
    public void AssessConversation_SameSentenceCombinationAcrossMessages_DoesNotCombine()
    {
        var result = ClinicRules.Engine.AssessConversation(["My right leg is weak.", "My back pain is getting worse."]);

        Assert.Empty(result.Flags);
    }

    [Fact]
    public void AssessConversation_NamedSymptomResolved_RecordsItAsResolved()
    {
        var result = ClinicRules.Engine.AssessConversation(["my foot is numb", "the numbness is gone now"]);

        var suppressed = Assert.Single(result.Suppressed);
        Assert.Equal(("numbness", SuppressedMention.Resolved, 1), (suppressed.Code, suppressed.Reason, suppressed.MessageIndex));
        Assert.Empty(result.Flags);
    }

    [Theory]
    [InlineData("it's gone now", "it's gone now")]
    [InlineData("Thankfully that went away.", "went away")]
    [InlineData("It has cleared up", "has cleared up")]
    public void AssessConversation_ItIsGone_ResolvesThePreviousMessagesSymptoms(string latest, string span)
    {
        var result = ClinicRules.Engine.AssessConversation(["my foot is numb and I have a fever", "ok", latest]);

        Assert.Equal(["fever-infection", "numbness"], result.Suppressed.Select(s => s.Code).Order());
        Assert.All(result.Suppressed, s =>
        {
            Assert.Equal(SuppressedMention.Resolved, s.Reason);
            Assert.Equal(2, s.MessageIndex);
            Assert.Equal(span, latest.Substring(s.Start, s.Length));
        });
    }

    [Theory]
    [InlineData("the cramps are gone")]
    [InlineData("The cramping has stopped now.")]
    [InlineData("my leg cramps went away")]
    public void AssessConversation_SymptomWordRepeated_ResolvesThatSymptomOnly(string latest)
    {
        var result = ClinicRules.Engine.AssessConversation(["I get leg cramps when I jog and my foot is numb", "ok", latest]);

        var suppressed = Assert.Single(result.Suppressed);
        Assert.Equal(("leg-cramps", SuppressedMention.Resolved, 2), (suppressed.Code, suppressed.Reason, suppressed.MessageIndex));
    }

    [Theory]
    [InlineData("my leg pain is gone")]
    [InlineData("the pain in my calf is gone")]
    public void AssessConversation_WordsOfAnotherSymptom_ResolveNothing(string latest)
    {
        var result = ClinicRules.Engine.AssessConversation(["my left leg is weak", latest]);

        Assert.Empty(result.Suppressed);
    }

    [Theory]
    [InlineData("the pain went away after I stretched")]
    [InlineData("it hasn't gone away")]
    [InlineData("my headache is gone")]
    public void AssessConversation_GoneAboutSomethingElse_ResolvesNothing(string latest)
    {
        var result = ClinicRules.Engine.AssessConversation(["my foot is numb", latest]);

        Assert.Empty(result.Suppressed);
    }

    [Fact]
    public void AssessConversation_OneMessage_MatchesAssess()
    {
        const string message = "no fever but my legs are weak";

        var conversation = ClinicRules.Engine.AssessConversation([message]);
        var single = ClinicRules.Engine.Assess(message);

        Assert.Equal(single.Flags, conversation.Flags);
        Assert.Equal(single.Suppressed, conversation.Suppressed);
    }

    [Fact]
    public void AssessConversation_NoMessages_ReturnsClear()
    {
        Assert.Same(TriageResult.Clear, ClinicRules.Engine.AssessConversation([]));
    }
}
