using System.Text.Json.Nodes;

namespace BackPainBot.Triage.Tests.Support;

/// <summary>A small valid rule file to vary in tests: one change per test shows what the loader rejects.</summary>
internal static class RuleFileJson
{
    private const string Valid = """
        {
          "description": "test rules",
          "rules": [
            {
              "code": "saddle-numbness",
              "level": "emergency",
              "condition": "Saddle numbness.",
              "advice": "Call 911 now.",
              "phrases": [ "(numb|numbness) * between [my] legs" ]
            },
            {
              "code": "fever-infection",
              "level": "urgent",
              "condition": "Fever.",
              "advice": "See a clinician today.",
              "phrases": [ "fever|chills" ]
            },
            {
              "code": "numbness",
              "level": "routine",
              "condition": "Numbness.",
              "advice": "Seek medical attention.",
              "phrases": [ "numb|numbness", "(can't|unable to) feel * foot" ]
            }
          ],
          "context": {
            "pseudo": [ "not sure if" ],
            "termination": [ "but" ],
            "clauseStarters": [ "my" ],
            "firstPerson": [ "i" ],
            "notInGaps": [ "not", "but" ],
            "triggers": [
              { "category": "negated", "direction": "forward", "window": 6, "endsAtFirstPerson": true, "terms": [ "no", "not" ] }
            ]
          },
          "spelling": { "typoTolerant": [ "numbness" ], "neverTypos": [ "numbers" ] }
        }
        """;

    public static JsonObject Document() => JsonNode.Parse(Valid)!.AsObject();

    public static string Text(Action<JsonObject>? change = null)
    {
        var document = Document();
        change?.Invoke(document);
        return document.ToJsonString();
    }

    public static JsonObject Rule(JsonObject document, int index) => document["rules"]![index]!.AsObject();

    /// <summary>An engine on the small rule file with <paramref name="phrases"/> as the routine rule's phrases.</summary>
    public static TriageEngine EngineWithPhrases(params string[] phrases) => EngineWithPhrases(null, phrases);

    /// <summary>As <see cref="EngineWithPhrases(string[])"/>, with a further change to the file.</summary>
    public static TriageEngine EngineWithPhrases(Action<JsonObject>? change, params string[] phrases) =>
        new(TriageRules.Parse(Text(d =>
        {
            Rule(d, 2)["phrases"] = new JsonArray([.. phrases.Select(p => JsonValue.Create(p))]);
            change?.Invoke(d);
        })));
}
