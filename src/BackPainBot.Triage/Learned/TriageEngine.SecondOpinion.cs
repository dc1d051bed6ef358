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
    /// is a red flag (cancer). The flag's span is the sentence that carried the most weight.
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
        foreach (var opinion in raised)
        {
            if (IsSetAsideByRules(words, opinion, mentions, flags, ref lookAlikes))
            {
                continue;
            }

            var concept = new Concept(opinion.Rule.Code, opinion.Rule, opinion.HistoryIsRedFlag);
            var anchor = new PhraseHit<Concept>(concept, opinion.Anchor.Start, opinion.Anchor.End);
            var status = new ContextResolver(words, _rules, [.. contextConcepts, anchor]).Resolve(anchor);
            if (status is MentionStatus.Negated or MentionStatus.Historical or MentionStatus.Resolved)
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
    /// progressive weakness: whether the signs or the progression are there is for the rules' phrases to find).
    /// </summary>
    private bool IsSetAsideByRules(MessageWords words, SecondOpinion.Raised opinion, List<Mention> mentions, List<Mention> flags, ref List<PhraseHit<Concept>>? lookAlikes)
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

        lookAlikes ??= _rules.Exceptions.FindAll(words, restrictGaps: false);
        foreach (var lookAlike in lookAlikes)
        {
            if (lookAlike.Payload.Code == code)
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
