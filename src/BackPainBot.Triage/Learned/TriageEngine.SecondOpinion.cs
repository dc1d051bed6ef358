using BackPainBot.Triage.Context;
using BackPainBot.Triage.Learned;
using BackPainBot.Triage.Matching;
using BackPainBot.Triage.Rules;

namespace BackPainBot.Triage;

/// <summary>The hook of the learned second opinion: it may add flags above the rules' level, never take one away.</summary>
public sealed partial class TriageEngine
{
    /// <summary>Creates the engine with the rules at <paramref name="rulesPath"/> and a second opinion trained on <paramref name="examplesPath"/>.</summary>
    /// <exception cref="TriageRulesException">The rule file is missing or invalid.</exception>
    /// <exception cref="TriageExamplesException">The examples file is missing or invalid; the message names the line.</exception>
    public static TriageEngine Load(string rulesPath, string examplesPath, SecondOpinionOptions? options = null, TimeProvider? clock = null)
    {
        var rules = TriageRules.Load(rulesPath);
        return new TriageEngine(rules, clock, SecondOpinion.Load(rules, examplesPath, options));
    }

    /// <summary>The second opinion this engine asks, if any.</summary>
    public SecondOpinion? SecondOpinion => _secondOpinion;

    /// <summary>
    /// The rules' reading of a message with what the second opinion adds: each code it raises above the level of the
    /// rules' flags (hypothetical and someone else's included, as the level is counted) is read in context around the
    /// words that spoke for it, like a rule's phrase. A denied, past or resolved mention adds nothing and is not
    /// recorded (a model's guess must not answer a screening question); a past one counts for a rule whose history
    /// is a red flag (cancer). When the words that spoke for it are denied, the words after a turn in their sentence
    /// that still speak for it are read in their place ("peeing is normal except I can't feel the stream"). The flag's
    /// span is the sentence that carried the most weight.
    /// </summary>
    private MessageAnalysis WithSecondOpinion(MessageWords words, List<PhraseHit<Concept>> contextConcepts, List<Mention> mentions, List<Mention> flags)
    {
        var rulesLevel = TriageLevel.None;
        foreach (var flag in flags)
        {
            rulesLevel = flag.Concept.Level > rulesLevel ? flag.Concept.Level : rulesLevel;
        }

        var raised = _secondOpinion!.Raise(words.Tokens, rulesLevel);
        if (raised.Count == 0)
        {
            return new MessageAnalysis(words, mentions, flags);
        }

        var added = new List<Mention>();
        List<PhraseHit<Concept>>? lookAlikes = null;
        List<PhraseHit<Trigger>>? triggers = null;
        List<PhraseHit<bool>>? terminations = null;
        foreach (var opinion in raised)
        {
            if (IsSetAsideByRules(words, opinion, mentions, flags, ref lookAlikes, ref terminations))
            {
                continue;
            }

            var concept = new Concept(opinion.Rule.Code, opinion.Rule, opinion.HistoryIsRedFlag);
            triggers ??= _rules.Triggers.FindAll(words, restrictGaps: false);
            var anchor = new PhraseHit<Concept>(concept, AnchorStart(opinion.Anchor, triggers), AnchorEnd(opinion.Anchor, triggers));
            var status = new ContextResolver(words, _rules, [.. contextConcepts, anchor]).Resolve(anchor);
            if (IsSuppressed(status) && WordsAfterTurn(words, opinion, ref terminations) is var (start, end) && end > start)
            {
                var later = new PhraseHit<Concept>(concept, start, end);
                status = new ContextResolver(words, _rules, [.. contextConcepts, later]).Resolve(later);
            }

            if (IsSuppressed(status))
            {
                continue;
            }

            var (first, last) = SentenceOf(words, opinion.Anchor.Sentence);
            added.Add(new Mention(new PhraseHit<Concept>(concept, first, last), status) { ModelScore = opinion.Score });
        }

        if (added.Count == 0)
        {
            return new MessageAnalysis(words, mentions, flags);
        }

        return new MessageAnalysis(words, [.. mentions, .. added], [.. flags, .. added]);
    }

