using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests.Matching;

/// <summary>The phrase syntax the clinic writes rules in, on a small rule file.</summary>
public sealed class PhraseSyntaxTests
{
    [Theory]
    [InlineData("can't|cannot feel * foot", "I cant feel my foot", true)]
    [InlineData("can't|cannot feel * foot", "I can’t feel my foot", true)]
    [InlineData("can't|cannot feel * foot", "I can not feel my foot", true)]
    [InlineData("cannot feel * foot", "I can't feel my foot", true)]
    [InlineData("(lost control|no control) of * bladder", "I have no control of my bladder", true)]
    [InlineData("(lost control|no control) of * bladder", "I have control of my bladder", false)]
    [InlineData("weak [left|right] leg", "a weak leg", true)]
    [InlineData("weak [left|right] leg", "a weak left leg", true)]
    [InlineData("weak [left|right] leg", "a weak big leg", false)]
    [InlineData("numb * foot", "numb foot", true)]
    [InlineData("numb * foot", "numb in my left foot", true)]
    [InlineData("numb * foot", "numb in my left big foot", false)]
    [InlineData("numb * foot", "numb but not my foot", false)]
    [InlineData("numb * foot", "numb. My foot is fine", false)]
    [InlineData("my husband", "my husband's legs", true)]
    [InlineData("leg", "legs", false)]
    public void Assess_Phrase_MatchesAsWritten(string phrase, string message, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases(phrase);

        var result = engine.Assess(message);

        Assert.Equal(matches, result.Flags.Count + result.Suppressed.Count > 0);
    }

    [Theory]
    [InlineData("numbnes", true)]
    [InlineData("numbess", true)]
    [InlineData("nmubness", true)]
    [InlineData("numbnesss", true)]
    [InlineData("numbers", false)]
    [InlineData("numbxxxs", false)]
    public void Assess_TypoTolerantWord_MatchesNearMissesButNotListedRealWords(string word, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases("numbness");

        Assert.Equal(matches, engine.Assess($"I have {word} in my leg").Flags.Count > 0);
    }

    [Fact]
    public void Assess_WordNotMarkedTypoTolerant_NeedsExactSpelling()
    {
        var engine = RuleFileJson.EngineWithPhrases("tingling");

        Assert.Empty(engine.Assess("I have tingleing in my leg").Flags);
    }
}
