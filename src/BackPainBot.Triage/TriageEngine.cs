using BackPainBot.Triage.Context;
using BackPainBot.Triage.Matching;
using BackPainBot.Triage.Rules;
using BackPainBot.Triage.Text;

namespace BackPainBot.Triage;

/// <summary>
/// Finds red flags in a message with the clinic's rules: phrases matched on normalised words (typos in symptom words
/// tolerated), then negation, history, hypotheticals and other people read from context, then combinations.
/// Immutable after construction: one instance serves all requests.
/// </summary>
public sealed class TriageEngine : ITriageEngine
{
    private static readonly MentionStatus[] ContextsByUrgency = [MentionStatus.Reported, MentionStatus.OtherPerson, MentionStatus.Hypothetical];

    private readonly CompiledRules _rules;

    /// <summary>Creates the engine from rules loaded with <see cref="TriageRules.Load"/>.</summary>
    public TriageEngine(TriageRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules.Rules;
        _rules = rules.Compiled;
    }

    /// <inheritdoc />
    public IReadOnlyList<RedFlagRule> Rules { get; }

    /// <summary>Loads the rule file at <paramref name="path"/> and creates the engine.</summary>
    /// <exception cref="TriageRulesException">The rule file is missing or invalid; the message names the rule.</exception>
    public static TriageEngine Load(string path) => new(TriageRules.Load(path));

    /// <inheritdoc />
    public TriageResult Assess(string message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return TriageResult.Clear;
        }

        var tokens = Tokenizer.Tokenize(message);
        var ids = new int[tokens.Length][];
        var stopsGaps = new bool[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            ids[i] = _rules.Vocabulary.Lookup(tokens[i].Text);
            stopsGaps[i] = ids[i].Any(_rules.NotInGaps.Contains);
        }

        var words = new MessageWords(tokens, ids, stopsGaps);
        var concepts = FindConcepts(words);
        if (concepts.Count == 0)
        {
            return TriageResult.Clear;
        }

        var context = new ContextResolver(words, _rules, concepts);
        var mentions = concepts.Select(c => new Mention(c, context.Resolve(c))).ToList();
        var flags = mentions.Where(m => m.Concept.Rule is not null && !m.IsSuppressed).ToList();
        ApplyCombinations(mentions.Where(m => !m.IsSuppressed).ToList(), flags, words);

        var matches = flags
            .GroupBy(m => m.Concept.Code, StringComparer.Ordinal)
            .Select(g => g.OrderBy(m => Array.IndexOf(ContextsByUrgency, m.Status)).ThenBy(m => m.Start).First())
            .OrderBy(m => m.Start)
            .Select(m => ToMatch(m, tokens))
            .ToList();
        var suppressed = mentions
            .Where(m => m.Concept.Rule is not null && m.IsSuppressed)
            .OrderBy(m => m.Start)
            .Select(m => ToSuppressed(m, tokens))
            .Distinct()
            .ToList();