    /// <summary>
    /// The rules keep the last word on what they have read, and the model may not overrule them there: a look-alike the
    /// rules list for the code ("fell off the wagon", "a box fell off the truck bed"), a sentence in which they read a
    /// red flag as denied, past or resolved ("both legs are fine, no weakness at all"), and a flag of theirs that the
    /// code would only make more severe (a fever made an infection with neurological signs, one weak leg made
    /// progressive weakness: whether the signs or the progression are there is for the rules' phrases to find), and a
    /// statement that a body function is fine that they list as a look-alike of a doubt signal whose screening question
    /// the code answers, where it is all the model read (<see cref="IsNormalityLookAlike"/>).
    /// </summary>
    private bool IsSetAsideByRules(
        MessageWords words, SecondOpinion.Raised opinion, List<Mention> mentions, List<Mention> flags, ref List<PhraseHit<Concept>>? lookAlikes, ref List<PhraseHit<bool>>? terminations)
    {
        var code = opinion.Rule.Code;
        foreach (var flag in flags)
        {
            if (_rules.KeepsAlongside(code, flag.Concept.Code))
            {
                return true;
            }
        }

        foreach (var mention in mentions)
        {
            if (mention.Concept.Rule is not null && mention.IsSuppressed && words.Tokens[mention.Start].Sentence == opinion.Anchor.Sentence)
            {
                return true;
            }
        }

        // The words that spoke for the code take in a symptom the rules read as another kind ("my toes on the right go
        // dead when I walk far" is numbness, "my big toe on my right foot tingles" tingling, not one-leg weakness).
        foreach (var flag in flags)
        {
            if (flag.Start < opinion.Anchor.End && opinion.Anchor.Start < flag.End && _rules.IsNotReadFrom(code, flag.Concept.Code))
            {
                return true;
            }
        }

        lookAlikes ??= _rules.Exceptions.FindAll(words, restrictGaps: false);
        foreach (var lookAlike in lookAlikes)
        {
            if (lookAlike.Payload.Code == code)
            {
                return true;
            }

            if (IsNormalityLookAlike(words, opinion, lookAlike, ref terminations))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where the model's words start for context: after a trigger of the rules' context that is not a negation ("what
    /// if", "my mum says", "years ago") when it lies among the words that spoke for the code before the one that spoke
    /// most. Such words say whose or when the symptom is, never what it is, so they are read as context before the
    /// model's words, as the rules read them before a phrase: "what if my bladder started doing whatever it wants"
    /// stays hypothetical however much "what if" weighs. A negation stays part of what the words say ("not feeling
    /// anything down there").
    /// </summary>
    private static int AnchorStart((int Sentence, int Start, int End, int Top) anchor, List<PhraseHit<Trigger>> triggers)
    {
        var start = anchor.Start;
        foreach (var trigger in triggers)
        {
            if (trigger.Payload is { Direction: TriggerDirection.Forward, Category: not TriggerCategory.Negated }
                && trigger.Start >= anchor.Start && trigger.End <= anchor.Top && trigger.End > start)
            {
                start = trigger.End;
            }
        }

        return start;
    }

    /// <summary>
    /// Where the model's words end for context: before a denial that the rules read backwards over a symptom (context
    /// trigger, negated, backward: "are fine", "is normal", "working fine") when it starts among the words that spoke for
    /// the code and runs on past them. In "my legs are fine" the model's words are "my legs are"; "fine" speaks against
    /// the code, so "are fine" is the writer's denial, not part of the symptom, and is read after "my legs" as the rules
    /// read it after theirs. A denial wholly inside the words that spoke for the code stays part of what they say.
    /// </summary>
    private static int AnchorEnd((int Sentence, int Start, int End, int Top) anchor, List<PhraseHit<Trigger>> triggers)
    {
        var end = anchor.End;
        foreach (var trigger in triggers)
        {
            if (trigger.Payload is { Category: TriggerCategory.Negated, Direction: TriggerDirection.Backward }
                && trigger.Start > anchor.Start && trigger.Start < end && trigger.End > anchor.End)
            {
                end = trigger.Start;
            }
        }

        return end;
    }

    /// <summary>
    /// Whether a look-alike the rules list for a doubt signal is what the model read as its code: "I have full control of
    /// my bowels", "my legs feel totally normal", "peeing is fine" are listed so that they prompt no screening question
    /// about the bladder, bowels or legs, and the model must not read them as the red flag that question asks about.
    /// It holds when the doubt signal prompts a question that the code answers, the look-alike holds the word that
    /// spoke most for the code, the rest of the message does not speak for the code (its words' weights add up to at
    /// most 0), and nothing after the look-alike in its sentence turns to something else (a termination term of the
    /// rules' context: "but", "now", "today", "this morning", "still", "just"). So "my legs are fine but my bladder
    /// isn't", "I was peeing fine until last night, now nothing comes out" and "my legs feel ok at rest, walking they
    /// go numb" are left to the model.
    /// </summary>
    private bool IsNormalityLookAlike(MessageWords words, SecondOpinion.Raised opinion, PhraseHit<Concept> lookAlike, ref List<PhraseHit<bool>>? terminations)
    {
        if (lookAlike.Start > opinion.Anchor.Top || lookAlike.End <= opinion.Anchor.Top || !AnswersQuestionOf(lookAlike.Payload.Code, opinion.Rule.Code))
        {
            return false;
        }

        var outside = 0f;
        for (var i = 0; i < opinion.Weights.Length; i++)
        {
            outside += i < lookAlike.Start || i >= lookAlike.End ? opinion.Weights[i] : 0;
        }

        if (outside > 0)
        {
            return false;
        }

        terminations ??= _rules.Termination.FindAll(words, restrictGaps: false);
        var sentence = words.Tokens[lookAlike.Start].Sentence;
        foreach (var termination in terminations)
        {
            if (termination.Start > lookAlike.Start && words.Tokens[termination.Start].Sentence == sentence)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Where the sentence of the model's words turns to something else after them (a termination term of the rules'
    /// context: "except", "but", "apart from", "now") and the words after the turn still speak for the code (their
    /// weights add up to more than 0): the words that speak for it around the one that speaks most there, to be read in
    /// context on their own. In "peeing is normal except I can't feel the stream" the model's words are "peeing", which
    /// "is normal" denies; "I can't feel the stream" is what the writer reports. (0, 0) when there is no such turn.
    /// </summary>
    private (int Start, int End) WordsAfterTurn(MessageWords words, SecondOpinion.Raised opinion, ref List<PhraseHit<bool>>? terminations)
    {
        terminations ??= _rules.Termination.FindAll(words, restrictGaps: false);
        var tokens = words.Tokens;
        var turn = int.MaxValue;
        foreach (var termination in terminations)
        {
            if (termination.Start >= opinion.Anchor.End && termination.End < tokens.Length && tokens[termination.Start].Sentence == opinion.Anchor.Sentence)
            {
                turn = Math.Min(turn, termination.End);
            }
        }

        var weights = opinion.Weights;
        var top = -1;
        var sum = 0f;
        for (var i = turn; i < tokens.Length && tokens[i].Sentence == opinion.Anchor.Sentence; i++)
        {
            sum += weights[i];
            top = top < 0 || weights[i] > weights[top] ? i : top;
        }

        if (top < 0 || sum <= 0 || weights[top] <= 0)
        {
            return (0, 0);
        }

        var start = top;
        while (start > turn && weights[start - 1] > 0)
        {
            start--;
        }

        var end = top + 1;
        while (end < tokens.Length && tokens[end].Sentence == opinion.Anchor.Sentence && weights[end] > 0)
        {
            end++;
        }

        return (start, end);
    }

    /// <summary>Whether doubt signal <paramref name="doubt"/> prompts a screening question that <paramref name="code"/> answers.</summary>
    private bool AnswersQuestionOf(string doubt, string code)
    {
        if (!_rules.Screening.Doubt.TryGetValue(doubt, out var questions))
        {
            return false;
        }

        foreach (var (question, answeredBy, _) in _rules.Screening.Questions)
        {
            if (questions.Contains(question.Code) && (question.Code == code || answeredBy.Contains(code)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first word of <paramref name="sentence"/> and the word after its last.</summary>
    private static (int Start, int End) SentenceOf(MessageWords words, int sentence)
    {
        var start = -1;
        var end = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (words.Tokens[i].Sentence == sentence)
            {
                start = start < 0 ? i : start;
                end = i + 1;
            }
        }

        return (start, end);
    }
}
