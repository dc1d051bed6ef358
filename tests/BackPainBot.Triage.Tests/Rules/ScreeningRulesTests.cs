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

    private static string TempFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"red-flags-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }
}
