using System.Collections.Frozen;
using BackPainBot.Triage.Context;
using BackPainBot.Triage.Learned;
using BackPainBot.Triage.Matching;
using BackPainBot.Triage.Rules;
using BackPainBot.Triage.Text;

namespace BackPainBot.Triage;

/// <summary>
/// Finds red flags in a message with the clinic's rules: phrases matched on normalised words (typos in symptom words
/// tolerated), then negation, history, hypotheticals and other people read from context, then combinations.
/// The rules are immutable after construction and the engine is thread-safe: one instance serves all requests.
/// </summary>
/// <remarks>
/// Every turn triages the conversation's recent messages, so the analysis of each message is kept in a small bounded
/// cache (<see cref="AnalysisCache"/>) instead of being repeated on every later turn. The cache lives in memory only,
/// is never written anywhere, and forgets the least recently used messages first.
/// </remarks>
public sealed partial class TriageEngine : ITriageEngine
{
    private static readonly MentionStatus[] ContextsByUrgency = [MentionStatus.Reported, MentionStatus.OtherPerson, MentionStatus.Hypothetical];

    private readonly CompiledRules _rules;
    private readonly TimeProvider _clock;
    private readonly AnalysisCache<MessageAnalysis> _analyses = new(AnalysisCacheCapacity);
    private readonly Func<string, MessageAnalysis> _analyzeUncached;
    private readonly SecondOpinion? _secondOpinion;

    /// <summary>
    /// Messages whose analysis is kept: ten recent messages for each of several hundred active conversations.
    /// </summary>
    internal const int AnalysisCacheCapacity = 4096;

    /// <summary>Creates the engine from rules loaded with <see cref="TriageRules.Load"/>.</summary>
    /// <param name="rules">The compiled rules.</param>
    /// <param name="clock">
    /// Tells the engine the current year, for rule phrases with <c>&lt;past-year&gt;</c> ("in 2019" is history);
    /// the system clock when left out.
    /// </param>
    /// <param name="secondOpinion">
    /// A learned second opinion that may raise the level the rules give, never lower it; none when left out.
    /// </param>
    public TriageEngine(TriageRuleSet rules, TimeProvider? clock = null, SecondOpinion? secondOpinion = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _clock = clock ?? TimeProvider.System;
        _secondOpinion = secondOpinion;
        Rules = rules.Rules;
        Screening = rules.Screening;
        _rules = rules.Compiled;
        _analyzeUncached = AnalyzeUncached;
    }

    /// <inheritdoc />
    public IReadOnlyList<RedFlagRule> Rules { get; }

    /// <inheritdoc />
    public IReadOnlyList<ScreeningQuestion> Screening { get; }

    /// <summary>Loads the rule file at <paramref name="path"/> and creates the engine.</summary>
    /// <exception cref="TriageRulesException">The rule file is missing or invalid; the message names the rule.</exception>
    public static TriageEngine Load(string path, TimeProvider? clock = null) => new(TriageRules.Load(path), clock);

    /// <inheritdoc />
    public TriageResult Assess(string message) => Analyze(message).ToResult(messageIndex: 0, []);

    /// <inheritdoc />
    public TriageResult AssessConversation(IReadOnlyList<string> patientMessages)
    {
        ArgumentNullException.ThrowIfNull(patientMessages);
        if (patientMessages.Count == 0)
        {
            return TriageResult.Clear;
        }

        var last = patientMessages.Count - 1;
        // Combining across messages adds to the newest message's flags, so it gets its own copy of the cached analysis.
        var latest = Analyze(patientMessages[last]).WithOwnFlags();
        if (last == 0)
        {
            return latest.ToResult(last, []);
        }

        // Newest first: a part of a combination, or a symptom that "it's gone now" refers to, is looked for in the
        // most recent message that has one.
        var earlier = new List<MessageAnalysis>(last);
        for (var i = last - 1; i >= 0; i--)
        {
            earlier.Add(Analyze(patientMessages[i]));
        }

        CombineAcrossMessages(latest, earlier);
        return latest.ToResult(last, ResolvedEarlierSymptoms(latest, earlier));
    }

