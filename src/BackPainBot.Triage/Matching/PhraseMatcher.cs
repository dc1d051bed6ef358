using BackPainBot.Triage.Text;

namespace BackPainBot.Triage.Matching;

/// <summary>A message prepared once for all phrase lookups.</summary>
internal sealed class MessageWords
{
    public MessageWords(Token[] tokens, int[][] ids, bool[] stopsGaps, bool[]? fillers = null)
    {
        Tokens = tokens;
        Ids = ids;
        StopsGaps = stopsGaps;
        Fillers = fillers ?? new bool[tokens.Length];
        Numbers = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            Numbers[i] = NumberSlot.ValueOf(tokens[i].Text);
        }
    }

    public Token[] Tokens { get; }

    /// <summary>For each word, the vocabulary words it stands for.</summary>
    public int[][] Ids { get; }

    /// <summary>For each word, whether a <c>*</c> may not run across it ("not", "but").</summary>
    public bool[] StopsGaps { get; }

    /// <summary>For each word, whether a phrase may skip it between two of its words ("can't really feel").</summary>
    public bool[] Fillers { get; }

    /// <summary>For each word, the number it is written as ("55", "55yo"); -1 for other words.</summary>
    public int[] Numbers { get; }

    public int Count => Tokens.Length;

    public bool Has(int index, int id) => Array.IndexOf(Ids[index], id) >= 0;

    public bool HasAny(int index, int[] ids)
    {
        foreach (var id in Ids[index])
        {
            if (Array.IndexOf(ids, id) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A phrase found in a message: words <see cref="Start"/> up to, not including, <see cref="End"/>.</summary>
internal readonly record struct PhraseHit<T>(T Payload, int Start, int End)
{
    public bool Overlaps(int start, int end) => Start < end && start < End;
}

/// <summary>
/// Finds compiled phrases in a message. Immutable once built, so one instance serves every thread. Phrases are
/// indexed by the words they can begin with, so a message only tries the phrases its words could start.
/// </summary>
internal sealed class PhraseMatcher<T>
{
    private readonly (CompiledPhrase Phrase, T Payload)[] _phrases;
    private readonly Dictionary<int, int[]> _byFirstWord;
    private readonly int[] _anyFirstWord;
    private readonly int[] _numberFirst;

    // "a & b" phrases: their parts are found by an inner matcher, then paired up.
    private readonly (CompiledPhrase Phrase, T Payload)[] _nearPhrases;
    private readonly PhraseMatcher<(int Phrase, int Part)>? _nearParts;

    public PhraseMatcher(IEnumerable<(CompiledPhrase Phrase, T Payload)> phrases)
    {
        var all = phrases.ToList();
        _phrases = [.. all.Where(p => p.Phrase.AllOf is null)];
        _nearPhrases = [.. all.Where(p => p.Phrase.AllOf is not null)];
        if (_nearPhrases.Length > 0)
        {
            _nearParts = new PhraseMatcher<(int, int)>(
                _nearPhrases.SelectMany((p, i) => p.Phrase.AllOf!.Select((part, j) => (part, (i, j)))));
        }

        var byFirstWord = new Dictionary<int, List<int>>();
        var any = new List<int>();
        var numberFirst = new List<int>();
        for (var p = 0; p < _phrases.Length; p++)
        {
            if (_phrases[p].Phrase.Elements[0] is NumberSlot)
            {
                numberFirst.Add(p);
                continue;
            }

            var first = FirstIds(_phrases[p].Phrase.Elements, 0);
            if (first is null)
            {
                any.Add(p);
                continue;
            }

            foreach (var id in first)
            {
                if (!byFirstWord.TryGetValue(id, out var list))
                {
                    byFirstWord[id] = list = [];
                }

                list.Add(p);
            }
        }

        _byFirstWord = byFirstWord.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        _anyFirstWord = [.. any];
        _numberFirst = [.. numberFirst];
    }

    /// <summary>Every place a phrase matches; the shortest match for each phrase and starting word.</summary>
    /// <param name="restrictGaps">True to keep <c>*</c> from running across words such as "not" and "but".</param>
    public List<PhraseHit<T>> FindAll(MessageWords message, bool restrictGaps)
    {
        var hits = new List<PhraseHit<T>>();
        var tried = new HashSet<int>();
        for (var start = 0; start < message.Count; start++)
        {
            tried.Clear();
            foreach (var id in message.Ids[start])
            {
                if (_byFirstWord.TryGetValue(id, out var candidates))
                {
                    foreach (var p in candidates)
                    {
                        if (tried.Add(p))
                        {
                            TryAt(p, start);
                        }
                    }
                }
            }

            foreach (var p in _anyFirstWord)
            {
                TryAt(p, start);
            }

            if (message.Numbers[start] >= 0)
            {
                foreach (var p in _numberFirst)
                {
                    TryAt(p, start);
                }
            }
        }

        if (_nearParts is not null)
        {
            FindNear(message, restrictGaps, hits);
        }

        return hits;

        void TryAt(int p, int start)
        {
            var end = Match(message, _phrases[p].Phrase.Elements, 0, start, message.Tokens[start].Sentence, restrictGaps);
            if (end > start)
            {
                hits.Add(new PhraseHit<T>(_phrases[p].Payload, start, end));
            }
        }
    }

    private static int Match(MessageWords message, PhraseElement[] elements, int element, int index, int sentence, bool restrictGaps)
    {
        if (element == elements.Length)
        {
            return index;
        }

        switch (elements[element])
        {
            case WordSlot slot:
                return InSentence(message, index, sentence) && message.HasAny(index, slot.Ids)
                    ? Match(message, elements, element + 1, index + 1, sentence, restrictGaps)
                    : SkipFiller(message, elements, element, index, sentence, restrictGaps);

            case NumberSlot number:
                return InSentence(message, index, sentence) && message.Numbers[index] >= number.Min && message.Numbers[index] <= number.Max
                    ? Match(message, elements, element + 1, index + 1, sentence, restrictGaps)
                    : SkipFiller(message, elements, element, index, sentence, restrictGaps);

            case WordGroup group:
                foreach (var alternative in group.Alternatives)
                {
                    if (SequenceAt(message, alternative, index, sentence))
                    {
                        var end = Match(message, elements, element + 1, index + alternative.Length, sentence, restrictGaps);
                        if (end >= 0)
                        {
                            return end;
                        }
                    }
                }

                var skipped = SkipFiller(message, elements, element, index, sentence, restrictGaps);
                return skipped >= 0 || !group.Optional ? skipped : Match(message, elements, element + 1, index, sentence, restrictGaps);

            case WordGap gap:
                // Fewest words first, so a match stays as short as the phrase allows.
                for (var count = 0; count <= gap.MaxWords; count++)
                {
                    if (count > 0)
                    {
                        var skippedIndex = index + count - 1;
                        if (!InSentence(message, skippedIndex, sentence) || (restrictGaps && message.StopsGaps[skippedIndex]))
                        {
                            break;
                        }
                    }

                    var end = Match(message, elements, element + 1, index + count, sentence, restrictGaps);
                    if (end >= 0)
                    {
                        return end;
                    }
                }

                return -1;

            default:
                throw new InvalidOperationException("Unknown phrase element.");
        }
    }

    /// <summary>
    /// Pairs up the parts of "a &amp; b" phrases: one of each, in one sentence, in any order, not overlapping, with at
    /// most <see cref="PhraseParser.NearWords"/> words between neighbours and, when gaps are restricted, none of them a
    /// word such as "not" or "but". The hit spans from the first part to the last.
    /// </summary>
    private void FindNear(MessageWords message, bool restrictGaps, List<PhraseHit<T>> hits)
    {
        var partHits = _nearParts!.FindAll(message, restrictGaps);
        if (partHits.Count < 2)
        {
            return;
        }

        foreach (var group in partHits.GroupBy(h => h.Payload.Phrase))
        {
            var (phrase, payload) = _nearPhrases[group.Key];
            var byPart = new List<PhraseHit<(int Phrase, int Part)>>[phrase.AllOf!.Length];
            foreach (var hit in group)
            {
                (byPart[hit.Payload.Part] ??= []).Add(hit);
            }

            if (byPart.Any(list => list is null))
            {
                continue;
            }

            var chosen = new PhraseHit<(int, int)>[byPart.Length];
            Choose(0);

            void Choose(int part)
            {
                if (part == byPart.Length)
                {
                    if (AreNear(message, chosen, restrictGaps))
                    {
                        hits.Add(new PhraseHit<T>(payload, chosen.Min(c => c.Start), chosen.Max(c => c.End)));
                    }

                    return;
                }

                foreach (var hit in byPart[part])
                {
                    chosen[part] = hit;
                    Choose(part + 1);
                }
            }
        }
    }

    private static bool AreNear<TPart>(MessageWords message, PhraseHit<TPart>[] parts, bool restrictGaps)
    {
        var ordered = parts.OrderBy(p => p.Start).ToArray();
        var sentence = message.Tokens[ordered[0].Start].Sentence;
        for (var k = 1; k < ordered.Length; k++)
        {
            var from = ordered[k - 1].End;
            var to = ordered[k].Start;
            if (to < from || message.Tokens[to].Sentence != sentence)
            {
                return false;
            }

            var between = 0;
            for (var i = from; i < to; i++)
            {
                if (restrictGaps && message.StopsGaps[i])
                {
                    return false;
                }

                between += message.Fillers[i] ? 0 : 1;
            }

            if (between > PhraseParser.NearWords)
            {
                return false;
            }
        }

        return true;
    }

    // "can't really feel" is "can't feel": a filler between two words of a phrase is passed over. Never before the
    // first word, so a match does not begin on a filler.
    private static int SkipFiller(MessageWords message, PhraseElement[] elements, int element, int index, int sentence, bool restrictGaps) =>
        element > 0 && InSentence(message, index, sentence) && message.Fillers[index]
            ? Match(message, elements, element, index + 1, sentence, restrictGaps)
            : -1;

    private static bool SequenceAt(MessageWords message, int[] ids, int index, int sentence)
    {
        for (var k = 0; k < ids.Length; k++)
        {
            if (!InSentence(message, index + k, sentence) || !message.Has(index + k, ids[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool InSentence(MessageWords message, int index, int sentence) =>
        index < message.Count && message.Tokens[index].Sentence == sentence;

    private static HashSet<int>? FirstIds(PhraseElement[] elements, int element)
    {
        if (element >= elements.Length)
        {
            return null;
        }

        switch (elements[element])
        {
            case WordSlot slot:
                return [.. slot.Ids];
            case WordGroup group:
                var ids = group.Alternatives.Select(a => a[0]).ToHashSet();
                if (!group.Optional)
                {
                    return ids;
                }

                var rest = FirstIds(elements, element + 1);
                if (rest is null)
                {
                    return null;
                }

                ids.UnionWith(rest);
                return ids;
            default:
                return null;
        }
    }
}