        return matches.Count == 0 && suppressed.Count == 0 ? TriageResult.Clear : new TriageResult(matches, suppressed);
    }

    private List<PhraseHit<Concept>> FindConcepts(MessageWords words)
    {
        var hits = _rules.Concepts.FindAll(words, restrictGaps: true);
        if (hits.Count == 0)
        {
            return hits;
        }

        var tokensCount = words.Count;
        var exceptions = _rules.Exceptions.FindAll(words, restrictGaps: false);
        hits.RemoveAll(h => exceptions.Any(e => e.Payload.Code == h.Payload.Code && e.Overlaps(h.Start, h.End)));

        // One mention per place and code: the longest wording wins ("numb between my legs" over "numb ... legs").
        var taken = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        var kept = new List<PhraseHit<Concept>>();
        foreach (var hit in hits.OrderByDescending(h => h.End - h.Start).ThenBy(h => h.Start))
        {
            if (!taken.TryGetValue(hit.Payload.Code, out var covered))
            {
                taken[hit.Payload.Code] = covered = new bool[tokensCount];
            }

            if (Array.IndexOf(covered, true, hit.Start, hit.End - hit.Start) < 0)
            {
                Array.Fill(covered, true, hit.Start, hit.End - hit.Start);
                kept.Add(hit);
            }
        }

        // "Numb between my legs" is saddle numbness, not also routine numbness: a more urgent rule on the same
        // words speaks for them.
        var highest = new TriageLevel[tokensCount];
        foreach (var hit in kept.Where(h => h.Payload.Rule is not null))
        {
            for (var k = hit.Start; k < hit.End; k++)
            {
                highest[k] = highest[k] > hit.Payload.Level ? highest[k] : hit.Payload.Level;
            }
        }

        kept.RemoveAll(h => h.Payload.Rule is not null && HasHigher(highest, h));
        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    private static bool HasHigher(TriageLevel[] highest, PhraseHit<Concept> hit)
    {
        for (var k = hit.Start; k < hit.End; k++)
        {
            if (highest[k] > hit.Payload.Level)
            {
                return true;
            }
        }

        return false;
    }

    private void ApplyCombinations(List<Mention> present, List<Mention> flags, MessageWords words)
    {
        foreach (var combination in _rules.Combinations)
        {
            foreach (var status in ContextsByUrgency)
            {
                var parts = FindParts(combination, present.Where(m => m.Status == status).ToList(), words);
                if (parts is null)
                {
                    continue;
                }

                var start = parts.Min(p => p.Start);
                var end = parts.Max(p => p.End);
                var concept = new Concept(combination.Then.Code, combination.Then, HistoryIsRedFlag: false);
                var combined = new Mention(new PhraseHit<Concept>(concept, start, end), status);
                present.Add(combined);
                flags.Add(combined);
                // The combined rule's advice replaces the less urgent advice of its parts.
                flags.RemoveAll(f => f.Status == status && combination.When.Contains(f.Concept.Code) && f.Concept.Level < combination.Then.Level);
                break;
            }
        }
    }

    private static List<Mention>? FindParts(Combination combination, List<Mention> candidates, MessageWords words)
    {
        if (!combination.SameSentence)
        {
            var parts = combination.When.Select(code => candidates.FirstOrDefault(m => m.Concept.Code == code)).OfType<Mention>().ToList();
            return parts.Count == combination.When.Length ? parts : null;
        }

        foreach (var sentence in candidates.Select(m => words.Tokens[m.Start].Sentence).Distinct())
        {
            var parts = combination.When
                .Select(code => candidates.FirstOrDefault(m => m.Concept.Code == code && words.Tokens[m.Start].Sentence == sentence))
                .OfType<Mention>()
                .ToList();
            if (parts.Count == combination.When.Length)
            {
                return parts;
            }
        }

        return null;
    }

    private static RedFlagMatch ToMatch(Mention mention, Token[] tokens)
    {
        var (start, length) = Span(mention, tokens);
        var context = mention.Status switch
        {
            MentionStatus.OtherPerson => MentionContext.OtherPerson,
            MentionStatus.Hypothetical => MentionContext.Hypothetical,
            _ => MentionContext.Reported,
        };
        return new RedFlagMatch(mention.Concept.Rule!, start, length, context);
    }

    private static SuppressedMention ToSuppressed(Mention mention, Token[] tokens)
    {
        var (start, length) = Span(mention, tokens);
        return new SuppressedMention(mention.Concept.Code, start, length, mention.Status == MentionStatus.Negated ? "negated" : "historical");
    }

    private static (int Start, int Length) Span(Mention mention, Token[] tokens)
    {
        var start = tokens[mention.Start].Start;
        return (start, tokens[mention.End - 1].End - start);
    }

    private sealed record Mention(PhraseHit<Concept> Hit, MentionStatus Status)
    {
        public Concept Concept => Hit.Payload;

        public int Start => Hit.Start;

        public int End => Hit.End;

        public bool IsSuppressed => Status is MentionStatus.Negated or MentionStatus.Historical;
    }
}
