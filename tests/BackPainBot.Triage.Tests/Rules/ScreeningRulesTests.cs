using System.Text.Json.Nodes;
using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests.Rules;

/// <summary>The screening section of the rule file: questions, the codes a "yes" reports, and when to ask.</summary>
public sealed class ScreeningRulesTests
{
    private const string Screening = """
        {
          "trigger": { "backPain": ["fever-infection"], "legSymptoms": ["numbness"] },
          "questions": [
            { "code": "saddle-numbness", "question": "Any numbness between your legs?" }
          ]
        }
        """;

    [Fact]
    public void Parse_ValidScreening_ExposesTheQuestions()
    {
        var rules = TriageRules.Parse(WithScreening());

        Assert.Equal([new ScreeningQuestion("saddle-numbness", "Any numbness between your legs?")], rules.Screening);
    }

    [Fact]
    public void Parse_QuestionWithUnknownCode_NamesTheCode()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithScreening(s => s["questions"]![0]!["code"] = "saddle-anaesthesia")));

        Assert.Contains("screening question #1 (saddle-anaesthesia): unknown code 'saddle-anaesthesia'", ex.Message);
    }

    [Fact]
    public void Parse_TriggerWithUnknownCode_NamesTheCode()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithScreening(s => s["trigger"]!["legSymptoms"] = new JsonArray("numbness", "leg-ache"))));

        Assert.Contains("screening.trigger.legSymptoms: unknown code 'leg-ache'", ex.Message);
    }

    [Fact]
    public void Parse_EmptyQuestion_NamesTheQuestion()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithScreening(s => s["questions"]![0]!["question"] = " ")));

        Assert.Contains("screening question #1 (saddle-numbness): question is empty", ex.Message);
    }

    [Fact]
    public void Parse_UnknownAnsweredByCode_NamesTheCode()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithScreening(s => s["questions"]![0]!["answeredBy"] = new JsonArray("bowel"))));

        Assert.Contains("unknown code 'bowel' in answeredBy", ex.Message);
    }

    [Fact]
    public void Parse_MissingTrigger_SaysSo()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithScreening(s => s.Remove("trigger"))));

        Assert.Contains("screening.trigger.backPain is empty", ex.Message);
    }

    [Fact]
    public void Parse_DoubtSignal_PromptsItsQuestion()
    {
        var engine = new TriageEngine(TriageRules.Parse(WithDoubt()));

        Assert.Equal("saddle-numbness", Assert.Single(engine.PendingScreening(["I need the toilet"])).Code);
        Assert.Empty(engine.PendingScreening(["no toilet trouble"]));
    }

    [Fact]
    public void Parse_DoubtWithUnknownSignal_NamesTheSignal()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithDoubt(d => d["signals"] = new JsonArray("loo-words"))));

        Assert.Contains("screening.trigger.doubt #1: unknown signal 'loo-words'", ex.Message);
    }

    [Fact]
    public void Parse_DoubtNamingARule_SaysADoubtIsASignal()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithDoubt(d => d["signals"] = new JsonArray("numbness"))));

        Assert.Contains("unknown signal 'numbness'; a doubt is a signal", ex.Message);
    }

    [Fact]
    public void Parse_DoubtWithUnknownQuestion_NamesTheQuestion()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithDoubt(d => d["questions"] = new JsonArray("fever-infection"))));

        Assert.Contains("screening.trigger.doubt #1: unknown question 'fever-infection'", ex.Message);
    }

    [Theory]
    [InlineData("signals")]
    [InlineData("questions")]
    public void Parse_DoubtEntryWithEmptyList_SaysSo(string list)
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithDoubt(d => d[list] = new JsonArray())));

        Assert.Contains($"screening.trigger.doubt #1: {list} is empty", ex.Message);
    }

    [Fact]
    public void Parse_EmptyDoubt_SaysSo()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithScreening(s => s["trigger"]!["doubt"] = new JsonArray())));

        Assert.Contains("screening.trigger.doubt is empty", ex.Message);
    }

    [Fact]
    public void Parse_DoubtOnlyQuestionNoDoubtPrompts_SaysItIsNeverAsked()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(WithScreening(s => s["questions"]![0]!["doubtOnly"] = true)));

        Assert.Contains("screening question (saddle-numbness): doubtOnly, but no entry of screening.trigger.doubt prompts it", ex.Message);
    }

    [Fact]
    public void Validate_RepositoryRuleFile_ReturnsNoProblems()
    {
        Assert.Empty(TriageRules.Validate(RepoPaths.RedFlags));
    }

    [Fact]
    public void Validate_InvalidFile_ReturnsEveryProblem()
    {
        var path = TempFile(RuleFileJson.Text(d =>
        {
            RuleFileJson.Rule(d, 0)["level"] = "severe";
            d["screening"] = JsonNode.Parse(Screening);
            d["screening"]!["questions"]![0]!["code"] = "nope";
        }));

        IReadOnlyList<string> problems;
        try
        {
            problems = TriageRules.Validate(path);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("unknown level 'severe'"));
        Assert.Contains(problems, p => p.Contains("unknown code 'nope'"));
    }

    [Fact]
    public void Validate_MissingFile_ReturnsTheProblem()
    {
        var problem = Assert.Single(TriageRules.Validate(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json")));

        Assert.Contains("does not exist", problem);
    }

    [Fact]
    public void Parse_RespellToItself_NamesTheWord()
    {
        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(RuleFileJson.Text(d => d["spelling"]!["respell"] = new JsonObject { ["numb"] = "numb" })));

        Assert.Contains("spelling.respell \"numb\"", ex.Message);
    }

    [Fact]
    public void Parse_CombinationWithAlternatives_CombinesAnyOfThem()
    {
        var json = RuleFileJson.Text(d =>
        {
            RuleFileJson.Rule(d, 0)["phrases"] = new JsonArray();
            d["combinations"] = JsonNode.Parse("""[{ "when": ["fever-infection", "numbness|saddle-numbness"], "then": "saddle-numbness" }]""");
        });

        var engine = new TriageEngine(TriageRules.Parse(json));

        Assert.Equal("saddle-numbness", Assert.Single(engine.Assess("fever and numbness").Flags).Code);
    }

    [Fact]
    public void Parse_CombinationListingACodeTwice_SaysSo()
    {
        var json = RuleFileJson.Text(d => d["combinations"] = JsonNode.Parse("""[{ "when": ["numbness", "fever-infection|numbness"], "then": "saddle-numbness" }]"""));

        var ex = Assert.Throws<TriageRulesException>(() => TriageRules.Parse(json));

        Assert.Contains("no code listed twice", ex.Message);
    }

    private static string WithScreening(Action<JsonObject>? change = null) =>
        RuleFileJson.Text(d =>
        {
            var screening = JsonNode.Parse(Screening)!.AsObject();
            change?.Invoke(screening);
            d["screening"] = screening;
        });

    /// <summary>The small file with a toilet signal that prompts the saddle question; <paramref name="change"/> edits the doubt entry.</summary>
    private static string WithDoubt(Action<JsonObject>? change = null) =>
        RuleFileJson.Text(d =>
        {
            d["signals"] = JsonNode.Parse("""[{ "code": "toilet-words", "phrases": ["toilet"] }]""");
            var screening = JsonNode.Parse(Screening)!.AsObject();
            var doubt = JsonNode.Parse("""{ "signals": ["toilet-words"], "questions": ["saddle-numbness"] }""")!.AsObject();
            change?.Invoke(doubt);
            screening["trigger"]!["doubt"] = new JsonArray(doubt);
            d["screening"] = screening;
        });

    private static string TempFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"red-flags-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }
}