    /// <inheritdoc />
    public bool NeedsScreening(IReadOnlyList<string> patientMessages) => PendingScreening(patientMessages).Count > 0;

    /// <inheritdoc />
    public IReadOnlyList<ScreeningQuestion> PendingScreening(IReadOnlyList<string> patientMessages)
    {
        ArgumentNullException.ThrowIfNull(patientMessages);
        var screening = _rules.Screening;
        if (screening.Questions.Count == 0 || patientMessages.Count == 0)
        {
            return [];
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        var denied = new HashSet<string>(StringComparer.Ordinal);
        var flaggedUrgent = false;
        foreach (var message in patientMessages)
        {
            var analysis = Analyze(message);
            foreach (var mention in analysis.Mentions.Concat(analysis.Flags))
            {
                // Only the person's own reports count: a hypothetical or someone else's symptom answers nothing, and
                // a doubt signal told that way prompts nothing.
                if (mention.Status == MentionStatus.Reported && !IsDoubtSetAside(analysis, mention, screening))
                {
                    reported.Add(mention.Concept.Code);
                    flaggedUrgent |= mention.Concept.Rule?.Level >= TriageLevel.Urgent;
                }
                else if (mention.Status is MentionStatus.Negated or MentionStatus.Resolved)
                {
                    denied.Add(mention.Concept.Code);
                }
            }
        }

        if (screening.Questions.Any(q => q.AnsweredBy.Overlaps(reported)))
        {
            return [];
        }

        var legsAndBack = reported.Overlaps(screening.BackPain) && reported.Overlaps(screening.LegSymptoms);
        var doubted = flaggedUrgent ? [] : DoubtedQuestions(screening, reported);
        if (!legsAndBack && doubted.Count == 0)
        {
            return [];
        }

        return
        [
            .. screening.Questions
                .Where(q => (legsAndBack && !q.DoubtOnly) || doubted.Contains(q.Question.Code))
                .Where(q => !q.AnsweredBy.Overlaps(denied))
                .Select(q => q.Question),
        ];
    }

    /// <summary>
    /// A doubt signal inside words a rule read as denied or past ("bladder problems? none", "bladder leaking after
    /// childbirth, fixed ages ago") is set aside with them: the signal's shorter phrase missed the context.
    /// </summary>
    private static bool IsDoubtSetAside(MessageAnalysis analysis, Mention mention, ScreeningRules screening) =>
        screening.Doubt.ContainsKey(mention.Concept.Code)
        && analysis.Mentions.Any(m => m.Concept.Rule is not null && m.IsSuppressed && m.Start < mention.End && mention.Start < m.End);

    /// <summary>
    /// The codes of the questions that reported doubt signals prompt: when in doubt, ask. An urgent or emergency flag
    /// already brings staff in, so the caller asks only when there is none.
    /// </summary>
    private static HashSet<string> DoubtedQuestions(ScreeningRules screening, HashSet<string> reported)
    {
        var doubted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in reported)
        {
            if (screening.Doubt.TryGetValue(code, out var questions))
            {
                doubted.UnionWith(questions);
            }
        }

        return doubted;
    }

    private MessageAnalysis Analyze(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return MessageAnalysis.Empty;
        }

