using BackPainBot.Triage.Text;

namespace BackPainBot.Triage.Matching;

/// <summary>A message prepared once for all phrase lookups.</summary>
internal sealed class MessageWords
{
    public MessageWords(Token[] tokens, int[][] ids, bool[] stopsGaps)
    {
        Tokens = tokens;
        Ids = ids;
        StopsGaps = stopsGaps;
    }

    public Token[] Tokens { get; }

    /// <summary>For each word, the vocabulary words it stands for.</summary>
    public int[][] Ids { get; }

    /// <summary>For each word, whether a <c>*</c> may not run across it ("not", "but").</summary>
    public bool[] StopsGaps { get; }

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

    public PhraseMatcher(IEnumerable<(CompiledPhrase Phrase, T Payload)> phrases)
    {
        _phrases = [.. phrases];
        var byFirstWord = new Dictionary<int, List<int>>();
        var any = new List<int>();
        for (var p = 0; p < _phrases.Length; p++)
        {
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
                    : -1;

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

                return group.Optional ? Match(message, elements, element + 1, index, sentence, restrictGaps) : -1;

            case WordGap gap:
                // Fewest words first, so a match stays as short as the phrase allows.
                for (var skipped = 0; skipped <= gap.MaxWords; skipped++)
                {
                    if (skipped > 0)
                    {
                        var skippedIndex = index + skipped - 1;
                        if (!InSentence(message, skippedIndex, sentence) || (restrictGaps && message.StopsGaps[skippedIndex]))
                        {
                            break;
                        }
                    }

                    var end = Match(message, elements, element + 1, index + skipped, sentence, restrictGaps);
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
