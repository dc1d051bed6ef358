using System.Collections.Frozen;
using BackPainBot.Triage.Matching;
using BackPainBot.Triage.Rules;
using BackPainBot.Triage.Text;

namespace BackPainBot.Triage.Context;

/// <summary>What a symptom mention turned out to be once its context was read.</summary>
internal enum MentionStatus
{
    Reported,
    OtherPerson,
    Hypothetical,
    Negated,
    Historical,
    Resolved,
}

/// <summary>
/// NegEx/ConText for one message: finds the clinic's context triggers and decides, for each symptom mention, whether
/// it is negated, historical, hypothetical or about someone else. Whatever it cannot rule out stays reported.
/// </summary>
internal sealed class ContextResolver
{
    private readonly MessageWords _words;
    private readonly CompiledRules _rules;

    // The triggers that count, grouped by sentence: those of sentence s are _triggers[_triggerStarts[s].._triggerStarts[s + 1]].
    private readonly PhraseHit<Trigger>[] _triggers;
    private readonly int[] _triggerStarts;
    private readonly int[] _conceptStarts;

    // The ends of the red flags' mentions, in the order of _conceptStarts.
    private readonly int[] _conceptEnds;

    // Prefix counts over the words, so every "is there a ... between these two words" check is constant time even
    // for a very long message: _prefix holds one row of Count + 1 numbers for each kind below, at these offsets.
    private readonly int[] _prefix;
    private readonly int _terminations;
    private readonly int _otherPersonTerminations;
    private readonly int _clauseStarts;
    private readonly int _firstPerson;
    private readonly int _own;

    // Other symptoms in a list ("no fever, chills or numbness") do not use up a trigger's reach.
    private readonly int _outsideConcepts;

    // Where each sentence asks for advice ("should I", "do I need"), in word order, for triggers marked whenAsked; null
    // when no sentence does.
    private readonly List<int>?[]? _asksBySentence;

    // The first sentence in which the writer says they have what an earlier question asked about ("I get them most
    // days"); int.MaxValue when none does.
    private readonly int _firstReportBack = int.MaxValue;

    // Where the last report back starts that answers a question in its own sentence, in a clause after it ("... and I
    // said yes"); -1 when none does.
    private readonly int _lastClauseReportBack = -1;

    // Where the last denial starts, by which the writer says they have nothing of it ("I have no pain", "I'm fine", "I
    // said no"), in a later sentence or clause; -1 when none does. A question before it asked about nothing of theirs.
    private readonly int _lastDenial = -1;

    // Where the last bare answer "no" starts (context.answersNo: "I said no", "which I don't"), the whole of its clause;
    // -1 when none does. It denies only what someone else asked the writer (a trigger marked asksWriter).
    private readonly int _lastAnswer = -1;