        return _analyses.GetOrAdd(message, _analyzeUncached);
    }

    private MessageAnalysis AnalyzeUncached(string message)
    {
        var tokens = Tokenizer.Tokenize(message, _rules.Vocabulary);
        var ids = new int[tokens.Length][];
        var stopsGaps = MessageWords.NoFlags(tokens.Length);
        var fillers = MessageWords.NoFlags(tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            ids[i] = _rules.Vocabulary.Lookup(tokens[i].Text);
            if (AnyIn(ids[i], _rules.NotInGaps))
            {
                Own(ref stopsGaps, tokens.Length)[i] = true;
            }

            if (AnyIn(ids[i], _rules.Fillers))
            {
                Own(ref fillers, tokens.Length)[i] = true;
            }
        }

        var words = new MessageWords(tokens, ids, stopsGaps, fillers) { CurrentYear = LocalYear() };
        var concepts = FindConcepts(words, out var shadowed);
        if (concepts.Count == 0)
        {
            return _secondOpinion is null ? new MessageAnalysis(words, [], []) : WithSecondOpinion(words, [], [], []);
        }

        // Doubt signals are broad ("weak ... what if ... weaker") and must not change how the rules read: words inside
        // a rule's phrase are the symptom, not a trigger, but words inside a doubt signal stay triggers.
        var doubt = _rules.Screening.Doubt;
        var ruleConcepts = concepts;
        if (doubt.Count > 0)
        {
            ruleConcepts = new List<PhraseHit<Concept>>(concepts.Count);
            foreach (var concept in concepts)
            {
                if (!doubt.ContainsKey(concept.Payload.Code))
                {
                    ruleConcepts.Add(concept);
                }
            }
        }

        var context = new ContextResolver(words, _rules, ruleConcepts);
        var mentions = new List<Mention>(concepts.Count);
        var flags = new List<Mention>();
        var present = new List<Mention>();
        foreach (var concept in concepts)
        {
            var mention = new Mention(concept, context.Resolve(concept));
            if (mention.IsSuppressed && shadowed is not null && concept.Payload.Rule is not null)
            {
                mention = ShadowedReading(words, ruleConcepts, mention, shadowed) ?? mention;
            }

            mentions.Add(mention);
            if (!mention.IsSuppressed)
            {
                present.Add(mention);
                if (mention.Concept.Rule is not null)
                {
                    flags.Add(mention);
                }
            }
        }

        ApplyCombinations(present, flags, words);
        return _secondOpinion is null ? new MessageAnalysis(words, mentions, flags) : WithSecondOpinion(words, ruleConcepts, mentions, flags);
    }

    /// <summary>
    /// The year on the engine's local clock. No time zone is more than 14 hours from UTC, so from February to November
    /// it is the UTC year, read without converting to local time (a conversion costs more than the rest of a short
    /// message's reading); near new year the local clock decides.
    /// </summary>
    private int LocalYear()
    {
        var utc = _clock.GetUtcNow();
        return utc.Month is > 1 and < 12 ? utc.Year : _clock.GetLocalNow().Year;
    }

    /// <summary><paramref name="flags"/>, made the message's own before the first word is marked in it.</summary>
    private static bool[] Own(ref bool[] flags, int count)
    {
        if (ReferenceEquals(flags, MessageWords.NoFlags(count)))
        {
            flags = new bool[count];
        }

        return flags;
    }

    private static bool AnyIn(int[] ids, FrozenSet<int> set)
    {
        foreach (var id in ids)
        {
            if (set.Contains(id))
            {
                return true;
            }
        }

        return false;
    }

    /// <param name="shadowed">
    /// The wordings of a rule's code that a longer overlapping wording of the same code took the place of (null when
    /// none): <see cref="ShadowedReading"/> reads them when that longer one is set aside.
    /// </param>
    private List<PhraseHit<Concept>> FindConcepts(MessageWords words, out List<PhraseHit<Concept>>? shadowed)
    {
        shadowed = null;
        var hits = _rules.Concepts.FindAll(words, restrictGaps: true);
        if (hits.Count == 0)
        {
            return hits;
        }

        var exceptions = _rules.Exceptions.FindAll(words, restrictGaps: false);
        if (exceptions.Count > 0)
        {
            var left = 0;
            for (var i = 0; i < hits.Count; i++)
            {
                if (!OverlapsSameCode(exceptions, hits[i]))
                {
                    hits[left++] = hits[i];
                }
            }

            hits.RemoveRange(left, hits.Count - left);
        }

        // One mention per place and code: the longest wording wins ("numb between my legs" over "numb ... legs").
        var kept = new List<PhraseHit<Concept>>(hits.Count);
        hits.Sort((a, b) => (b.End - b.Start) != (a.End - a.Start) ? (b.End - b.Start).CompareTo(a.End - a.Start) : a.Start.CompareTo(b.Start));
        foreach (var hit in hits)
        {
            if (!OverlapsSameCode(kept, hit))
            {
                kept.Add(hit);
            }
            else if (hit.Payload.Rule is not null)
            {
                (shadowed ??= []).Add(hit);
            }
        }

        // "Numb between my legs" is saddle numbness, not also routine numbness: a more urgent rule on the same
        // words speaks for them, unless it keeps the other alongside ("my left leg is getting weaker" is progressive
        // weakness and one-leg weakness). Every hit is judged against all the others before any is taken out.
        Span<bool> outranked = kept.Count <= MaxStackHits ? stackalloc bool[kept.Count] : new bool[kept.Count];
        for (var i = 0; i < kept.Count; i++)
        {
            outranked[i] = kept[i].Payload.Rule is not null && IsOutranked(kept, kept[i]);
        }

        var count = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            if (!outranked[i])
            {
                kept[count++] = kept[i];
            }
        }

        kept.RemoveRange(count, kept.Count - count);
        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    // Messages with more phrase hits than this judge them on the heap.
    private const int MaxStackHits = 256;

    /// <summary>
    /// A red flag's longest wording was set aside (negated, past or resolved), but a shorter wording of the same code on
    /// some of the same words is read in context on its own, in the longer one's place, and is not: that reading (when
    /// in doubt, escalate). In "I am not feel when the stool is coming, yesterday it come in my clothes" a wording that
    /// starts at "stool" and runs to "clothes" is longer than "not feel when the stool is coming", and the "not" before it
    /// would deny it; the shorter wording holds its "not" as part of the symptom. So adding a phrase to a rule never
    /// loses a flag the rule's other phrases found. Null when every such wording is set aside too.
    /// </summary>
    private Mention? ShadowedReading(
        MessageWords words, List<PhraseHit<Concept>> ruleConcepts, Mention suppressed, List<PhraseHit<Concept>> shadowed)
    {
        foreach (var hit in shadowed)
        {
            if (hit.Payload.Code != suppressed.Concept.Code || !hit.Overlaps(suppressed.Start, suppressed.End))
            {
                continue;
            }

            List<PhraseHit<Concept>> concepts = [.. ruleConcepts.Where(c => c != suppressed.Hit), hit];
            concepts.Sort((a, b) => a.Start.CompareTo(b.Start));
            var status = new ContextResolver(words, _rules, concepts).Resolve(hit);
            if (!IsSuppressed(status))
            {
                return new Mention(hit, status);
            }
        }

        return null;
    }

    /// <summary>Whether a hit of the same code overlaps <paramref name="hit"/>'s words.</summary>
    private static bool OverlapsSameCode(List<PhraseHit<Concept>> hits, PhraseHit<Concept> hit)
    {
        foreach (var other in hits)
        {
            if (other.Payload.Code == hit.Payload.Code && other.Overlaps(hit.Start, hit.End))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsOutranked(List<PhraseHit<Concept>> kept, PhraseHit<Concept> hit)
    {
        foreach (var other in kept)
        {
            if (other.Payload.Rule is not null
                && other.Payload.Level > hit.Payload.Level
                && other.Overlaps(hit.Start, hit.End)
                && !_rules.KeepsAlongside(other.Payload.Code, hit.Payload.Code))
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
            // Most messages have no part of most combinations: say so before sorting mentions by context.
            if (!HasEveryPart(combination, present))
            {
                continue;
            }

            foreach (var status in ContextsByUrgency)
            {
                // "I have osteoporosis; what should I do if I fall?": a question about what might happen to what the
                // person has is a hypothetical of the combination ("what if it gets weaker quickly?"). Reported parts
                // were tried first, so a combination found here has at least one hypothetical part.
                var parts = FindParts(
                    combination,
                    present.Where(m => m.Status == status || (status == MentionStatus.Hypothetical && m.Status == MentionStatus.Reported)).ToList(),
                    words);
                if (parts is null)
                {
                    continue;
                }

                // "Both legs feel weak" already says what "both" with a leg symptom would: nothing to add or replace.
                if (flags.Any(f => f.Status == status && f.Concept.Code == combination.Then.Code))
                {
                    break;
                }

                var combined = Combined(combination, parts, status);
                present.Add(combined);
                flags.Add(combined);
                // The combined rule's advice replaces the less urgent advice of its parts.
                // Parts the combined rule keeps alongside stay ("fever" beside "infection with weakness").
                flags.RemoveAll(f => f.Status == status && combination.IsPart(f.Concept.Code) && f.Concept.Level < combination.Then.Level
                    && !_rules.KeepsAlongside(combination.Then.Code, f.Concept.Code));
                break;
            }
        }
    }

    private static bool HasEveryPart(Combination combination, List<Mention> present)
    {
        foreach (var codes in combination.When)
        {
            var found = false;
            foreach (var mention in present)
            {
                if (Array.IndexOf(codes, mention.Concept.Code) >= 0)
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static List<Mention>? FindParts(Combination combination, List<Mention> candidates, MessageWords words)
    {
        if (!combination.SameSentence)
        {
            var parts = combination.When.Select(codes => candidates.FirstOrDefault(m => codes.Contains(m.Concept.Code))).OfType<Mention>().ToList();
            return parts.Count == combination.When.Length ? parts : null;
        }

        foreach (var sentence in candidates.Select(m => words.Tokens[m.Start].Sentence).Distinct())
        {
            var parts = combination.When
                .Select(codes => candidates.FirstOrDefault(m => codes.Contains(m.Concept.Code) && words.Tokens[m.Start].Sentence == sentence))
                .OfType<Mention>()
                .ToList();
            if (parts.Count == combination.When.Length)
            {
                return parts;
            }
        }

        return null;
    }

    /// <summary>
    /// Combinations whose parts are spread over the conversation, at least one in the newest message ("I have a
    /// fever" ... "my leg feels weak"). Parts must concern the same person and be reported the same way, except that a
    /// newest-message fragment that is no red flag on its own ("both of them") continues whoever the earlier message
    /// was about. Combinations within one sentence or one message stay within it.
    /// </summary>
    private void CombineAcrossMessages(MessageAnalysis latest, List<MessageAnalysis> earlier)
    {
        var latestPresent = latest.Mentions.Where(m => !m.IsSuppressed).ToList();
        if (latestPresent.Count == 0)
        {
            return;
        }

        foreach (var combination in _rules.Combinations.Where(c => c.AcrossMessages))
        {
            foreach (var status in ContextsByUrgency)
            {
                var latestParts = new List<Mention>();
                var complete = true;
                var fromEarlier = false;
                foreach (var codes in combination.When)
                {
                    var inLatest = latestPresent.FirstOrDefault(m =>
                        codes.Contains(m.Concept.Code) && (m.Status == status || (m.Concept.Rule is null && m.Status == MentionStatus.Reported)));
                    if (inLatest is not null)
                    {
                        latestParts.Add(inLatest);
                    }
                    else if (earlier.Any(a => a.Present.Any(m => m.Status == status && codes.Contains(m.Concept.Code))))
                    {
                        fromEarlier = true;
                    }
                    else
                    {
                        complete = false;
                        break;
                    }
                }

                // All parts in the newest message: already combined there. None: an old combination, not repeated.
                if (!complete || !fromEarlier || latestParts.Count == 0)
                {
                    continue;
                }

                latest.Flags.Add(Combined(combination, latestParts, status));
                latest.Flags.RemoveAll(f => f.Status == status && combination.IsPart(f.Concept.Code) && f.Concept.Level < combination.Then.Level);
                break;
            }
        }
    }

    /// <summary>
    /// "It's gone now", with nothing else named in its sentence, is about the symptoms of the most recent earlier
    /// message that had any: each is recorded as resolved, pointing at those words of the newest message. "The cramps
    /// are gone" names a word of an earlier symptom ("leg cramps") without being a symptom phrase itself: it is about
    /// the earlier symptoms whose words it repeats, in the most recent message that has them.
    /// </summary>
    private List<SuppressedMention> ResolvedEarlierSymptoms(MessageAnalysis latest, List<MessageAnalysis> earlier)
    {
        var words = latest.Words;
        if (words is null || _rules.ReferBack.Count == 0)
        {
            return [];
        }

        var pseudo = _rules.Pseudo.FindAll(words, restrictGaps: false);
        // Longest first, so the record points at all of "it's gone now", not just "it's gone".
        foreach (var trigger in _rules.Triggers.FindAll(words, restrictGaps: false).OrderByDescending(t => t.End - t.Start).ThenBy(t => t.Start))
        {
            if (trigger.Payload.Category != TriggerCategory.Resolved || pseudo.Any(p => p.Overlaps(trigger.Start, trigger.End)))
            {
                continue;
            }

            var sentence = words.Tokens[trigger.Start].Sentence;
            if (latest.Mentions.Any(m => m.Concept.Rule is not null && words.Tokens[m.Start].Sentence == sentence))
            {
                continue;
            }

            var named = NamedWordsBefore(words, trigger.Start, sentence);
            var resolved = named.Count == 0 ? ReferredBack(earlier) : Named(words, named, earlier);
            if (resolved.Count == 0)
            {
                continue;
            }

            var start = words.Tokens[trigger.Start].Start;
            var length = words.Tokens[trigger.End - 1].End - start;
            return resolved
                .Select(f => f.Concept.Code)
                .Distinct(StringComparer.Ordinal)
                .Select(code => new SuppressedMention(code, start, length, SuppressedMention.Resolved))
                .ToList();
        }

        return [];
    }

    /// <summary>"It's gone": every symptom of the most recent earlier message that reported any.</summary>
    private static List<Mention> ReferredBack(List<MessageAnalysis> earlier) =>
        earlier.FirstOrDefault(a => a.Flags.Any(f => f.Status != MentionStatus.Hypothetical))?.Flags
            .Where(f => f.Status != MentionStatus.Hypothetical)
            .ToList() ?? [];

    /// <summary>
    /// "The cramps are gone": the symptoms, in the most recent earlier message that has one, whose words include a word
    /// named before the trigger (the same word, a near miss of it, or another form: "cramp", "cramping").
    /// </summary>
    private static List<Mention> Named(MessageWords words, List<int> named, List<MessageAnalysis> earlier)
    {
        foreach (var analysis in earlier)
        {
            if (analysis.Words is not { } before)
            {
                continue;
            }

            var reported = analysis.Flags.Where(f => f.Status != MentionStatus.Hypothetical).ToList();
            var matching = reported.Where(f => named.Any(n => Mentions(f, n))).ToList();
            // Every word named must be one of theirs: "my leg pain is gone" is not about "my leg is weak".
            if (matching.Count > 0 && named.All(n => Stem(words.Tokens[n].Text).Length < MinSharedStem || matching.Any(f => Mentions(f, n))))
            {
                return matching;
            }

            bool Mentions(Mention flag, int n)
            {
                for (var k = flag.Start; k < flag.End; k++)
                {
                    if (SameWord(words, n, before, k))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return [];
    }

    /// <summary>
    /// The words before <paramref name="index"/> in its sentence that are not refer-back words ("it", "the", "my"):
    /// empty when only refer-back words stand there ("it's gone now").
    /// </summary>
    private List<int> NamedWordsBefore(MessageWords words, int index, int sentence)
    {
        var named = new List<int>();
        for (var k = index - 1; k >= 0 && words.Tokens[k].Sentence == sentence; k--)
        {
            if (!words.Ids[k].Any(_rules.ReferBack.Contains))
            {
                named.Add(k);
            }
        }

        return named;
    }

    /// <summary>
    /// Whether word <paramref name="i"/> of <paramref name="a"/> and word <paramref name="j"/> of <paramref name="b"/>
    /// name the same thing: one rule word ("bladdar" and "bladder"), or one word in another form ("cramps",
    /// "cramping", "cramp"; "numbness", "numb").
    /// </summary>
    private static bool SameWord(MessageWords a, int i, MessageWords b, int j)
    {
        var stem = Stem(a.Tokens[i].Text);
        if (stem.Length < MinSharedStem)
        {
            return false;
        }

        foreach (var id in a.Ids[i])
        {
            if (b.Has(j, id))
            {
                return true;
            }
        }

        return stem.SequenceEqual(Stem(b.Tokens[j].Text));
    }

    /// <summary>Shorter stems ("in", "on") are too common to show two sentences are about the same symptom.</summary>
    private const int MinSharedStem = 3;

    private static ReadOnlySpan<char> Stem(string word)
    {
        var stem = word.AsSpan();
        if (stem.EndsWith("'s"))
        {
            stem = stem[..^2];
        }

        foreach (var suffix in StemSuffixes)
        {
            if (stem.Length - suffix.Length >= MinSharedStem && stem.EndsWith(suffix, StringComparison.Ordinal))
            {
                return stem[..^suffix.Length];
            }
        }

        return stem;
    }

    private static readonly string[] StemSuffixes = ["ness", "ing", "ed", "es", "s", "y"];

    private static Mention Combined(Combination combination, List<Mention> parts, MentionStatus status)
    {
        var start = parts.Min(p => p.Start);
        var end = parts.Max(p => p.End);
        var concept = new Concept(combination.Then.Code, combination.Then, HistoryIsRedFlag: false);
        return new Mention(new PhraseHit<Concept>(concept, start, end), status);
    }

    /// <summary>One message read against the rules: every mention with its context, and the flags it raises.</summary>
    private sealed class MessageAnalysis(MessageWords? words, List<Mention> mentions, List<Mention> flags)
    {
        public static MessageAnalysis Empty => new(null, [], []);

        /// <summary>
        /// This analysis with a flag list of its own, for changing without touching the cached one (mentions and words
        /// are never changed after analysis).
        /// </summary>
        public MessageAnalysis WithOwnFlags() => new(Words, Mentions, [.. Flags]);

        public MessageWords? Words { get; } = words;

        /// <summary>Every rule and signal mention, set aside or not, in message order.</summary>
        public List<Mention> Mentions { get; } = mentions;

        /// <summary>Rule mentions that count, combinations included.</summary>
        public List<Mention> Flags { get; } = flags;

        /// <summary>Mentions that count, signals and combinations included.</summary>
        public IEnumerable<Mention> Present => Mentions.Where(m => !m.IsSuppressed).Concat(Flags.Where(f => !Mentions.Contains(f)));

        public TriageResult ToResult(int messageIndex, List<SuppressedMention> resolvedEarlier)
        {
            if (Words is null || (Flags.Count == 0 && resolvedEarlier.Count == 0 && !Mentions.Any(m => m.Concept.Rule is not null && m.IsSuppressed)))
            {
                return TriageResult.Clear;
            }

            // Every triage of a message (every turn, for each recent message) ends here, so this is written out: for
            // each code, in the order codes first appear, the mention of the most urgent context and then the earliest
            // start; these in order of start (a stable sort, ties kept in that order).
            var tokens = Words.Tokens;
            var chosen = new List<Mention>(Flags.Count);
            foreach (var flag in Flags)
            {
                var at = IndexOfCode(chosen, flag.Concept.Code);
                if (at < 0)
                {
                    chosen.Add(flag);
                }
                else if (ComesBefore(flag, chosen[at]))
                {
                    chosen[at] = flag;
                }
            }

            SortByStart(chosen);
            var matches = new List<RedFlagMatch>(chosen.Count);
            foreach (var mention in chosen)
            {
                matches.Add(ToMatch(mention, tokens) with { MessageIndex = messageIndex });
            }

            // The suppressed rule mentions in order of start (stable), then the earlier symptoms resolved, each once.
            var suppressedMentions = new List<Mention>();
            foreach (var mention in Mentions)
            {
                if (mention.Concept.Rule is not null && mention.IsSuppressed)
                {
                    suppressedMentions.Add(mention);
                }
            }

            SortByStart(suppressedMentions);
            var suppressed = new List<SuppressedMention>(suppressedMentions.Count + resolvedEarlier.Count);
            foreach (var mention in suppressedMentions)
            {
                AddOnce(suppressed, ToSuppressed(mention, tokens) with { MessageIndex = messageIndex });
            }

            foreach (var resolved in resolvedEarlier)
            {
                AddOnce(suppressed, resolved with { MessageIndex = messageIndex });
            }

            return new TriageResult(matches, suppressed);
        }

        private static int IndexOfCode(List<Mention> mentions, string code)
        {
            for (var i = 0; i < mentions.Count; i++)
            {
                if (mentions[i].Concept.Code == code)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>True when <paramref name="a"/> is in a more urgent context than <paramref name="b"/>, or as urgent and earlier.</summary>
        private static bool ComesBefore(Mention a, Mention b)
        {
            var urgencyA = Array.IndexOf(ContextsByUrgency, a.Status);
            var urgencyB = Array.IndexOf(ContextsByUrgency, b.Status);
            return urgencyA != urgencyB ? urgencyA < urgencyB : a.Start < b.Start;
        }

        /// <summary>Sorts by start, keeping mentions that start together in their order (an insertion sort: lists are short).</summary>
        private static void SortByStart(List<Mention> mentions)
        {
            for (var i = 1; i < mentions.Count; i++)
            {
                var mention = mentions[i];
                var j = i - 1;
                while (j >= 0 && mentions[j].Start > mention.Start)
                {
                    mentions[j + 1] = mentions[j];
                    j--;
                }

                mentions[j + 1] = mention;
            }
        }

        private static void AddOnce(List<SuppressedMention> suppressed, SuppressedMention mention)
        {
            if (!suppressed.Contains(mention))
            {
                suppressed.Add(mention);
            }
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
            return new RedFlagMatch(mention.Concept.Rule!, start, length, context) { ModelScore = mention.ModelScore };
        }

        private static SuppressedMention ToSuppressed(Mention mention, Token[] tokens)
        {
            var (start, length) = Span(mention, tokens);
            var reason = mention.Status switch
            {
                MentionStatus.Negated => SuppressedMention.Negated,
                MentionStatus.Resolved => SuppressedMention.Resolved,
                _ => SuppressedMention.Historical,
            };
            return new SuppressedMention(mention.Concept.Code, start, length, reason);
        }

        private static (int Start, int Length) Span(Mention mention, Token[] tokens)
        {
            var start = tokens[mention.Start].Start;
            return (start, tokens[mention.End - 1].End - start);
        }
    }

    private sealed record Mention(PhraseHit<Concept> Hit, MentionStatus Status)
    {
        /// <summary>The second opinion's probability when the model, not a rule, raised this flag.</summary>
        public float? ModelScore { get; init; }

        public Concept Concept => Hit.Payload;

        public int Start => Hit.Start;

        public int End => Hit.End;

        public bool IsSuppressed => IsSuppressed(Status);
    }

    /// <summary>Whether a mention read as <paramref name="status"/> is set aside: denied, past or resolved.</summary>
    private static bool IsSuppressed(MentionStatus status) =>
        status is MentionStatus.Negated or MentionStatus.Historical or MentionStatus.Resolved;
}
