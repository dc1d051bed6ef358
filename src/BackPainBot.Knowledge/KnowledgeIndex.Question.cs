using Lucene.Net.Analysis.TokenAttributes;

namespace BackPainBot.Knowledge;

/// <summary>Turning a patient's question into weighted content words.</summary>
public sealed partial class KnowledgeIndex
{
    /// <summary>
    /// The reserved word synonyms.txt maps out-of-scope topics to (other body parts, medicines, surgery): a question
    /// containing one gets no hits, because an ankle tip must never answer a dose or a knee question.
    /// </summary>
    internal const string OutOfScopeWord = "outofscope";

    // Long pastes would otherwise build huge queries; a real question has far fewer content words.
    private const int MaxQueryWords = 64;

    /// <summary>
    /// Each further unknown word in a question weighs this share of the one before: the first weighs as a word in no
    /// section, the fifth about a fifth of that. Chosen on the tune questions with the threshold (see MinScore).
    /// </summary>
    private const double UnknownDecay = 0.7;

    /// <summary>
    /// In a question anchored in the article (it names the back pain the article is about and at least one clinic word
    /// besides), the unknown words together weigh at most this many times the clinic words: "office worker here, on my
    /// bum 9 hours a day, can my ankles still be the reason my back hurts" is about ankles and the back however long the
    /// story around them. A short question about something else ("is pizza bad for back pain") names no clinic word
    /// besides the back and keeps the full weight of its unknown words. 1.25 to 1.5 scored the same on the tune
    /// questions; this is the middle.
    /// </summary>
    private const double StoryCap = 1.4;

    /// <summary>
    /// What a relation word ("link", "connected", "related") weighs when the question also names what is related,
    /// as a share of its own weight. Chosen on the tune questions.
    /// </summary>
    private const double RelationWeight = 0.3;

    /// <summary>English words that ask whether two things are related; the things themselves are the question's topic.</summary>
    private const string RelationWords = "connection connected link linked related relationship coincidence";

    /// <summary>
    /// What a word in a later step weighs ("before I buy new shoes" in "should I get assessed before I buy new shoes"),
    /// as a share of its own weight, when the rest of the question names a clinic word. Chosen on the tune questions.
    /// </summary>
    private const double LaterStepWeight = 0.3;

    /// <summary>
    /// How many words from a topic the articles do not cover a pain word makes it the place that hurts ("my son's feet
    /// hurt", "pain in my knee"): then the topic refuses the question even when it is told in the story.
    /// </summary>
    private const int OutOfScopeReach = 3;

    /// <summary>
    /// Reads the question's content words: each position of the analyzed question (with its synonyms, or its typo
    /// correction) and a weight. Known words weigh their IDF; unknown words the IDF of a word in no section; numbers
    /// that match nothing, typos of filler, denied words ("no numbness") and who said what ("my doctor says") weigh
    /// nothing.
    /// </summary>
    /// <remarks>
    /// In a question that asks for more than something already done ("ok I already bought new shoes, what else can I
    /// do", "besides shoes, what else helps"), the words set aside are returned as <c>Done</c>, so a list can leave out
    /// the tip they name; null otherwise.
    /// </remarks>
    private (List<QueryWord> Words, bool OutOfScope, HashSet<string>? Done) ReadQuestion(string question)
    {
        var negated = NegatedSpans.Find(question);
        negated.AddRange(ReportedSpans.Find(question));
        negated.AddRange(AsideSpans.Find(question));
        negated.AddRange(TeenagerSpans.Find(question));
        negated.AddRange(SymptomPlaceSpans.Find(question));
        var asksForMore = ListRequest.AsksForMore(question);
        StoryClauseSpans.AddSetAside(question, asksForMore, negated);
        HashSet<string>? done = null;
        var later = BeforeClauseSpans.Find(question);
        later.AddRange(TopicPhraseSpans.Find(question));
        var positions = new List<QuestionPosition>();
        var position = -1;
        using (var stream = _analyzer.GetTokenStream(KnowledgeFields.Text, question))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                position += increment.PositionIncrement;

                // Synonyms stack on the position of the word they replace (increment 0): one word, several ways to match.
                if (increment.PositionIncrement > 0 || positions.Count == 0)
                {
                    if (positions.Count == MaxQueryWords)
                    {
                        break;
                    }

                    var start = Math.Clamp(offset.StartOffset, 0, question.Length);
                    var end = Math.Clamp(offset.EndOffset, start, question.Length);
                    positions.Add(new QuestionPosition([], start, end, NegatedSpans.Contains(negated, start), NegatedSpans.Contains(later, start), position));
                }

                positions[^1].Terms.Add(term.ToString());
            }