    /// <summary>
    /// Whether the clause of the phrase at [<paramref name="start"/>, <paramref name="end"/>) ends after it: the message
    /// or the sentence ends, or a pause comes, right after its words or after fillers it passed over ("I don't, so ...").
    /// </summary>
    private static bool EndsClause(MessageWords words, FrozenSet<int> fillers, int start, int end)
    {
        if (end >= words.Count || PauseBefore(words, end))
        {
            return true;
        }

        for (var k = end - 1; k > start && words.HasAny(k, fillers); k--)
        {
            if (PauseBefore(words, k))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PauseBefore(MessageWords words, int k) =>
        words.Tokens[k].BreakBefore || words.Tokens[k].Sentence != words.Tokens[k - 1].Sentence;

    public ContextResolver(MessageWords words, CompiledRules rules, List<PhraseHit<Concept>> concepts)
    {
        _words = words;
        _rules = rules;
        var count = words.Count;
        var sentences = count == 0 ? 0 : words.Tokens[count - 1].Sentence + 1;
        // A trigger after a mention reaches only the nearest red flag: a signal between them ("for a month", "back
        // pain") says nothing of its own that the trigger could be about instead ("sciatica for a month, fine since").
        var ruled = 0;
        foreach (var concept in concepts)
        {
            ruled += concept.Payload.Rule is null ? 0 : 1;
        }

        _conceptStarts = new int[ruled];
        _conceptEnds = new int[ruled];
        ruled = 0;
        foreach (var concept in concepts)
        {
            if (concept.Payload.Rule is not null)
            {
                _conceptStarts[ruled] = concept.Start;
                _conceptEnds[ruled++] = concept.End;
            }
        }

        Array.Sort(_conceptStarts, _conceptEnds);

        var row = count + 1;
        var kinds = rules.Own.Count == 0 ? 5 : 6;
        _prefix = new int[kinds * row];
        _outsideConcepts = 0;
        _terminations = row;
        _otherPersonTerminations = 2 * row;
        _clauseStarts = 3 * row;
        _firstPerson = 4 * row;
        _own = rules.Own.Count == 0 ? _firstPerson : 5 * row;

        // Every message with a symptom mention is read here: the coverage of each kind of phrase is marked on the stack,
        // and the hits of the phrase lists read only here share one list.
        var hits = new List<PhraseHit<bool>>();
        Span<bool> covered = count <= MaxStackWords ? stackalloc bool[count] : new bool[count];
        Span<int> pseudo = count <= MaxStackWords ? stackalloc int[row] : new int[row];
        rules.Pseudo.FindAll(words, restrictGaps: false, hits);
        PrefixCounts(Cover(covered, hits), pseudo);
        var pseudoHits = hits.Count == 0 ? [] : hits.ToArray();
        covered.Clear();
        foreach (var concept in concepts)
        {
            covered[concept.Start..concept.End].Fill(true);
        }

        PrefixCounts(covered, Row(_outsideConcepts), whereNot: true);

        // "not sure if" and "no increase" contain a negation word but negate nothing; a trigger word that is part of
        // a symptom phrase ("no feeling in my legs") is the symptom, not a trigger, except that a word for someone else
        // in the phrase still says whose symptom it is ("she's wetting herself", "both her legs are weak").
        Span<bool> ownSentences = sentences <= MaxStackWords ? stackalloc bool[sentences] : new bool[sentences];
        var hasOwn = OwnSentences(words, rules, ownSentences);
        rules.Asks.FindAll(words, restrictGaps: false, hits);
        if (hits.Count > 0)
        {
            _asksBySentence = new List<int>?[sentences];
            foreach (var ask in hits)
            {
                (_asksBySentence[words.Tokens[ask.Start].Sentence] ??= []).Add(ask.Start);
            }

            foreach (var starts in _asksBySentence)
            {
                starts?.Sort();
            }
        }

        var triggers = rules.Triggers.FindAll(words, restrictGaps: false);
        var kept = 0;
        for (var i = 0; i < triggers.Count; i++)
        {
            var t = triggers[i];
            var sentence = words.Tokens[t.Start].Sentence;
            if ((Count(pseudo, t.Start, t.End) == 0 || !IsSetAsideByPseudo(t, pseudoHits))
                && !(t.Payload.WhenAsked && AskAfter(t) == int.MaxValue)
                && (Count(Row(_outsideConcepts), t.Start, t.End) > 0 || t.Payload.Category == TriggerCategory.OtherPerson)
                && !(t.Payload.UnlessOwn && hasOwn && ownSentences[sentence]))
            {
                triggers[kept++] = t;
            }
        }

        // Grouped by sentence, in the order found within each.
        _triggerStarts = new int[sentences + 1];
        for (var i = 0; i < kept; i++)
        {
            _triggerStarts[words.Tokens[triggers[i].Start].Sentence + 1]++;
        }

        for (var s = 1; s <= sentences; s++)
        {
            _triggerStarts[s] += _triggerStarts[s - 1];
        }

        _triggers = kept == 0 ? [] : new PhraseHit<Trigger>[kept];
        Span<int> next = sentences <= MaxStackWords ? stackalloc int[sentences] : new int[sentences];
        _triggerStarts.AsSpan(0, sentences).CopyTo(next);
        for (var i = 0; i < kept; i++)
        {
            _triggers[next[words.Tokens[triggers[i].Start].Sentence]++] = triggers[i];
        }

        rules.Termination.FindAll(words, restrictGaps: false, hits);
        covered.Clear();
        foreach (var t in hits)
        {
            if (Count(pseudo, t.Start, t.End) == 0)
            {
                covered[t.Start..t.End].Fill(true);
            }
        }

        PrefixCounts(covered, Row(_terminations));

        // "My friend injects drugs and has a fever": a coordinated verb goes on about the same person, also where a
        // termination word opens it ("he's clean now but has had back pain": "but has" is the brother's, "but" alone
        // would end his reach).
        covered.Clear();
        foreach (var t in hits)
        {
            if (t.Payload && Count(pseudo, t.Start, t.End) == 0 && !InsideSameSubject(hits, t))
            {
                covered[t.Start..t.End].Fill(true);
            }
        }

        PrefixCounts(covered, Row(_otherPersonTerminations));

        // A new clause ("..., my legs are weak") ends a trigger's reach.
        var clauseStarts = Row(_clauseStarts);
        var firstPerson = Row(_firstPerson);
        var own = Row(_own);
        for (var k = 0; k < count; k++)
        {
            clauseStarts[k + 1] = clauseStarts[k] + (words.Tokens[k].BreakBefore && words.HasAny(k, rules.ClauseStarters) ? 1 : 0);
            firstPerson[k + 1] = firstPerson[k] + (words.HasAny(k, rules.FirstPerson) ? 1 : 0);
            if (rules.Own.Count > 0)
            {
                own[k + 1] = own[k] + (words.HasAny(k, rules.Own) ? 1 : 0);
            }
        }

        // A report back is itself no question or denial: "what would I do if I felt that" reports nothing.
        rules.ReportsBack.FindAll(words, restrictGaps: true, hits);
        foreach (var hit in hits)
        {
            var sentence = words.Tokens[hit.Start].Sentence;
            if (Count(pseudo, hit.Start, hit.End) > 0)
            {
                continue;
            }

            if (!QualifiedByQuestion(hit, TriggersIn(sentence), 0))
            {
                _firstReportBack = Math.Min(_firstReportBack, sentence);
            }

            // "The physio asked about numbness down there and I said yes": a clause of the question's own sentence
            // answers it, unless a question or denial in that clause makes it part of one.
            if (!QualifiedByQuestion(hit, TriggersIn(sentence), hit.Start))
            {
                _lastClauseReportBack = Math.Max(_lastClauseReportBack, hit.Start);
            }
        }

        // A denial is at the start of a clause: after it, the question's mentions before it are denied, whether the
        // answer is a sentence of its own ("Nope, none.") or a clause of the question's sentence ("the physio asked about
        // tingling, I told her none"). A bare answer ("I don't", "no and no") must be its whole clause: "I don't know
        // what to do" answers nothing.
        rules.DeniesAfter.FindAll(words, restrictGaps: true, hits);
        foreach (var hit in hits)
        {
            if (Count(pseudo, hit.Start, hit.End) > 0)
            {
                continue;
            }

            if (!hit.Payload)
            {
                _lastDenial = Math.Max(_lastDenial, hit.Start);
            }
            else if (EndsClause(words, rules.Fillers, hit.Start, hit.End))
            {
                _lastAnswer = Math.Max(_lastAnswer, hit.Start);
            }
        }
    }

    /// <summary>
    /// Whether a pseudo phrase sets the trigger aside: one that overlaps it without lying wholly inside it. A trigger
    /// that contains a whole pseudo phrase says more than it ("my wife keeps asking if" is a question someone asks, not
    /// only "my wife keeps asking").
    /// </summary>
    private static bool IsSetAsideByPseudo(PhraseHit<Trigger> trigger, PhraseHit<bool>[] pseudoHits)
    {
        foreach (var p in pseudoHits)
        {
            if (p.Start < trigger.End && p.End > trigger.Start && !(p.Start >= trigger.Start && p.End <= trigger.End))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The prefix counts of one kind, at <paramref name="offset"/> in <see cref="_prefix"/>.</summary>
    private Span<int> Row(int offset) => _prefix.AsSpan(offset, _words.Count + 1);

    /// <summary>The triggers that count in <paramref name="sentence"/>.</summary>
    private ReadOnlySpan<PhraseHit<Trigger>> TriggersIn(int sentence) =>
        _triggers.AsSpan(_triggerStarts[sentence], _triggerStarts[sentence + 1] - _triggerStarts[sentence]);

    // Messages longer than this many words mark phrase coverage on the heap.
    private const int MaxStackWords = 512;

    /// <summary>
    /// Whether a hypothetical or negation before the report back, in its sentence from word <paramref name="from"/> on,
    /// makes it part of the question.
    /// </summary>
    private static bool QualifiedByQuestion(PhraseHit<bool> hit, ReadOnlySpan<PhraseHit<Trigger>> inSentence, int from)
    {
        foreach (var t in inSentence)
        {
            if (t.Start < hit.End && t.Start >= from
                && t.Payload.Direction == TriggerDirection.Forward
                && t.Payload.Category is TriggerCategory.Hypothetical or TriggerCategory.Negated)
            {
                return true;
            }
        }

        return false;
    }

    public MentionStatus Resolve(PhraseHit<Concept> concept)
    {
        if (IsAnsweredNo(concept))
        {
            return MentionStatus.Negated;
        }

        var triggers = TriggersIn(_words.Tokens[concept.Start].Sentence);
        if (triggers.IsEmpty)
        {
            return MentionStatus.Reported;
        }

        bool negated = false, historical = false, resolved = false, hypothetical = false, otherPerson = false, askedOfWriter = false;
        foreach (var trigger in triggers)
        {
            if (!Applies(trigger, concept))
            {
                continue;
            }

            switch (trigger.Payload.Category)
            {
                case TriggerCategory.Negated:
                    negated = true;
                    break;
                case TriggerCategory.Historical:
                    historical = true;
                    break;
                case TriggerCategory.Resolved:
                    resolved = true;
                    break;
                case TriggerCategory.Hypothetical:
                    hypothetical = true;
                    askedOfWriter |= trigger.Payload.AsksWriter;
                    break;
                case TriggerCategory.OtherPerson:
                    otherPerson = true;
                    break;
            }
        }

        // "I no longer have numbness" is both negated ("no") and resolved ("no longer"); resolved says more. A past
        // cancer stays a red flag however it is put ("I no longer have cancer"), so for it "resolved" also cancels the
        // negation.
        // Someone else's emergency still needs 911, so "about someone else" outranks "hypothetical".
        var pastCounts = concept.Payload.HistoryIsRedFlag;
        var sentence = _words.Tokens[concept.Start].Sentence;
        var reportedBack = (_firstReportBack < int.MaxValue && _firstReportBack > sentence)
            || (_lastClauseReportBack >= concept.End && _words.Tokens[_lastClauseReportBack].Sentence == sentence);
        // "Is it true a pulsing in the stomach means an aneurysm? I have no pain": a general question followed by the
        // writer's denial asks about nobody's symptom, unless the writer also reports back having it.
        negated |= hypothetical && !otherPerson && !reportedBack
            && (_lastDenial >= concept.End || (askedOfWriter && _lastAnswer >= concept.End));
        return resolved && !pastCounts ? MentionStatus.Resolved
            : negated && !(resolved && pastCounts) ? MentionStatus.Negated
            : historical && !pastCounts ? MentionStatus.Historical
            : otherPerson ? MentionStatus.OtherPerson
            : hypothetical && !reportedBack ? MentionStatus.Hypothetical
            : MentionStatus.Reported;
    }

    private bool Applies(PhraseHit<Trigger> trigger, PhraseHit<Concept> concept)
    {
        if (trigger.Start <= concept.Start && trigger.End >= concept.End)
        {
            return true;
        }

        if (trigger.Payload.Category == TriggerCategory.OtherPerson && trigger.Start == concept.Start && trigger.End <= concept.End)
        {
            return true;
        }

        // "Both her legs feel weak", "numb between his legs": a word for someone else inside the symptom phrase says whose
        // symptom it is, unless the writer comes after it ("when my wife touches me there I feel nothing").
        if (trigger.Payload.Category == TriggerCategory.OtherPerson && trigger.Start > concept.Start && trigger.End <= concept.End)
        {
            return Count(Row(_firstPerson), trigger.End, concept.End) == 0;
        }

        if (trigger.Start < concept.Start)
        {
            return trigger.Payload.Direction == TriggerDirection.Forward && AppliesForward(trigger, concept);
        }

        return trigger.Start >= concept.End
            && trigger.Payload.Direction == TriggerDirection.Backward
            && AppliesBackward(trigger, concept);
    }

    private bool AppliesForward(PhraseHit<Trigger> trigger, PhraseHit<Concept> concept)
    {
        var rule = trigger.Payload;
        var from = Math.Min(trigger.End, concept.Start);
        // "No, I can't feel my legs": a "no" followed by a pause answers a question and negates nothing.
        if (rule.Category == TriggerCategory.Negated && trigger.End <= concept.Start && trigger.End < _words.Count
            && _words.Tokens[trigger.End].BreakBefore)
        {
            return false;
        }

        // "If my legs gave out on me, would that be serious?": a condition put as a question for advice reaches its whole
        // clause, "and I" included, and stops at the question.
        if (rule.WholeClause)
        {
            // "If I stand up my legs give way, should I see someone?" tells of something that happens: in a condition
            // followed by a question, the writer named again after the condition's first word ("I", "my") starts a
            // clause of their own, a report.
            return Count(Row(_clauseStarts), from, concept.Start + 1) == 0
                && (!rule.WhenAsked || (concept.End <= AskAfter(trigger) && Count(Row(_own), Math.Min(trigger.End + 1, concept.Start), concept.Start) == 0));
        }

        var terminations = rule.Category == TriggerCategory.OtherPerson ? _otherPersonTerminations : _terminations;
        // "My girlfriend touches me there and I feel nothing": for someone else, a word for the writer inside the symptom
        // phrase ends the reach as one before it does.
        var firstPersonUntil = rule.Category == TriggerCategory.OtherPerson ? concept.End : concept.Start + 1;
        return Count(Row(terminations), from, concept.Start) == 0
            && Count(Row(_clauseStarts), from, concept.Start + 1) == 0
            && !(rule.EndsAtFirstPerson && Count(Row(_firstPerson), from, firstPersonUntil) > 0)
            && (rule.Window is not { } window || Count(Row(_outsideConcepts), from, concept.Start) < window);
    }

    private bool AppliesBackward(PhraseHit<Trigger> trigger, PhraseHit<Concept> concept)
    {
        var rule = trigger.Payload;
        // "Numbness, and the tingling went away": a trigger after a mention reaches only the nearest one. Mentions that
        // follow one another with no word between are one description ("sciatica tingling down my leg, none since").
        var next = Array.BinarySearch(_conceptStarts, concept.End);
        next = next >= 0 ? next : ~next;
        while (next > 0 && _conceptStarts[next - 1] == concept.End)
        {
            next--;
        }

        for (var end = concept.End; next < _conceptStarts.Length && _conceptStarts[next] < trigger.Start; next++)
        {
            if (_conceptStarts[next] > end)
            {
                return false;
            }

            end = Math.Max(end, _conceptEnds[next]);
        }

        return Count(Row(_terminations), concept.End, trigger.Start) == 0
            && !NamesNewSubjectAfterPause(concept.End, trigger.Start)
            && !(rule.EndsAtFirstPerson && Count(Row(_firstPerson), concept.End, trigger.Start) > 0)
            && (rule.Window is not { } window || Count(Row(_outsideConcepts), concept.End, trigger.Start) < window);
    }

    /// <summary>
    /// "Numb in both legs, my back is fine", "I can't pee, everything else is normal": after a pause, a word that neither
    /// refers back (<c>context.referBack</c>: "it's", "that", "they") nor fills (<c>context.fillers</c>) names what the
    /// denial or the resolution after it is about, so it does not reach the symptom before the pause. ("Tingling in my
    /// foot, it's gone now" still resolves it.)
    /// </summary>
    // Verbs that only link a word that refers back to the denial ("it was fine after a minute").
    private static readonly FrozenSet<string> LinkingVerbs = FrozenSet.ToFrozenSet(
        ["is", "are", "was", "were", "be", "been", "has", "have", "had", "feel", "feels", "felt", "seem", "seems",
         "seemed", "got", "gets", "went", "goes", "came", "stayed", "stays", "turned"],
        StringComparer.OrdinalIgnoreCase);

    private bool NamesNewSubjectAfterPause(int from, int to)
    {
        var paused = false;
        for (var k = from; k < to; k++)
        {
            paused |= _words.Tokens[k].BreakBefore;
            if (paused && !_words.HasAny(k, _rules.ReferBack) && !_words.HasAny(k, _rules.Fillers)
                && !LinkingVerbs.Contains(_words.Tokens[k].Text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where the first request for advice after the trigger starts, in its sentence; int.MaxValue when none does.</summary>
    private int AskAfter(PhraseHit<Trigger> trigger)
    {
        if (_asksBySentence?[_words.Tokens[trigger.Start].Sentence] is { } starts)
        {
            foreach (var start in starts)
            {
                if (start >= trigger.End)
                {
                    return start;
                }
            }
        }

        return int.MaxValue;
    }

    // "Numb? No. Weak? Nope.", "tingling: no": a symptom put as a short question or label and answered with a denial.
    private static readonly string[][] Denials =
        [["no"], ["nope"], ["nah"], ["none"], ["never"], ["negative"], ["nada"], ["nil"], ["not", "at", "all"], ["not", "really"], ["no", "way"],
         ["no", "and", "no"], ["no", "to", "both"], ["no", "to", "all"], ["nope", "to", "both"], ["nope", "to", "all"], ["neither"]];

    private bool IsAnsweredNo(PhraseHit<Concept> concept)
    {
        var tokens = _words.Tokens;
        var after = concept.End;
        if (after >= tokens.Length || !tokens[after].AnswerBefore)
        {
            return false;
        }

        // The question or label is short: at most two words ("any", "leg") before the symptom in its clause.
        var clauseStart = concept.Start;
        while (clauseStart > 0 && tokens[clauseStart - 1].Sentence == tokens[concept.Start].Sentence && !tokens[clauseStart].BreakBefore)
        {
            clauseStart--;
        }

        if (concept.Start - clauseStart > 2)
        {
            return false;
        }

        // "Numbness/tingling? bladder issues? - no and no": the answer may come after a few more short questions or
        // labels, each of one sentence ending where an answer could start, none of them answered "yes".
        for (var hops = 0; ; hops++)
        {
            if (IsDenialAt(tokens, after))
            {
                return true;
            }

            var next = after + 1;
            while (next < tokens.Length && next - after <= MaxLabelWords && !tokens[next].AnswerBefore && tokens[next].Sentence == tokens[after].Sentence)
            {
                next++;
            }

            if (hops == MaxLabelHops || next >= tokens.Length || !tokens[next].AnswerBefore || next - after > MaxLabelWords
                || tokens[next - 1].Sentence != tokens[after].Sentence || Affirmations.Contains(tokens[after].Text))
            {
                return false;
            }

            after = next;
        }
    }

    // At most this many further short questions, of at most this many words, before the answer.
    private const int MaxLabelHops = 3;
    private const int MaxLabelWords = 4;

    private static readonly FrozenSet<string> Affirmations = FrozenSet.ToFrozenSet(["yes", "yeah", "yep", "yup", "sometimes", "definitely", "always", "often"]);

    private static bool IsDenialAt(Token[] tokens, int after)
    {
        foreach (var denial in Denials)
        {
            var end = after + denial.Length;
            if (end > tokens.Length)
            {
                continue;
            }

            var matches = true;
            for (var k = 0; k < denial.Length && matches; k++)
            {
                matches = tokens[after + k].Text == denial[k] && (k == 0 || (!tokens[after + k].BreakBefore && tokens[after + k].Sentence == tokens[after].Sentence));
            }

            // The denial is the whole answer: the message, its sentence or its clause ends after it.
            if (matches && (end == tokens.Length || tokens[end].BreakBefore || tokens[end].Sentence != tokens[end - 1].Sentence))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Marks in <paramref name="own"/> (one per sentence) the sentences with a word of <c>context.own</c> ("I", "my"): a
    /// question there is about the writer, so triggers marked <c>unlessOwn</c> ("is ... serious?") do not make it a
    /// general one. False when the rules list no such words (and nothing is marked).
    /// </summary>
    private static bool OwnSentences(MessageWords words, CompiledRules rules, Span<bool> own)
    {
        if (rules.Own.Count == 0)
        {
            return false;
        }

        own.Clear();
        for (var k = 0; k < words.Count; k++)
        {
            if (words.HasAny(k, rules.Own))
            {
                own[words.Tokens[k].Sentence] = true;
            }
        }

        return true;
    }

    /// <summary>How many words in [<paramref name="from"/>, <paramref name="to"/>) have the property.</summary>
    private static int Count(ReadOnlySpan<int> prefix, int from, int to) =>
        to <= from ? 0 : prefix[Math.Min(to, prefix.Length - 1)] - prefix[from];

    private static Span<bool> Cover<T>(Span<bool> covered, List<PhraseHit<T>> hits)
    {
        foreach (var hit in hits)
        {
            covered[hit.Start..hit.End].Fill(true);
        }

        return covered;
    }

    /// <summary>
    /// Writes into <paramref name="prefix"/> (one longer) the prefix counts of the words marked (or, with
    /// <paramref name="whereNot"/>, not marked) in <paramref name="marked"/>.
    /// </summary>
    private static void PrefixCounts(ReadOnlySpan<bool> marked, Span<int> prefix, bool whereNot = false)
    {
        prefix[0] = 0;
        for (var k = 0; k < marked.Length; k++)
        {
            prefix[k + 1] = prefix[k] + (marked[k] != whereNot ? 1 : 0);
        }
    }

    private static bool InsideSameSubject(List<PhraseHit<bool>> hits, PhraseHit<bool> termination)
    {
        foreach (var h in hits)
        {
            if (!h.Payload && h.Start <= termination.Start && h.End >= termination.End && h.End > termination.End)
            {
                return true;
            }
        }

        return false;
    }
}
