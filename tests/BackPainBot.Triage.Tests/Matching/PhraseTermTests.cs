using System.Text.Json.Nodes;
using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests.Matching;

/// <summary>Named word groups (<c>terms</c>): <c>@name</c> in a phrase stands for one of the term's entries.</summary>
public sealed class PhraseTermTests
{
    private static Action<JsonObject> Terms(params (string Name, string[] Entries)[] terms) => d =>
    {
        var section = new JsonObject();
        foreach (var (name, entries) in terms)
        {
            section[name] = new JsonArray([.. entries.Select(e => JsonValue.Create(e))]);
        }

        d["terms"] = section;
    };

    private static readonly Action<JsonObject> SaddleTerms = Terms(
        ("saddle-region", ["groin", "perineum", "between my legs", "perianal area"]),
        ("sensory-loss", ["numb", "numbness", "no feeling", "hypoaesthesia"]));

    [Theory]
    [InlineData("@sensory-loss * @saddle-region", "numbness around the perineum", true)]
    [InlineData("@sensory-loss * @saddle-region", "no feeling between my legs", true)]
    [InlineData("@sensory-loss * @saddle-region", "hypoaesthesia in the perianal area", true)]
    [InlineData("@sensory-loss * @saddle-region", "numbness in my leg", false)]
    [InlineData("@sensory-loss * @saddle-region", "no feeling between my toes", false)]
    [InlineData("(@saddle-region|bum) * @sensory-loss", "my bum is numb", true)]
    [InlineData("(@saddle-region|bum) * @sensory-loss", "my perineum is numb", true)]
    [InlineData("@sensory-loss [@saddle-region]", "a bit numb", true)]
    [InlineData("@sensory-loss & @saddle-region", "the perineum has gone numb", true)]
    public void Assess_PhraseWithTerm_MatchesAsIfTheEntriesWereWrittenOut(string phrase, string message, bool matches)
    {
        var engine = RuleFileJson.EngineWithPhrases(SaddleTerms, phrase);

        Assert.Equal(matches, engine.Assess(message).Flags.Count > 0);
    }

    [Fact]
    public void Assess_WordAddedToATerm_CountsInEveryPhraseThatUsesIt()
    {
        var engine = RuleFileJson.EngineWithPhrases(
            Terms(("sensory-loss", ["numb", "paraesthesia"]), ("body", ["foot", "calf"])),
            "@sensory-loss in my @body", "@body @sensory-loss");

        Assert.NotEmpty(engine.Assess("paraesthesia in my calf").Flags);
        Assert.NotEmpty(engine.Assess("calf paraesthesia since monday").Flags);
    }

    [Theory]
    [InlineData("a 9th grader")]
    [InlineData("in 4wd mode")]
    public void Assess_TermEntryWithANumberAndLetters_MatchesTheMessageWordSplitTheSameWay(string message)
    {
        var engine = RuleFileJson.EngineWithPhrases(Terms(("numbered", ["9th grader", "4wd"])), "@numbered");

        Assert.NotEmpty(engine.Assess(message).Flags);
    }

    [Theory]
    [InlineData("numb @no-such-term", "unknown term '@no-such-term'")]
    [InlineData("numb (my @saddle-region)", "@saddle-region must be a whole choice inside brackets")]
    [InlineData("numb (@saddle-region legs)", "@saddle-region must be a whole choice inside brackets")]
    [InlineData("numb|@saddle-region", "'@saddle-region' cannot follow '|' outside brackets")]
    [InlineData("numb @", "'@' must be followed by the name of a term")]
    public void Parse_BadTermReference_NamesTheRuleThePhraseAndTheProblem(string phrase, string problem)
    {
        var json = RuleFileJson.Text(d =>
        {
            SaddleTerms(d);
            RuleFileJson.Rule(d, 2)["phrases"] = new JsonArray("@sensory-loss", phrase);
            RuleFileJson.Rule(d, 0)["phrases"] = new JsonArray("@sensory-loss * @saddle-region");
        });

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains($"rule 'numbness': phrase \"{phrase}\": {problem}", ex.Message);
    }

    [Fact]
    public void Parse_PhraseUsingAnEmptyTerm_NamesTheRuleThePhraseAndTheTerm()
    {
        var json = RuleFileJson.Text(d =>
        {
            Terms(("saddle-region", []))(d);
            RuleFileJson.Rule(d, 0)["phrases"] = new JsonArray("numb * @saddle-region");
        });

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("terms: '@saddle-region' has no entries", ex.Message);
        Assert.Contains("rule 'saddle-numbness': phrase \"numb * @saddle-region\": the term '@saddle-region' has no entries", ex.Message);
    }

    [Fact]
    public void Parse_TermNoPhraseUses_NamesTheTerm()
    {
        var json = RuleFileJson.Text(Terms(("saddle-region", ["groin"])));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("terms: '@saddle-region' is not used by any phrase", ex.Message);
    }

    [Theory]
    [InlineData("groin|crotch", "'|' is not allowed in a term")]
    [InlineData("(groin)", "'(' is not allowed in a term")]
    [InlineData("groin *", "'*' is not allowed in a term")]
    [InlineData("@other", "'@other' is not allowed in a term")]
    [InlineData("inner-thigh", "'-' is not allowed")]
    [InlineData(" ", "an entry is empty")]
    public void Parse_BadTermEntry_NamesTheTermAndTheProblem(string entry, string problem)
    {
        var json = RuleFileJson.Text(d =>
        {
            Terms(("saddle-region", ["perineum", entry]))(d);
            RuleFileJson.Rule(d, 0)["phrases"] = new JsonArray("numb * @saddle-region");
        });

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("terms: '@saddle-region': ", ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void Parse_TermEntryListedTwice_NamesTheEntry()
    {
        var json = RuleFileJson.Text(d =>
        {
            Terms(("saddle-region", ["groin", "Groin"]))(d);
            RuleFileJson.Rule(d, 0)["phrases"] = new JsonArray("numb * @saddle-region");
        });

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("terms: '@saddle-region': entry \"Groin\" is listed twice", ex.Message);
    }

    [Fact]
    public void Parse_TermNameNotLowerCaseHyphenated_NamesTheTerm()
    {
        var json = RuleFileJson.Text(Terms(("Saddle Region", ["groin"])));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("terms: '@Saddle Region': a term's name must be lower-case", ex.Message);
    }
}
