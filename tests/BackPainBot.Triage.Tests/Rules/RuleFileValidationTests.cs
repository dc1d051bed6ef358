using System.Text.Json.Nodes;
using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests.Rules;

/// <summary>A broken rule file stops start-up with a message that names the rule and the problem.</summary>
public sealed class RuleFileValidationTests
{
    [Fact]
    public void Load_RepositoryRuleFile_LoadsEveryRuleAndSignal()
    {
        var rules = TriageRules.Load(RepoPaths.RedFlags);

        Assert.Contains(rules.Rules, r => r.Code == "saddle-numbness" && r.Level == TriageLevel.Emergency);
        Assert.Contains(rules.Rules, r => r.Code == "leg-weakness-one" && r.Level == TriageLevel.Urgent);
        Assert.Contains(rules.Rules, r => r.Code == "nerve-pinching" && r.Level == TriageLevel.Routine);
        Assert.Equal(
            ["minor-fall", "bone-risk", "worsening", "worsening-refers-back", "back-pain", "leg-pain", "bilateral", "risk-age",
             "lasting-months", "pain-for-months", "not-improving", "sudden-severe", "belly-pain", "faint-signs", "sexual-activity",
             "weakness-was-mild", "weakness-now-severe", "belly-pulse", "lets-go-on-its-own", "bowels-named", "bladder-named",
             "motorbike-named", "went-down-riding", "doubt-pelvic", "doubt-accident", "doubt-legs", "doubt-injury", "injected-drugs-before", "recent-infection",
             "weight-lost", "not-dieting", "awake-most-nights", "was-only-sometimes", "now-constant", "felt-nothing", "works-at-height", "fell-off-it"],
            rules.SignalCodes);
        Assert.All(rules.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Condition)));
    }

    [Fact]
    public void Parse_ValidFile_ReturnsRulesInFileOrder()
    {
        var rules = TriageRules.Parse(RuleFileJson.Text());

        Assert.Equal(["saddle-numbness", "fever-infection", "numbness"], rules.Rules.Select(r => r.Code));
    }

    [Fact]
    public void Parse_UnknownLevel_NamesTheRuleAndTheLevel()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 1)["level"] = "critical");

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'fever-infection': unknown level 'critical' (use emergency, urgent or routine)", ex.Message);
    }

    [Fact]
    public void Parse_KeepsAMoreUrgentRule_NamesTheRuleAndTheCode()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 1)["keeps"] = new JsonArray("saddle-numbness"));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'fever-infection': keeps 'saddle-numbness', which is not less urgent", ex.Message);
    }

    [Fact]
    public void Parse_KeepsAnUnknownCode_NamesTheRuleAndTheCode()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 0)["keeps"] = new JsonArray("no-such-rule"));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'saddle-numbness': keeps 'no-such-rule', which is not a rule", ex.Message);
    }

    [Fact]
    public void Parse_NotReadFromAnUnknownCode_NamesTheRuleAndTheCode()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 0)["notReadFrom"] = new JsonArray("no-such-rule"));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'saddle-numbness': notReadFrom 'no-such-rule', which is not a rule", ex.Message);
    }

    [Fact]
    public void Parse_NotReadFromItself_NamesTheRule()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 0)["notReadFrom"] = new JsonArray("saddle-numbness"));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'saddle-numbness': notReadFrom names the rule itself", ex.Message);
    }

    [Fact]
    public void Parse_DuplicateCode_NamesTheCode()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["code"] = "fever-infection");

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'fever-infection': duplicate code", ex.Message);
    }

    [Fact]
    public void Parse_EmptyPhrases_NamesTheRule()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 1)["phrases"] = new JsonArray());

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'fever-infection': phrases are empty", ex.Message);
    }

    [Fact]
    public void Parse_MissingPhrases_NamesTheRule()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 1).Remove("phrases"));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'fever-infection': phrases are empty", ex.Message);
    }

    [Fact]
    public void Parse_EmptyAdvice_NamesTheRule()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["advice"] = " ");

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'numbness': advice is empty", ex.Message);
    }

    [Fact]
    public void Parse_EmergencyAdviceWithout911_NamesTheRule()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 0)["advice"] = "Go to hospital.");

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'saddle-numbness': emergency advice must tell the person to call 911", ex.Message);
    }

    [Fact]
    public void Parse_AnswersQuestionOnAnEmergencyRule_NamesTheRule()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 0)["answersQuestion"] = true);

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'saddle-numbness': answersQuestion is only for routine rules", ex.Message);
    }

    [Fact]
    public void Parse_AnswersQuestionOnARoutineRule_MarksTheRule()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["answersQuestion"] = true);

        var rules = TriageRules.Parse(json);

        Assert.True(rules.Rules.Single(r => r.Code == "numbness").AnswersQuestion);
        Assert.False(rules.Rules.Single(r => r.Code == "saddle-numbness").AnswersQuestion);
    }

    [Fact]
    public void Parse_CodeNotLowerCaseHyphenated_NamesTheRule()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["code"] = "Numbness In Leg");

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'Numbness In Leg': code must be lower-case", ex.Message);
    }

    [Theory]
    [InlineData("numb (between|around legs", "'(' is never closed with ')'")]
    [InlineData("numb * * legs", "two * in a row")]
    [InlineData("* numb", "a phrase cannot begin or end with *")]
    [InlineData("[numb]", "every part is optional")]
    [InlineData("numb|", "'|' must be followed by a word")]
    [InlineData("pins-and-needles", "'-' is not allowed")]
    [InlineData("numb + tingly", "the character '+' is not allowed")]
    [InlineData("aged <50>", "'<50>' must be a number range such as <50-120>")]
    [InlineData("aged <60-50>", "'<60-50>' must be a number range")]
    [InlineData("aged <50-120", "'<' is never closed with '>'")]
    [InlineData("(aged|<50-120>)", "a number range cannot be used inside brackets")]
    [InlineData("numb & & legs", "'&' joins two or three phrases")]
    [InlineData("a & b & c & d", "'&' joins two or three phrases")]
    [InlineData("numb && legs & groin", "'&&' joins two or three phrases")]
    [InlineData("a && b && c && d", "'&&' joins two or three phrases")]
    [InlineData("numb && && legs", "'&&' joins two or three phrases")]
    [InlineData("(numb|)", "an empty choice")]
    [InlineData("([numb])", "brackets cannot be nested")]
    public void Parse_BadPhrase_NamesTheRuleThePhraseAndTheProblem(string phrase, string problem)
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["phrases"] = new JsonArray(phrase));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains($"rule 'numbness': phrase \"{phrase}\": {problem}", ex.Message);
    }

    [Fact]
    public void Parse_PhraseListedTwice_NamesThePhrase()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["phrases"] = new JsonArray("numb", "Numb"));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("rule 'numbness': phrase \"Numb\" is listed twice", ex.Message);
    }

    [Fact]
    public void Parse_CombinationWithUnknownCode_NamesTheCode()
    {
        var json = RuleFileJson.Text(d => d["combinations"] = JsonNode.Parse("""[{ "when": ["fever-infection", "leg-weakness"], "then": "saddle-numbness" }]"""));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("unknown code 'leg-weakness' in 'when'", ex.Message);
    }

    [Fact]
    public void Parse_RuleWithoutPhrasesThatACombinationProduces_IsValid()
    {
        var json = RuleFileJson.Text(d =>
        {
            RuleFileJson.Rule(d, 0)["phrases"] = new JsonArray();
            d["combinations"] = JsonNode.Parse("""[{ "when": ["fever-infection", "numbness"], "then": "saddle-numbness" }]""");
        });

        var engine = new TriageEngine(TriageRules.Parse(json));

        Assert.Equal("saddle-numbness", Assert.Single(engine.Assess("fever and numbness").Flags).Code);
    }

    [Fact]
    public void Parse_CombinationWithBothSameSentenceAndSameMessage_SaysToSetOne()
    {
        var json = RuleFileJson.Text(d => d["combinations"] = JsonNode.Parse("""[{ "when": ["fever-infection", "numbness"], "then": "saddle-numbness", "sameSentence": true, "sameMessage": true }]"""));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("set sameSentence or sameMessage, not both", ex.Message);
    }

    [Fact]
    public void Parse_UnlessOwnTriggerWithoutOwnWords_SaysTheListIsMissing()
    {
        var json = RuleFileJson.Text(d => d["context"]!["triggers"]!.AsArray().Add(JsonNode.Parse("""{ "category": "hypothetical", "direction": "forward", "unlessOwn": true, "terms": [ "^ is" ] }""")));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("context.own is missing", ex.Message);
    }

    [Fact]
    public void Parse_WhenAskedTriggerWithoutAsks_SaysTheListIsMissing()
    {
        var json = RuleFileJson.Text(d => d["context"]!["triggers"]!.AsArray().Add(JsonNode.Parse("""{ "category": "hypothetical", "direction": "forward", "whenAsked": true, "terms": [ "^ if" ] }""")));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("context.asks is missing", ex.Message);
    }

    [Theory]
    [InlineData("numb ^ foot")]
    [InlineData("^")]
    [InlineData("(^ numb|foot)")]
    public void Parse_ClauseStartNotFirst_SaysWhereItGoes(string phrase)
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 2)["phrases"] = new JsonArray(phrase));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("'^'", ex.Message);
    }

    [Fact]
    public void Parse_UnknownTriggerCategory_ListsTheValidOnes()
    {
        var json = RuleFileJson.Text(d => d["context"]!["triggers"]![0]!["category"] = "negative");

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("unknown category 'negative' (use negated, historical, resolved, hypothetical, otherPerson)", ex.Message);
    }

    [Fact]
    public void Parse_MissingContext_SaysSo()
    {
        var json = RuleFileJson.Text(d => d.Remove("context"));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("the context section", ex.Message);
    }

    [Theory]
    [InlineData("pe", "is shorter than 3 letters")]
    [InlineData("bladder", "is not used in any rule or signal phrase")]
    public void Parse_BadTypoTolerantWord_SaysWhy(string word, string problem)
    {
        var json = RuleFileJson.Text(d => d["spelling"]!["typoTolerant"] = new JsonArray(word));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains($"\"{word}\" {problem}", ex.Message);
    }

    [Fact]
    public void Parse_UnknownProperty_NamesWhereItIs()
    {
        var json = RuleFileJson.Text(d => RuleFileJson.Rule(d, 1)["phrase"] = "fever");

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("$.rules[1].phrase", ex.Message);
    }

    [Fact]
    public void Parse_MalformedJson_SaysWhere()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse("{ \"rules\": [ { \"code\": } ] }", "knowledge/red-flags.json"));

        Assert.StartsWith("Red-flag rule file 'knowledge/red-flags.json' is invalid: not readable as a rule file", ex.Message);
        Assert.Contains("line 1", ex.Message);
    }

    [Fact]
    public void Parse_SeveralProblems_ListsEveryOne()
    {
        var json = RuleFileJson.Text(d =>
        {
            RuleFileJson.Rule(d, 0)["level"] = "severe";
            RuleFileJson.Rule(d, 2)["advice"] = "";
        });

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains("has 2 problems", ex.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesThePathAndTheSetting()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "red-flags.json");

        var ex = Assert.Throws<TriageRulesException>(() => TriageEngine.Load(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("Triage:RulesPath", ex.Message);
    }
}