            stream.End();
        }

        var words = new List<QueryWord>(positions.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<(int Start, int End)>? story = null;
        var incidental = false;
        foreach (var at in positions)
        {
            if (at.Negated)
            {
                if (asksForMore)
                {
                    (done ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(at.Terms);
                }

                continue;
            }

            var surface = question[at.Start..at.End];
            if (at.Terms.Any(_outOfScopeTerms.Contains))
            {
                // A topic the articles do not cover, named in the story around the question rather than where it asks
                // ("since starting new medication I've gained weight, could that be why my back hurts"), is one more
                // unknown word of the story; named where the question asks, as what the story is about ("my kid has
                // flat feet, does that cause back pain") or as the place that hurts, it refuses the question.
                story ??= StoryClauseSpans.Find(question);
                var clause = IndexOf(story, at.Start);
                if (clause < 0
                    || StoryClauseSpans.IsSubject(question, story[clause].Start, at.Start, at.End)
                    || NamesPainNear(positions, story[clause], at.Position))
                {
                    return ([], true, null);
                }

                incidental = true;
                if (seen.Add("!" + surface))
                {
                    words.Add(new QueryWord([], _unknownWeight, Unknown: NormalizeSurface(surface)) { Raw = [.. at.Terms], Position = at.Position, Start = at.Start });
                }

                continue;
            }

            if (Resolve(at.Terms, surface) is { } word && seen.Add(word.Key))
            {
                words.Add(word with { Position = at.Position, Later = at.Later, Start = at.Start });
            }
        }

        // Only a question anchored in the clinic's words may tell a story around a topic it does not cover.
        if (incidental && !IsAnchored(words) && !AsksInOneSectionsWords(words, story!))
        {
            return ([], true, null);
        }

        return (Reweigh(words), false, done);
    }

    /// <summary>
    /// The story clause names the article's subject (its pain, its back) within a few words of the topic it does not
    /// cover: "my son's feet hurt after football", "sore knees on my runs". Then the topic is where it hurts, not the
    /// occasion.
    /// </summary>
    private bool NamesPainNear(List<QuestionPosition> positions, (int Start, int End) clause, int at)
    {
        foreach (var other in positions)
        {
            if (!other.Negated && other.Position != at && Math.Abs(other.Position - at) <= OutOfScopeReach
                && other.Start >= clause.Start && other.Start < clause.End && other.Terms.Any(_articleTerms.Contains))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Which of the spans holds the character at <paramref name="offset"/>, or -1.</summary>
    private static int IndexOf(List<(int Start, int End)> spans, int offset)
    {
        for (var i = 0; i < spans.Count; i++)
        {
            if (offset >= spans[i].Start && offset < spans[i].End)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The question names the article's subject (its keywords, "lower back pain") and a clinic word that is not one of
    /// them and has no everyday sense (<see cref="AmbiguousWords"/>): which section it asks about is said in the clinic's
    /// words, and the rest is the story.
    /// </summary>
    /// <remarks>
    /// A question that names two such clinic words of one section without the back ("does gaining muscle change your
    /// gait? i've been lifting heavy": muscle and gait) says which section it asks about as plainly, and is anchored too.
    /// </remarks>
    private bool IsAnchored(List<QueryWord> words)
    {
        var namesSubject = false;
        var more = 0;
        foreach (var word in words)
        {
            namesSubject |= word.Terms.Any(_articleTerms.Contains);
            if (word.Terms.Any(t => !_articleTerms.Contains(t) && !_ambiguousTerms.Contains(t)))
            {
                more++;
            }
        }

        return namesSubject && more > 0;
    }

    /// <summary>
    /// Two words of the question (not one phrase read as two) are keywords or title words of one section, besides the
    /// article's subject and everyday words, and at least one of them is where the question asks (outside the story
    /// clauses): "does gaining muscle also change your gait? i've been lifting heavy" asks about muscle and gait as
    /// plainly as a question naming the back would, and "we're on holiday in a city of stone and concrete streets,
    /// should I find somewhere softer" asks about softer ground for the concrete of its story. "my toddler walks on his
    /// toes, is that normal" names the toes only in the story, and stays refused.
    /// </summary>
    private bool AsksInOneSectionsWords(List<QueryWord> words, List<(int Start, int End)> story)
    {
        foreach (var fields in _terms.FieldsByDoc)
        {
            var first = -1;
            var asks = false;
            foreach (var word in words)
            {
                if (word.Start != first
                    && word.Terms.Any(t => !_articleTerms.Contains(t) && !_ambiguousTerms.Contains(t)
                        && (fields.GetValueOrDefault(t) & (TermFields.Title | TermFields.Keywords)) != 0))
                {
                    var inStory = IndexOf(story, word.Start) >= 0;
                    if (first >= 0 && (asks || !inStory))
                    {
                        return true;
                    }

                    if (first < 0 || !inStory)
                    {
                        first = word.Start;
                        asks |= !inStory;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Adjustments once the whole question is read. Words the index has never seen weigh less the more of them a
    /// message has: in "I do mall walking every morning with my sister... could the floor be the problem" the story's
    /// words say less each than "pizza" does in "pizza near the clinic", and a short question about something else is
    /// still refused. And a word that only asks whether things are related ("link", "connected") weighs little when the
    /// question names what is related: "weight and back pain link?" is about weight, not about why ankles matter. Last,
    /// a long story around a question in the clinic's words is capped (<see cref="StoryCap"/>).
    /// </summary>
    private List<QueryWord> Reweigh(List<QueryWord> words)
    {
        // A relation word keeps its weight when a section is about both it and the words it relates ("is there a link
        // between my feet and my back": the ankles section lists feet and links), or when it relates the topic only.
        var relations = words.Where(IsRelation).SelectMany(w => w.Terms).ToHashSet(StringComparer.Ordinal);
        var namesTopic = relations.Count > 0 && words.Any(w =>
            w.Terms.Length > 0 && !IsRelation(w) && !w.Terms.All(_topicTerms.Contains) && !InRelationSection(w, relations));
        // A later step ("before I buy new shoes") is the occasion of a question that names its first step in clinic words.
        var namesFirstStep = words.Any(w => !w.Later && w.Terms.Length > 0 && !w.Terms.All(_articleTerms.Contains));
        var unknown = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Terms.Length == 0 && word.Weight > 0)
            {
                words[i] = word with { Weight = word.Weight * Math.Pow(UnknownDecay, unknown++) };
            }
            else if (namesTopic && IsRelation(word))
            {
                words[i] = word with { Weight = word.Weight * RelationWeight };
            }
        }

        if (namesFirstStep)
        {
            for (var i = 0; i < words.Count; i++)
            {
                if (words[i].Later)
                {
                    words[i] = words[i] with { Weight = words[i].Weight * LaterStepWeight };
                }
            }
        }

        CapStory(words);
        return words;
    }

    /// <summary>
    /// Scales the unknown words of a question anchored in the article down to <see cref="StoryCap"/> times its clinic
    /// words. Anchored: it names the article's subject (its <c>keywords</c>, "lower back pain") and a clinic word that is
    /// not one of them, so which section it asks about is said in the clinic's words and the rest is the story. A word
    /// with an everyday sense (<see cref="AmbiguousWords"/>) is no anchor: "a long drive" is not a long stride.
    /// </summary>
    private void CapStory(List<QueryWord> words)
    {
        var known = 0.0;
        var unknown = 0.0;
        foreach (var word in words)
        {
            if (word.Terms.Length == 0)
            {
                unknown += word.Weight;
            }
            else
            {
                known += word.Weight;
            }
        }

        if (unknown <= StoryCap * known || !IsAnchored(words))
        {
            return;
        }

        var scale = StoryCap * known / unknown;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Terms.Length == 0)
            {
                words[i] = words[i] with { Weight = words[i].Weight * scale };
            }
        }
    }

    private bool IsRelation(QueryWord word) => word.Terms.Length > 0 && word.Terms.All(_relationTerms.Contains);

    private bool InRelationSection(QueryWord word, HashSet<string> relations)
    {
        foreach (var credits in _terms.CreditsByDoc)
        {
            if (relations.Any(credits.ContainsKey) && word.Terms.Any(credits.ContainsKey))
            {
                return true;
            }
        }

        return false;
    }

    private QueryWord? Resolve(List<string> terms, string surface)
    {
        var raw = terms.Distinct(StringComparer.Ordinal).ToArray();
        var known = raw.Where(_terms.DocFreq.ContainsKey).ToArray();
        if (known.Length > 0)
        {
            return new QueryWord(known, known.Max(t => Idf(_terms.DocFreq[t]))) { Raw = raw };
        }

        // A group's trigger word that no section uses ("prevent") is clinic vocabulary, not a sign the question is about
        // something else: it may ask for a list, and it must not count against the sections' scores.
        if (raw.Any(_triggerTerms.Contains))
        {
            return new QueryWord([], 0, Unknown: surface) { Raw = raw };
        }

        // "300", "2", "10" carry no topic; the mileage or pain score is the conversation layer's business.
        if (surface.All(c => !char.IsLetter(c)))
        {
            return null;
        }

        var word = NormalizeSurface(surface);
        if (BaseForm(word) is { } based)
        {
            return based;
        }

        if (_typos.TryCorrect(word, out var corrected))
        {
            return corrected.Length == 0 ? null : new QueryWord(corrected, corrected.Max(t => Idf(_terms.DocFreq[t]))) { Raw = raw, Certainty = CorrectionCertainty };
        }

        return new QueryWord([], _unknownWeight, Unknown: word) { Raw = raw };
    }

    /// <summary>
    /// The word's base form when the stemmer leaves a comparative or an adverb alone and the base is clinic vocabulary:
    /// "slower" → slow, "heavier" → heavy (weight), "bigger" → big, "soreness" → sore (pain). Tried before typo
    /// correction, which would otherwise read "slower" as some other word one letter away.
    /// </summary>
    private QueryWord? BaseForm(string word)
    {
        foreach (var (suffix, replacement) in Suffixes)
        {
            if (word.Length - suffix.Length < 3 || !word.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var stem = word[..^suffix.Length];
            foreach (var candidate in DoubledConsonant(stem, replacement))
            {
                var terms = KnowledgeAnalysis.Terms(_analyzer, candidate).Where(_terms.DocFreq.ContainsKey).Distinct(StringComparer.Ordinal).ToArray();
                if (terms.Length > 0)
                {
                    return new QueryWord(terms, terms.Max(t => Idf(_terms.DocFreq[t]))) { Raw = terms };
                }
            }
        }

        return null;
    }

    // "bigger" is "big" + "g" + "er": try the stem with its doubled last letter dropped too.
    private static IEnumerable<string> DoubledConsonant(string stem, string replacement)
    {
        yield return stem + replacement;
        if (replacement.Length == 0 && stem.Length >= 3 && stem[^1] == stem[^2] && !"aeiou".Contains(stem[^1], StringComparison.Ordinal))
        {
            yield return stem[..^1];
        }
    }

    private static readonly (string Suffix, string Replacement)[] Suffixes =
    [
        ("iest", "y"), ("ier", "y"), ("ily", "y"), ("est", ""), ("er", ""), ("ly", ""), ("ness", ""), ("ers", ""),
    ];

    private static string NormalizeSurface(string surface)
    {
        var word = surface.ToLowerInvariant().Replace('\u2019', '\'');
        return word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word;
    }

    /// <summary>
    /// One position of the analyzed question: its terms (a word and the synonyms stacked on it), where it is in the
    /// text, whether it is denied or in a later step, and its position (stop words count).
    /// </summary>
    private readonly record struct QuestionPosition(List<string> Terms, int Start, int End, bool Negated, bool Later, int Position);

    /// <summary>One content word of the question: the index terms that would match it (none if unknown) and its weight.</summary>
    private sealed record QueryWord(string[] Terms, double Weight, string? Unknown = null)
    {
        /// <summary>How much a match on this word counts: less than 1 for a typo correction, which may be a real word.</summary>
        public double Certainty { get; init; } = 1;

        /// <summary>Where the word is in the question (stop words count), to find words used together.</summary>
        public int Position { get; init; }

        /// <summary>Where the word starts in the question's text (a phrase read as several words shares one start).</summary>
        public int Start { get; init; }

        /// <summary>The word is in a later step of a question about what to do first (<see cref="BeforeClauseSpans"/>).</summary>
        public bool Later { get; init; }

        /// <summary>The word's analyzed terms before any were dropped as unknown to the index.</summary>
        public string[] Raw { get; init; } = [];

        /// <summary>Index terms and raw terms: what group triggers and topic words are compared with.</summary>
        public IEnumerable<string> AllTerms => Terms.Concat(Raw);

        /// <summary>Repeating a word must not make it count twice.</summary>
        public string Key => Unknown is null ? string.Join('|', Terms.Order(StringComparer.Ordinal)) : "?" + Unknown;
    }
}
