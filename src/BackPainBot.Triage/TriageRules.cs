using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using BackPainBot.Triage.Matching;
using BackPainBot.Triage.Rules;
using BackPainBot.Triage.Text;

namespace BackPainBot.Triage;

/// <summary>The clinic's red-flag rules and context triggers, validated and compiled; build a <see cref="TriageEngine"/> from it.</summary>
public sealed class TriageRuleSet
{
    internal TriageRuleSet(string source, IReadOnlyList<RedFlagRule> rules, IReadOnlyList<string> signals, CompiledRules compiled)
    {
        Source = source;
        Rules = rules;
        SignalCodes = signals;
        Compiled = compiled;
        Screening = [.. compiled.Screening.Questions.Select(q => q.Question)];
    }

    /// <summary>Where the rules came from (a file path), for messages.</summary>
    public string Source { get; }

    /// <summary>Every red-flag rule, in file order.</summary>
    public IReadOnlyList<RedFlagRule> Rules { get; }

    /// <summary>Codes of the signals: mentions that only count in combinations (a minor fall, steroid use).</summary>
    public IReadOnlyList<string> SignalCodes { get; }

    /// <summary>The screening questions, in file order; empty when the file has no screening section.</summary>
    public IReadOnlyList<ScreeningQuestion> Screening { get; }

    internal CompiledRules Compiled { get; }
}

