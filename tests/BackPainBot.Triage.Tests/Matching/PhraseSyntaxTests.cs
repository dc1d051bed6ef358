using System.Globalization;
using System.Text.Json.Nodes;
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

    [Theory]
    [InlineData("(i'm|i am) <50-120>", "I'm 55 and sore", true)]
    [InlineData("(i'm|i am) <50-120>", "I am 120", true)]
    [InlineData("(i'm|i am) <50-120>", "I'm 45", false)]
    [InlineData("(i'm|i am) <50-120>", "I'm 55yo", true)]
    [InlineData("(i'm|i am) <50-120>", "I'm 5'10", false)]
    [InlineData("temperature of <38-45>", "a temperature of 38.5", true)]
    [InlineData("temperature of <38-45>", "a temperature of 37.9", false)]
    [InlineData("<6-999> feet", "fell 12 feet", true)]
    public void Assess_NumberRange_MatchesNumbersInRange(string phrase, string message, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases(phrase);

        Assert.Equal(matches, engine.Assess(message).Flags.Count > 0);
    }

    [Theory]
    [InlineData("fevr", true)]
    [InlineData("fver", true)]
    [InlineData("feve", true)]
    [InlineData("ever", false)]
    [InlineData("fefer", true)]
    [InlineData("feeever", false)]
    public void Assess_FiveLetterTypoTolerantWord_MatchesOneEditButNeverADroppedFirstLetter(string word, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases(d => d["spelling"]!["typoTolerant"] = new JsonArray("numbness", "fever"), "fever");

        Assert.Equal(matches, engine.Assess($"I have had {word} all week").Flags.Count > 0);
    }

    [Fact]
    public void Assess_LongerWordingSetAside_AShorterWordingOfTheSameRuleThatHoldsTheNegationStillCounts()
    {
        // "feel my foot the whole day" is the longer wording, and the "not" before it denies it; "not feel my foot"
        // holds its "not" as part of the symptom. Adding the longer phrase must not lose the flag the shorter one finds.
        var engine = RuleFileJson.EngineWithPhrases("not feel * foot", "feel * foot * whole day");

        var result = engine.Assess("I do not feel my foot the whole day");

        Assert.Equal(TriageLevel.Routine, result.Level);
        Assert.Equal(MentionContext.Reported, Assert.Single(result.Flags, f => f.Code == "numbness").Context);
    }

    [Fact]
    public void Assess_NegatedWordingWithNoShorterWording_StaysDenied()
    {
        var engine = RuleFileJson.EngineWithPhrases("feel * foot * whole day");

        Assert.Equal(TriageLevel.None, engine.Assess("I do not feel my foot the whole day").Level);
    }

    [Theory]
    [InlineData(2026, "in 2025", true)]
    [InlineData(2026, "in 1900", true)]
    [InlineData(2026, "in 1899", false)]
    [InlineData(2026, "in 2026", false)]
    [InlineData(2026, "in 2027", false)]
    [InlineData(2030, "in 2026", true)]
    public void Assess_PastYear_MatchesYearsBeforeTheClocksYear(int year, string message, bool matches)
    {
        var rules = TriageRules.Parse(RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["phrases"] = new JsonArray("in <past-year>")));
        var engine = new TriageEngine(rules, new FixedClock(new DateTimeOffset(year, 1, 1, 12, 0, 0, TimeSpan.Zero)));

        Assert.Equal(matches, engine.Assess($"numb {message}").Flags.Any(f => f.Code == "numbness"));
    }

    [Theory]
    [InlineData(2026, "born in 1976", true)]
    [InlineData(2026, "born in 1955", true)]
    [InlineData(2026, "born in 1977", false)]
    [InlineData(2026, "born in 1899", false)]
    [InlineData(2030, "born in 1980", true)]
    [InlineData(2026, "born in 2030", false)]
    public void Assess_BirthYear_MatchesBirthYearsThatGiveTheAgeOnTheClocksYear(int year, string message, bool matches)
    {
        var rules = TriageRules.Parse(RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["phrases"] = new JsonArray("born in <born-50-120>")));
        var engine = new TriageEngine(rules, new FixedClock(new DateTimeOffset(year, 1, 1, 12, 0, 0, TimeSpan.Zero)));

        Assert.Equal(matches, engine.Assess(message).Flags.Any(f => f.Code == "numbness"));
    }

    [Theory]
    // New year's morning in Sydney (UTC+11) is still 31 December in UTC: the local year decides, so 1977 makes 50.
    [InlineData("2026-12-31T20:00:00Z", 11, true)]
    // New year's eve in Denver (UTC-7) is already 1 January in UTC: still 2026 there, so 1977 makes 49.
    [InlineData("2027-01-01T03:00:00Z", -7, false)]
    [InlineData("2027-06-15T12:00:00Z", -7, true)]
    public void Assess_BirthYear_CountsTheYearOnTheClinicsLocalClockAtNewYear(string utc, int offsetHours, bool matches)
    {
        var rules = TriageRules.Parse(RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["phrases"] = new JsonArray("born in <born-50-120>")));
        var zone = TimeZoneInfo.CreateCustomTimeZone("clinic", TimeSpan.FromHours(offsetHours), "clinic", "clinic");
        var engine = new TriageEngine(rules, new FixedClock(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), zone));

        Assert.Equal(matches, engine.Assess("born in 1977").Flags.Any(f => f.Code == "numbness"));
    }

    [Theory]
    [InlineData("<born-50>")]
    [InlineData("<born-60-50>")]
    [InlineData("<born-old-120>")]
    public void Parse_MalformedBirthYear_SaysWhatIsWrong(string slot)
    {
        var error = Assert.Throws<TriageRulesException>(
            () => TriageRules.Parse(RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["phrases"] = new JsonArray($"born in {slot}"))));

        Assert.Contains("age range", error.Message);
    }

    [Theory]
    [InlineData("my groin is numb", true)]
    [InlineData("numb around my groin", true)]
    [InlineData("numb in my foot, then my groin", true)]
    [InlineData("numb in my left foot and after a very long walk my groin", false)]
    [InlineData("my groin is not numb", false)]
    [InlineData("numb. My groin hurts", false)]
    [InlineData("my groin hurts", false)]
    public void Assess_NearPhrase_MatchesBothPartsInEitherOrderCloseTogether(string message, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases("numb|numbness & groin|crotch");

        Assert.Equal(matches, engine.Assess(message).Flags.Count + engine.Assess(message).Suppressed.Count > 0);
    }

    [Theory]
    [InlineData("my groin is numb", true)]
    [InlineData("numb in my left foot and after a very long walk my groin", true)]
    [InlineData("my groin, after a very long walk in the hills yesterday, went numb", true)]
    [InlineData("my groin is not numb", false)]
    [InlineData("my groin hurts but my foot is numb", false)]
    [InlineData("numb. My groin hurts", false)]
    [InlineData("my groin hurts", false)]
    public void Assess_AnyDistancePhrase_MatchesBothPartsAnywhereInOneSentence(string message, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases("numb|numbness && groin|crotch");

        Assert.Equal(matches, engine.Assess(message).Flags.Count + engine.Assess(message).Suppressed.Count > 0);
    }

    [Fact]
    public void Assess_NearPhrase_SpansFromTheFirstPartToTheLast()
    {
        const string message = "my groin is kind of numb today";
        var engine = RuleFileJson.EngineWithPhrases("numb & groin");

        var flag = Assert.Single(engine.Assess(message).Flags);

        Assert.Equal("groin is kind of numb", message.Substring(flag.Start, flag.Length));
    }

    [Theory]
    [InlineData("I can't really feel my foot", true)]
    [InlineData("I can't even feel my foot", true)]
    [InlineData("really can't feel my foot", true)]
    [InlineData("I can't quite see my foot", false)]
    public void Assess_Filler_IsPassedOverBetweenWordsOfAPhrase(string message, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases(d => d["context"]!["fillers"] = new JsonArray("really", "even"), "can't feel my foot");

        Assert.Equal(matches, engine.Assess(message).Flags.Count > 0);
    }

    [Fact]
    public void Assess_NoFillers_NeedsTheWordsSideBySide()
    {
        var engine = RuleFileJson.EngineWithPhrases("can't feel my foot");

        Assert.Empty(engine.Assess("I can't really feel my foot").Flags);
    }

    [Fact]
    public void Assess_RespelledWord_IsReadAsTheWordItStandsFor()
    {
        var engine = RuleFileJson.EngineWithPhrases(d => d["spelling"]!["respell"] = new JsonObject { ["fut"] = "foot" }, "numb foot");

        Assert.NotEmpty(engine.Assess("numb fut").Flags);
    }

    [Theory]
    [InlineData("numb foot", true)]
    [InlineData("Numb foot? yes", true)]
    [InlineData("well, numb foot", true)]
    [InlineData("my foot. numb foot", true)]
    [InlineData("a numb foot", false)]
    public void Assess_ClauseStart_MatchesOnlyWhereASentenceOrClauseBegins(string message, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases("^ numb foot");

        Assert.Equal(matches, engine.Assess(message).Flags.Count > 0);
    }

    [Fact]
    public void Assess_ClauseStartInANearPhrase_AppliesToItsPart()
    {
        var engine = RuleFileJson.EngineWithPhrases("^ numb & foot");

        Assert.NotEmpty(engine.Assess("numb in my foot").Flags);
        Assert.Empty(engine.Assess("it is numb in my foot").Flags);
    }

    [Theory]
    [InlineData("my foot keeps crampin", true)]
    [InlineData("my foot keeps cramping", true)]
    [InlineData("my foot keeps crampin'", true)]
    [InlineData("my foot keeps crampi", false)]
    public void Assess_DroppedG_IsReadAsTheIngWord(string message, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases("foot * cramping");

        Assert.Equal(matches, engine.Assess(message).Flags.Count > 0);
    }

    [Fact]
    public void Assess_ShortWordEndingInIn_IsNotReadAsAnIngWord()
    {
        var engine = RuleFileJson.EngineWithPhrases("thing");

        Assert.Empty(engine.Assess("a thin slice").Flags);
        Assert.NotEmpty(engine.Assess("a thing").Flags);
    }

    [Theory]
    [InlineData("nmub", true)]
    [InlineData("nubm", true)]
    [InlineData("numb", true)]
    [InlineData("dumb", false)]
    [InlineData("numbb", true)]
    [InlineData("nnumb", true)]
    [InlineData("numbs", false)]
    [InlineData("nub", false)]
    public void Assess_ShortTypoTolerantWord_MatchesOnlySwappedOrDoubledLetters(string word, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases(d => d["spelling"]!["typoTolerant"] = new JsonArray("numb"), "numb");

        Assert.Equal(matches, engine.Assess($"my {word} leg").Flags.Count > 0);
    }

    [Theory]
    [InlineData("my foot feels numby after long walks", true)]
    [InlineData("my big toe is a bit numbish", true)]
    [InlineData("a numbnessy feeling in my heel", true)]
    [InlineData("a numbyness in my heel", true)]
    [InlineData("a numbly written note", false)]
    public void Assess_SofteningSuffixOnATypoTolerantWord_IsThatWord(string message, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases(d => d["spelling"]!["typoTolerant"] = new JsonArray("numbness", "numb"), "numb|numbness");

        Assert.Equal(matches, engine.Assess(message).Flags.Count > 0);
    }

    [Fact]
    public void Assess_SofteningSuffixOnAWordNotMarkedTypoTolerant_IsNotRead()
    {
        var engine = RuleFileJson.EngineWithPhrases("fever|chills");

        Assert.Empty(engine.Assess("a chilly morning walk").Flags);
    }
}
