namespace BackPainBot.Knowledge;

/// <summary>Turning ranked sections into what the bot does: answer, list a group, ask which one, or say no match.</summary>
public sealed partial class KnowledgeIndex
{
    /// <summary>"Did you mean" offers at most this many sections, plus "none of these".</summary>
    private const int MaxChoices = 3;

    /// <summary>
    /// Decides in this order: a request for a group of tips is a list, whatever the scores (its words are the article's
    /// broad ones, which score every section alike); then nothing above the threshold is no match; runners-up within the
    /// margin make a "did you mean"; otherwise the best section is the answer.
    /// </summary>
    private SearchResult Decide(string question, List<QueryWord> words, List<SearchHit> ranked, int maxHits, float minScore, float margin, HashSet<string>? done)
    {
        var hits = ranked.Take(maxHits).ToList();
        if (FindRequestedGroup(question, words) is { } group)
        {
            return List(group, ranked, hits, minScore, done);
        }

        // A section matched on nothing but words with an everyday sense ("new", "old"), besides the back pain every
        // section is about, is no evidence the question is about it: "what's new today" is not about shoes, and "a
        // dodgy ankle from an old sprain, could that be why my back aches" is not about old shoes.
        ranked = ranked.Where(h => !OnlyEverydayWords(h.MatchedTerms)).ToList();
        if (ranked.Count == 0 || ranked[0].Score < minScore)
        {
            return new SearchResult(hits, minScore, SearchDecision.NoMatch, []);
        }

        var best = ranked[0];
        var close = new List<SearchHit> { best };
        var titles = new HashSet<string>(StringComparer.Ordinal) { NormalizeTitle(best.Section.Title) };
        foreach (var hit in ranked.Skip(1))
        {
            if (hit.Score < minScore || best.Score - hit.Score > margin)
            {
                break;
            }

            if (titles.Add(NormalizeTitle(hit.Section.Title)))
            {
                close.Add(hit);
            }
        }

        if (close.Count == 1)
        {
            return new SearchResult(hits, minScore, SearchDecision.Answer, [best]);
        }

        // More than three sections tied on words every section shares ("my lower back hurts"): three of them would be an
        // arbitrary pick, so offer the article's whole list of tips instead.
        if (close.Count > MaxChoices && LargestGroupFor(words) is { } vague)
        {
            return List(vague, ranked, hits, minScore, done);
        }

        return new SearchResult(hits, minScore, SearchDecision.Clarify, close.Take(MaxChoices).ToList());
    }

    private bool OnlyEverydayWords(IReadOnlyList<string> matched) =>
        matched.Any(_ambiguousTerms.Contains) && matched.All(t => _ambiguousTerms.Contains(t) || _articleTerms.Contains(t));

    /// <summary>
    /// The group a question asks for, or null. It must be phrased as a request for advice (or consist of trigger words
    /// only, as in "running form"), name a group's trigger word or ask for tips in general, and say nothing more specific
    /// than the triggers and its article's topic: "how should I walk?" lists the walking tips, "how should I land when I
    /// walk?" does not.
    /// </summary>
    private GroupInfo? FindRequestedGroup(string question, List<QueryWord> words)
    {
        if (_groups.Length == 0)
        {
            return null;
        }

        var cue = ListRequest.Find(question);

        // The story around a request ("I'm a gran who walks everywhere. What can I do to avoid it coming back?") is its
        // occasion: the group is the one named where the question asks, and the story's words the articles never use, only
        // guessed as a typo ("loves" read as "lives") or that name a group are no more specific than the request. A description of the article's own topic ("back pain
        // that comes from my ankles") is the topic, not the ankles section, and a day spent standing ("on my feet all day")
        // is the occasion.
        var story = StoryClauseSpans.Find(question);
        var described = TopicPhraseSpans.Find(question);
        described.AddRange(ListRequest.StandingAllDay(question));
        var asking = words.Where(w => IndexOf(story, w.Start) < 0).ToList();
        var named = _groups.Where(g => asking.Any(w => g.Triggers.Overlaps(w.AllTerms))).ToList();
        if (named.Count == 0)
        {
            named = [.. _groups.Where(g => words.Any(w => g.Triggers.Overlaps(w.AllTerms)))];
        }

        if (named.Count > 0)
        {
            var triggers = named.SelectMany(g => g.Triggers).ToHashSet(StringComparer.Ordinal);
            var onlyTriggers = words.All(w => triggers.Overlaps(w.AllTerms));
            if (cue == ListCue.None && (!onlyTriggers || ListRequest.AsksWhatItIs(question)))
            {
                return null;
            }

            bool Occasion(QueryWord w) =>
                IndexOf(described, w.Start) >= 0
                || (IndexOf(story, w.Start) >= 0 && (w.Terms.Length == 0 || w.Certainty < 1 || _triggerTerms.Overlaps(w.AllTerms)));

            // The smallest group named is the most specific: "how do I prevent back pain when I walk" asks for the
            // walking tips, not every tip.
            foreach (var group in named.OrderBy(g => g.Members.Length))
            {
                var topic = _topicTermsByArticle[group.ArticleId];
                if (OnlyAsks(words, w => triggers.Overlaps(w.AllTerms) || topic.Overlaps(w.AllTerms) || Occasion(w), topic, cue))
                {
                    return group;
                }
            }

            return null;
        }

        return cue == ListCue.Plural ? LargestGroupFor([.. words.Where(w => IndexOf(described, w.Start) < 0)], cue) : null;
    }