/// <summary>The rule file is missing or wrong. The message names each rule and its problem; start-up stops with it.</summary>
public sealed class TriageRulesException : Exception
{
    /// <summary>Creates the exception for the rule file <paramref name="source"/> with its problems.</summary>
    public TriageRulesException(string source, IReadOnlyList<string> problems)
        : base(Describe(source, problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception for a rule file that could not be read at all.</summary>
    public TriageRulesException(string source, string problem, Exception? inner = null)
        : base(Describe(source, [problem]), inner)
    {
        Problems = [problem];
    }

    /// <summary>Each problem on its own, e.g. <c>rule 'saddle-numbness': unknown level 'critical'</c>.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(string source, IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? $"Red-flag rule file '{source}' is invalid: {problems[0]}"
            : $"Red-flag rule file '{source}' has {problems.Count} problems:\n - " + string.Join("\n - ", problems);
}

/// <summary>Loads and validates the clinic's red-flag rule file (<c>knowledge/red-flags.json</c>).</summary>
public static class TriageRules
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    private static readonly string[] Levels = ["emergency", "urgent", "routine"];

    private static readonly string[] Categories = ["negated", "historical", "resolved", "hypothetical", "otherPerson"];

    /// <summary>Reads, validates and compiles the rule file at <paramref name="path"/>.</summary>
    /// <exception cref="TriageRulesException">The file is missing, is not JSON, or a rule is wrong.</exception>
    public static TriageRuleSet Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TriageRulesException(path, "the file does not exist (setting Triage:RulesPath)");
        }

        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TriageRulesException(path, $"the file could not be read: {ex.Message}", ex);
        }

        return Parse(json, path);
    }

    /// <summary>
    /// Checks the rule file at <paramref name="path"/> as start-up would, for a validation command: every problem,
    /// each naming its rule, or an empty list when the file is valid.
    /// </summary>
    public static IReadOnlyList<string> Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            _ = Load(path);
            return [];
        }
        catch (TriageRulesException ex)
        {
            return ex.Problems;
        }
    }

    /// <summary>Validates and compiles rule-file JSON; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="TriageRulesException">The JSON is malformed or a rule is wrong.</exception>
    public static TriageRuleSet Parse(string json, string source = "red-flags.json")
    {
        RuleFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RuleFile>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new TriageRulesException(source, $"not readable as a rule file at {ex.Path} (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        if (file is null)
        {
            throw new TriageRulesException(source, "the file is empty");
        }

        var compiler = new Compiler();
        var result = compiler.Compile(file);
        if (compiler.Problems.Count > 0 || result.Compiled is null)
        {
            throw new TriageRulesException(source, compiler.Problems);
        }

        return new TriageRuleSet(source, result.Rules, result.Signals, result.Compiled);
    }

    private sealed class Compiler
    {
        private readonly VocabularyBuilder _vocabulary = new();
        private readonly HashSet<int> _conceptWords = [];
        private PhraseTerms _terms = PhraseTerms.None;

        public List<string> Problems { get; } = [];

        /// <summary>Validates and compiles; <c>Compiled</c> is null when the file cannot be compiled at all.</summary>
        public (IReadOnlyList<RedFlagRule> Rules, IReadOnlyList<string> Signals, CompiledRules? Compiled) Compile(RuleFile file)
        {
            _terms = CompileNamedTerms(file.Terms);
            var ruleEntries = file.Rules ?? [];
            var signalEntries = file.Signals ?? [];
            var combinationEntries = file.Combinations ?? [];
            if (ruleEntries.Count == 0)
            {
                Problems.Add("there are no rules");
            }

            var combinationTargets = combinationEntries.Select(c => c.Then?.Trim()).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var codes = new HashSet<string>(StringComparer.Ordinal);
            var concepts = new List<(CompiledPhrase, Concept)>();
            var exceptions = new List<(CompiledPhrase, Concept)>();
            var rules = new List<RedFlagRule>();
            var rulesByCode = new Dictionary<string, RedFlagRule>(StringComparer.Ordinal);
            var keepsByCode = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var notReadFromByCode = new Dictionary<string, List<string>>(StringComparer.Ordinal);

            for (var i = 0; i < ruleEntries.Count; i++)
            {
                var entry = ruleEntries[i];
                var name = Name("rule", entry.Code, i);
                var code = CheckCode(name, entry.Code, codes);
                var level = CheckLevel(name, entry.Level);
                if (string.IsNullOrWhiteSpace(entry.Condition))
                {
                    Problems.Add($"{name}: condition is empty");
                }

                if (string.IsNullOrWhiteSpace(entry.Advice))
                {
                    Problems.Add($"{name}: advice is empty");
                }
                else if (level == TriageLevel.Emergency && !entry.Advice.Contains("911", StringComparison.Ordinal))
                {
                    Problems.Add($"{name}: emergency advice must tell the person to call 911");
                }

                if (entry.AnswersQuestion && level is not null && level != TriageLevel.Routine)
                {
                    Problems.Add($"{name}: answersQuestion is only for routine rules (a risk factor, not a symptom)");
                }

                var rule = new RedFlagRule(code ?? "", level ?? TriageLevel.Routine, entry.Condition?.Trim() ?? "", entry.Advice?.Trim() ?? "")
                {
                    AnswersQuestion = entry.AnswersQuestion,
                };
                var concept = new Concept(rule.Code, rule, entry.HistoryIsRedFlag);
                var phrases = entry.Phrases ?? [];
                if (phrases.Count == 0 && (code is null || !combinationTargets.Contains(code)))
                {
                    Problems.Add($"{name}: phrases are empty (only a rule that a combination produces may have none)");
                }

                concepts.AddRange(CompilePhrases(name, phrases, concept, isConcept: true));
                exceptions.AddRange(CompilePhrases(name + " (except)", entry.Except ?? [], concept, isConcept: false));
                rules.Add(rule);
                if (code is not null)
                {
                    rulesByCode.TryAdd(code, rule);
                    if (entry.Keeps is { Count: > 0 })
                    {
                        keepsByCode[code] = [.. entry.Keeps.Select(k => k.Trim())];
                    }

                    if (entry.NotReadFrom is { Count: > 0 })
                    {
                        notReadFromByCode[code] = [.. entry.NotReadFrom.Select(k => k.Trim())];
                    }
                }
            }

            var keeps = CompileRuleLists(
                "keeps", keepsByCode, rulesByCode, (rule, other) => other.Level >= rule.Level ? $"keeps '{other.Code}', which is not less urgent" : null);
            var notReadFrom = CompileRuleLists(
                "notReadFrom", notReadFromByCode, rulesByCode, (rule, other) => other.Code == rule.Code ? "notReadFrom names the rule itself" : null);

            var signals = new List<string>();
            for (var i = 0; i < signalEntries.Count; i++)
            {
                var entry = signalEntries[i];
                var name = Name("signal", entry.Code, i);
                var code = CheckCode(name, entry.Code, codes);
                if (entry.Phrases is not { Count: > 0 })
                {
                    Problems.Add($"{name}: phrases are empty");
                }

                // "A scan last year said osteoporosis": a lasting condition told as history still counts.
                var concept = new Concept(code ?? "", null, entry.HistoryIsRedFlag);
                concepts.AddRange(CompilePhrases(name, entry.Phrases ?? [], concept, isConcept: true));
                exceptions.AddRange(CompilePhrases(name + " (except)", entry.Except ?? [], concept, isConcept: false));
                signals.Add(code ?? "");
            }

            var combinations = CompileCombinations(combinationEntries, codes, rulesByCode);
            var context = file.Context;
            if (context is null)
            {
                Problems.Add("the context section (negation and other triggers) is missing");
                return (rules, signals, null);
            }

            var triggers = CompileTriggers(context.Triggers ?? []);
            var pseudo = CompileTerms("context.pseudo", context.Pseudo);
            var termination = CompileTerms("context.termination", context.Termination);
            var sameSubject = context.SameSubject is null ? [] : CompileTerms("context.sameSubject", context.SameSubject);
            var clauseStarters = CompileWords("context.clauseStarters", context.ClauseStarters);
            var firstPerson = CompileWords("context.firstPerson", context.FirstPerson);
            var own = context.Own is null ? FrozenSet<int>.Empty : CompileWords("context.own", context.Own);
            if (own.Count == 0 && (context.Triggers ?? []).Any(t => t.UnlessOwn))
            {
                Problems.Add("context.own is missing: triggers marked unlessOwn need the words that show a sentence is about the writer");
            }
            var notInGaps = CompileWords("context.notInGaps", context.NotInGaps);
            var referBack = context.ReferBack is null ? FrozenSet<int>.Empty : CompileWords("context.referBack", context.ReferBack);
            var fillers = context.Fillers is null ? FrozenSet<int>.Empty : CompileWords("context.fillers", context.Fillers);
            var reportsBack = context.ReportsBack is null ? [] : CompileTerms("context.reportsBack", context.ReportsBack);
            var deniesAfter = context.DeniesAfter is null ? [] : CompileTerms("context.deniesAfter", context.DeniesAfter);
            var answersNo = context.AnswersNo is null ? [] : CompileTerms("context.answersNo", context.AnswersNo);
            var asks = context.Asks is null ? [] : CompileTerms("context.asks", context.Asks);
            if (asks.Count == 0 && (context.Triggers ?? []).Any(t => t.WhenAsked))
            {
                Problems.Add("context.asks is missing: triggers marked whenAsked need the phrases that ask for advice ('should i')");
            }

            var (typoTolerant, neverTypos) = CompileSpelling(file.Spelling);
            var respell = CompileRespell(file.Spelling?.Respell);
            var screening = CompileScreening(file.Screening, codes, rulesByCode, signals);
            foreach (var unused in _terms.Unused)
            {
                Problems.Add($"terms: '@{unused}' is not used by any phrase (use it or remove it)");
            }

            var compiled = new CompiledRules
            {
                Vocabulary = _vocabulary.Build(typoTolerant, neverTypos, respell, OwnerWords(context.Triggers ?? [])),
                Concepts = new PhraseMatcher<Concept>(concepts),
                Exceptions = new PhraseMatcher<Concept>(exceptions),
                Triggers = new PhraseMatcher<Trigger>(triggers),
                Pseudo = new PhraseMatcher<bool>(pseudo.Select(p => (p, true))),
                // The payload says whether the term also ends the reach of "someone else": "and has" does not.
                Termination = new PhraseMatcher<bool>(termination.Select(p => (p, true)).Concat(sameSubject.Select(p => (p, false)))),
                ClauseStarters = clauseStarters,
                FirstPerson = firstPerson,
                Own = own,
                NotInGaps = notInGaps,
                ReferBack = referBack,
                Fillers = fillers,
                ReportsBack = new PhraseMatcher<bool>(reportsBack.Select(p => (p, true))),
                // The payload says whether the phrase is a bare answer that counts only as the whole of its clause.
                DeniesAfter = new PhraseMatcher<bool>(deniesAfter.Select(p => (p, false)).Concat(answersNo.Select(p => (p, true)))),
                Asks = new PhraseMatcher<bool>(asks.Select(p => (p, true))),
                Combinations = combinations,
                Screening = screening,
                Keeps = keeps,
                NotReadFrom = notReadFrom,
                HistoryCounts = concepts.Where(c => c.Item2.Rule is not null && c.Item2.HistoryIsRedFlag).Select(c => c.Item2.Code).ToFrozenSet(StringComparer.Ordinal),
            };
            return (rules, signals, compiled);
        }

        /// <summary>
        /// A rule field that lists other rules' codes (<c>keeps</c>, <c>notReadFrom</c>), by rule: each code must name a
        /// rule, and <paramref name="problem"/> says what else is wrong with naming it (null when nothing is).
        /// </summary>
        private FrozenDictionary<string, FrozenSet<string>> CompileRuleLists(
            string field,
            Dictionary<string, List<string>> byCode,
            Dictionary<string, RedFlagRule> rulesByCode,
            Func<RedFlagRule, RedFlagRule, string?> problem)
        {
            var compiled = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
            foreach (var (code, others) in byCode)
            {
                foreach (var other in others)
                {
                    if (!rulesByCode.TryGetValue(other, out var otherRule))
                    {
                        Problems.Add($"rule '{code}': {field} '{other}', which is not a rule");
                    }
                    else if (problem(rulesByCode[code], otherRule) is { } wrong)
                    {
                        Problems.Add($"rule '{code}': {wrong}");
                    }
                }

                compiled[code] = others.ToFrozenSet(StringComparer.Ordinal);
            }

            return compiled.ToFrozenDictionary(StringComparer.Ordinal);
        }

        private static string Name(string kind, string? code, int index) =>
            string.IsNullOrWhiteSpace(code) ? $"{kind} #{index + 1} (no code)" : $"{kind} '{code.Trim()}'";

        private string? CheckCode(string name, string? code, HashSet<string> codes)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                Problems.Add($"{name}: code is empty");
                return null;
            }

            code = code.Trim();
            if (!IsCode(code))
            {
                Problems.Add($"{name}: code must be lower-case letters and digits joined by '-' (e.g. saddle-numbness)");
            }

            if (!codes.Add(code))
            {
                Problems.Add($"{name}: duplicate code; each rule and signal needs its own");
            }

            return code;
        }

        private static bool IsCode(string code) =>
            code.Split('-').All(part => part.Length > 0 && part.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9'));

        private TriageLevel? CheckLevel(string name, string? level)
        {
            var match = Levels.FirstOrDefault(l => string.Equals(l, level?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                Problems.Add(string.IsNullOrWhiteSpace(level)
                    ? $"{name}: level is empty (use emergency, urgent or routine)"
                    : $"{name}: unknown level '{level}' (use emergency, urgent or routine)");
                return null;
            }

            return match switch
            {
                "emergency" => TriageLevel.Emergency,
                "urgent" => TriageLevel.Urgent,
                _ => TriageLevel.Routine,
            };
        }

        private List<(CompiledPhrase, Concept)> CompilePhrases(string name, List<string> phrases, Concept concept, bool isConcept)
        {
            var compiled = new List<(CompiledPhrase, Concept)>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var phrase in phrases)
            {
                if (!seen.Add(phrase?.Trim() ?? ""))
                {
                    Problems.Add($"{name}: phrase \"{phrase}\" is listed twice");
                    continue;
                }

                if (TryParse(name, phrase) is { } parsed)
                {
                    compiled.Add((parsed, concept));
                    if (isConcept)
                    {
                        _conceptWords.UnionWith(WordIds(parsed));
                    }
                }
            }

            return compiled;
        }

        private CompiledPhrase? TryParse(string name, string? phrase)
        {
            try
            {
                return PhraseParser.Parse(phrase ?? "", _vocabulary, _terms);
            }
            catch (PhraseSyntaxException ex)
            {
                Problems.Add($"{name}: {ex.Message}");
                return null;
            }
        }

        // "terms": { "saddle-region": ["groin", "between my legs"] }, used in phrases as @saddle-region. Compiled once
        // here, so a phrase that uses a term costs what the same phrase with the words written out would.
        private PhraseTerms CompileNamedTerms(Dictionary<string, List<string>>? entries)
        {
            var terms = new Dictionary<string, int[][]>(StringComparer.Ordinal);
            foreach (var (name, words) in entries ?? [])
            {
                var label = $"terms: '@{name}'";
                if (!IsCode(name))
                {
                    Problems.Add($"{label}: a term's name must be lower-case letters and digits joined by '-' (e.g. saddle-region)");
                    continue;
                }

                if (words is not { Count: > 0 })
                {
                    Problems.Add($"{label} has no entries");
                    terms[name] = [];
                    continue;
                }

                var compiled = new List<int[]>();
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var word in words)
                {
                    if (!seen.Add(string.Join(' ', (word ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))))
                    {
                        Problems.Add($"{label}: entry \"{word}\" is listed twice");
                        continue;
                    }

                    try
                    {
                        compiled.Add(PhraseParser.ParseTermEntry(word ?? "", _vocabulary));
                    }
                    catch (PhraseSyntaxException ex)
                    {
                        Problems.Add($"{label}: {ex.Message}");
                    }
                }

                terms[name] = [.. compiled];
            }

            return new PhraseTerms(terms);
        }

        private static IEnumerable<int> WordIds(CompiledPhrase phrase) =>
            phrase.AllElements.SelectMany(e => e switch
            {
                WordSlot slot => slot.Ids,
                WordGroup group => group.Alternatives.SelectMany(a => a),
                _ => [],
            });

        private Combination[] CompileCombinations(
            List<CombinationEntry> entries, HashSet<string> codes, Dictionary<string, RedFlagRule> rulesByCode)
        {
            var combinations = new List<Combination>();
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var raw = (entry.When ?? []).Select(c => c?.Trim() ?? "").ToArray();
                // "leg-weakness-one|both-legs": any one of these codes makes the part.
                var when = raw
                    .Select(part => part.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    .ToArray();
                var name = $"combination #{i + 1} ({string.Join(" + ", raw)} -> {entry.Then})";
                var all = when.SelectMany(part => part).ToList();
                if (when.Length < 2 || when.Any(part => part.Length == 0) || all.Distinct(StringComparer.Ordinal).Count() != all.Count)
                {
                    Problems.Add($"{name}: 'when' needs at least two parts, each a code or codes joined by '|', no code listed twice");
                }

                foreach (var code in all.Where(c => !codes.Contains(c)).Distinct(StringComparer.Ordinal))
                {
                    Problems.Add($"{name}: unknown code '{code}' in 'when'");
                }

                if (string.IsNullOrWhiteSpace(entry.Then) || !rulesByCode.TryGetValue(entry.Then.Trim(), out var then))
                {
                    Problems.Add($"{name}: 'then' must be the code of a rule");
                    continue;
                }

                if (entry.SameSentence && entry.SameMessage)
                {
                    Problems.Add($"{name}: set sameSentence or sameMessage, not both (one sentence is already one message)");
                }

                var scope = entry.SameSentence ? CombinationScope.Sentence
                    : entry.SameMessage ? CombinationScope.Message
                    : CombinationScope.Conversation;
                combinations.Add(new Combination(when, then, scope));
            }

            return [.. combinations];
        }

        private ScreeningRules CompileScreening(
            ScreeningEntry? entry, HashSet<string> codes, Dictionary<string, RedFlagRule> rulesByCode, List<string> signals)
        {
            // Optional, so that a small rule file (tests, a new clinic) can leave screening out; the clinic's file has it.
            if (entry is null)
            {
                return ScreeningRules.None;
            }

            var backPain = ScreeningCodes("screening.trigger.backPain", entry.Trigger?.BackPain, codes);
            var legSymptoms = ScreeningCodes("screening.trigger.legSymptoms", entry.Trigger?.LegSymptoms, codes);
            var questions = new List<(ScreeningQuestion, FrozenSet<string>, bool)>();
            var entries = entry.Questions ?? [];
            if (entries.Count == 0)
            {
                Problems.Add("screening.questions is empty");
            }

            var asked = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                var question = entries[i];
                var code = question.Code?.Trim() ?? "";
                var name = $"screening question #{i + 1} ({(code.Length == 0 ? "no code" : code)})";
                if (!rulesByCode.ContainsKey(code))
                {
                    Problems.Add(code.Length == 0
                        ? $"{name}: code is empty (the rule a \"yes\" reports)"
                        : $"{name}: unknown code '{code}'; a \"yes\" must report a rule");
                }
                else if (!asked.Add(code))
                {
                    Problems.Add($"{name}: another question already reports '{code}'");
                }

                if (string.IsNullOrWhiteSpace(question.Question))
                {
                    Problems.Add($"{name}: question is empty");
                }

                var answeredBy = new HashSet<string>(StringComparer.Ordinal) { code };
                foreach (var other in (question.AnsweredBy ?? []).Select(c => c?.Trim() ?? ""))
                {
                    if (!rulesByCode.ContainsKey(other))
                    {
                        Problems.Add($"{name}: unknown code '{other}' in answeredBy");
                    }

                    answeredBy.Add(other);
                }

                questions.Add((new ScreeningQuestion(code, question.Question?.Trim() ?? ""), answeredBy.ToFrozenSet(StringComparer.Ordinal), question.DoubtOnly));
            }

            var doubt = CompileDoubt(entry.Trigger?.Doubt, asked, signals);
            foreach (var (question, _, doubtOnly) in questions)
            {
                if (doubtOnly && !doubt.Values.Any(prompted => prompted.Contains(question.Code)))
                {
                    Problems.Add($"screening question ({question.Code}): doubtOnly, but no entry of screening.trigger.doubt prompts it, so it is never asked");
                }
            }

            return new ScreeningRules(backPain, legSymptoms, questions, doubt);
        }

        /// <summary>
        /// Optional like the rest of screening; when present, each entry names signals (never rules: a rule already
        /// escalates) and the questions they prompt, by the code a "yes" reports.
        /// </summary>
        private FrozenDictionary<string, FrozenSet<string>> CompileDoubt(List<DoubtEntry>? entries, HashSet<string> questionCodes, List<string> signals)
        {
            if (entries is null)
            {
                return FrozenDictionary<string, FrozenSet<string>>.Empty;
            }

            if (entries.Count == 0)
            {
                Problems.Add("screening.trigger.doubt is empty (leave it out for no doubt screening)");
            }

            var prompted = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                var name = $"screening.trigger.doubt #{i + 1}";
                var entrySignals = entries[i].Signals ?? [];
                var entryQuestions = entries[i].Questions ?? [];
                if (entrySignals.Count == 0)
                {
                    Problems.Add($"{name}: signals is empty");
                }

                if (entryQuestions.Count == 0)
                {
                    Problems.Add($"{name}: questions is empty");
                }

                foreach (var question in entryQuestions.Select(c => c?.Trim() ?? "").Where(c => !questionCodes.Contains(c)))
                {
                    Problems.Add($"{name}: unknown question '{question}'; name a screening question by the code its \"yes\" reports");
                }

                foreach (var signal in entrySignals.Select(c => c?.Trim() ?? ""))
                {
                    if (!signals.Contains(signal, StringComparer.Ordinal))
                    {
                        Problems.Add($"{name}: unknown signal '{signal}'; a doubt is a signal (a rule already escalates)");
                        continue;
                    }

                    if (!prompted.TryGetValue(signal, out var codes))
                    {
                        prompted[signal] = codes = new HashSet<string>(StringComparer.Ordinal);
                    }

                    codes.UnionWith(entryQuestions.Select(c => c?.Trim() ?? "").Where(questionCodes.Contains));
                }
            }

            return prompted.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
        }

        private FrozenSet<string> ScreeningCodes(string name, List<string>? entries, HashSet<string> codes)
        {
            if (entries is not { Count: > 0 })
            {
                Problems.Add($"{name} is empty");
                return FrozenSet<string>.Empty;
            }

            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var code in entries.Select(c => c?.Trim() ?? ""))
            {
                if (!codes.Contains(code))
                {
                    Problems.Add($"{name}: unknown code '{code}'");
                }

                found.Add(code);
            }

            return found.ToFrozenSet(StringComparer.Ordinal);
        }

        // The words of the someone-else triggers ("husband", "mum"): typed without the possessive's apostrophe ("my
        // husbands back") they still say whose symptom it is.
        private static HashSet<string> OwnerWords(List<TriggerEntry> entries) =>
            entries
                .Where(e => string.Equals(e.Category?.Trim(), "otherPerson", StringComparison.OrdinalIgnoreCase))
                .SelectMany(e => e.Terms ?? [])
                .SelectMany(t => Regex.Split(t.ToLowerInvariant(), "[^a-z]+"))
                .Where(w => w.Length >= 2)
                .ToHashSet(StringComparer.Ordinal);

        private List<(CompiledPhrase, Trigger)> CompileTriggers(List<TriggerEntry> entries)
        {
            var triggers = new List<(CompiledPhrase, Trigger)>();
            if (entries.Count == 0)
            {
                Problems.Add("context.triggers is empty");
            }

            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var name = $"context.triggers #{i + 1} ({entry.Category} {entry.Direction})";
                var category = Categories.FirstOrDefault(c => string.Equals(c, entry.Category?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (category is null)
                {
                    Problems.Add($"{name}: unknown category '{entry.Category}' (use {string.Join(", ", Categories)})");
                }

                var direction = entry.Direction?.Trim().ToLowerInvariant();
                if (direction is not ("forward" or "backward"))
                {
                    Problems.Add($"{name}: unknown direction '{entry.Direction}' (use forward or backward)");
                }

                if (entry.Window is < 1)
                {
                    Problems.Add($"{name}: window must be at least 1 word, or left out for the rest of the sentence");
                }

                var trigger = new Trigger(
                    category switch
                    {
                        "negated" => TriggerCategory.Negated,
                        "historical" => TriggerCategory.Historical,
                        "resolved" => TriggerCategory.Resolved,
                        "hypothetical" => TriggerCategory.Hypothetical,
                        _ => TriggerCategory.OtherPerson,
                    },
                    direction == "backward" ? TriggerDirection.Backward : TriggerDirection.Forward,
                    entry.Window,
                    entry.EndsAtFirstPerson,
                    entry.UnlessOwn,
                    entry.WholeClause || entry.WhenAsked,
                    entry.WhenAsked,
                    entry.AsksWriter);
                triggers.AddRange(CompileTerms(name + ": terms", entry.Terms).Select(p => (p, trigger)));
            }

            return triggers;
        }

        private List<CompiledPhrase> CompileTerms(string name, List<string>? terms)
        {
            if (terms is not { Count: > 0 })
            {
                Problems.Add($"{name} is empty");
                return [];
            }

            return terms.Select(t => TryParse(name, t)).OfType<CompiledPhrase>().ToList();
        }

        private FrozenSet<int> CompileWords(string name, List<string>? words)
        {
            if (words is not { Count: > 0 })
            {
                Problems.Add($"{name} is empty");
                return FrozenSet<int>.Empty;
            }

            var ids = new HashSet<int>();
            foreach (var word in words)
            {
                if (SingleWord(name, word) is { } normalized)
                {
                    ids.Add(_vocabulary.Add(normalized));
                }
            }

            return ids.ToFrozenSet();
        }

        private string? SingleWord(string name, string? word)
        {
            var trimmed = word?.Trim() ?? "";
            if (trimmed.Length == 0 || !trimmed.All(c => Tokenizer.IsWordChar(c) || Tokenizer.IsApostrophe(c)))
            {
                Problems.Add($"{name}: \"{word}\" must be a single word");
                return null;
            }

            return Tokenizer.NormalizeWord(trimmed);
        }

        private Dictionary<string, string> CompileRespell(Dictionary<string, string>? entries)
        {
            var respell = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (from, to) in entries ?? [])
            {
                var name = $"spelling.respell \"{from}\"";
                if (SingleWord(name, from) is { } word && SingleWord(name, to) is { } meant)
                {
                    if (word == meant || !respell.TryAdd(word, meant))
                    {
                        Problems.Add($"{name}: listed twice, or respelled as itself");
                    }
                }
            }

            return respell;
        }

        private (List<string> TypoTolerant, List<string> NeverTypos) CompileSpelling(SpellingEntry? spelling)
        {
            var typoTolerant = new List<string>();
            var neverTypos = new List<string>();
            foreach (var word in spelling?.TypoTolerant ?? [])
            {
                if (SingleWord("spelling.typoTolerant", word) is not { } normalized)
                {
                    continue;
                }

                if (normalized.Length < Vocabulary.MinTypoLength)
                {
                    Problems.Add($"spelling.typoTolerant: \"{word}\" is shorter than {Vocabulary.MinTypoLength} letters; shorter words are never matched when misspelled");
                }
                else if (_vocabulary.IdOf(normalized) is not { } id || !_conceptWords.Contains(id))
                {
                    Problems.Add($"spelling.typoTolerant: \"{word}\" is not used in any rule or signal phrase");
                }
                else
                {
                    typoTolerant.Add(normalized);
                }
            }

            foreach (var word in spelling?.NeverTypos ?? [])
            {
                if (SingleWord("spelling.neverTypos", word) is { } normalized)
                {
                    neverTypos.Add(normalized);
                }
            }

            return (typoTolerant, neverTypos);
        }
    }
}