    /// <summary>
    /// Whether every word of the question is one <paramref name="asked"/> allows. In a request for tips ("tips",
    /// "everything", "dos and don'ts") that names the article's topic, a word the articles never use is the story around
    /// it ("any dos and don'ts for my back when I walk the dog", "dancer here, my lower back complains, what tips do you
    /// have"), and so is a word that only relates things ("back pain coming from my ankles"); a clinic word ("land",
    /// "shoes") is more specific than the tips asked for. Without the topic ("tips for running a business") the unknown
    /// word is what the tips are for.
    /// </summary>
    private bool OnlyAsks(List<QueryWord> words, Func<QueryWord, bool> asked, HashSet<string> topic, ListCue cue) =>
        words.All(asked)
        || (cue == ListCue.Plural
            && words.Exists(w => topic.Overlaps(w.AllTerms))
            && words.All(w => asked(w) || w.Terms.Length == 0 || w.Terms.Any(_relationTerms.Contains)));

    /// <summary>
    /// For a question that names no more than an article's topic ("tips for lower back pain", "all the tips"): that
    /// article's largest group, which is its general list of tips.
    /// </summary>
    private GroupInfo? LargestGroupFor(List<QueryWord> words, ListCue cue = ListCue.None)
    {
        return _groups
            .Where(g => OnlyAsks(words, w => _topicTermsByArticle[g.ArticleId].Overlaps(w.AllTerms), _topicTermsByArticle[g.ArticleId], cue))
            .OrderByDescending(g => g.Members.Length)
            .FirstOrDefault();
    }

    /// <summary>
    /// The group's sections as a list, without those whose title names something the patient has already done or set
    /// aside (<paramref name="done"/>: "I already bought new shoes, what else" leaves out replacing shoes), unless that
    /// would leave nothing.
    /// </summary>
    private SearchResult List(GroupInfo group, List<SearchHit> ranked, List<SearchHit> hits, float minScore, HashSet<string>? done)
    {
        var scored = ranked.ToDictionary(h => h.Section.Id, StringComparer.Ordinal);
        var members = group.Members;
        if (done is not null)
        {
            var left = members.Where(s => !_titleTerms[s.Id].Overlaps(done)).ToArray();
            members = left.Length > 0 ? left : members;
        }

        var selected = members
            .Select(s => scored.TryGetValue(s.Id, out var hit)
                ? hit with { Why = $"group: {group.Id}; {hit.Why}" }
                : new SearchHit(s, 0f) { Why = "group: " + group.Id })
            .ToList();
        return new SearchResult(hits, minScore, SearchDecision.List, selected);
    }

    /// <summary>Reads the articles' groups: their members in article order and their trigger words as index terms.</summary>
    private (GroupInfo[] Groups, HashSet<string> TriggerTerms) ReadGroups(IReadOnlyList<KnowledgeArticle> articles)
    {
        var groups = new List<GroupInfo>();
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            foreach (var group in article.Groups)
            {
                var triggers = new HashSet<string>(StringComparer.Ordinal);
                foreach (var word in group.Triggers)
                {
                    var terms = KnowledgeAnalysis.Terms(_analyzer, word);
                    if (terms.Count == 0)
                    {
                        throw new KnowledgeFormatException(article.FilePath, 0,
                            $"Group '{group.Id}' lists '{word}', a word the bot ignores in questions (like 'tips' or 'how'); list topic words such as 'walk'.");
                    }

                    triggers.UnionWith(terms);
                }

                var members = article.Sections.Where(s => s.Groups.Contains(group.Id, StringComparer.Ordinal)).ToArray();
                groups.Add(new GroupInfo(group.Id, article.Id, triggers, members));
                all.UnionWith(triggers);
            }
        }

        return ([.. groups], all);
    }

    /// <summary>A group ready for questions: its trigger words as index terms and its sections in article order.</summary>
    private sealed record GroupInfo(string Id, string ArticleId, HashSet<string> Triggers, KnowledgeSection[] Members);
}
