using System.Collections.Frozen;
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

    /// <summary>
    /// The year on the engine's clock when the message was read: <c>&lt;past-year&gt;</c> matches years before it. Left
    /// at 0, no year counts as past, so a mention is never set aside as history by mistake.
    /// </summary>
    public int CurrentYear { get; init; }

    /// <summary>
    /// Every vocabulary word in the message as bits (word number n is bit n % 64 of element n / 64), to rule out at once
    /// a phrase that needs a word the message does not have.
    /// </summary>
    public ulong[] IdBits => _idBits ??= WordBits.Of(Ids);

    private ulong[]? _idBits;

    public int Count => Tokens.Length;

    public bool Has(int index, int id) => Array.IndexOf(Ids[index], id) >= 0;

    public bool HasAny(int index, FrozenSet<int> ids)
    {
        foreach (var id in Ids[index])
        {
            if (ids.Contains(id))
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

    // For each phrase, the words of each later place it cannot do without (a word slot, or the first words of a group
    // that is not optional), fewest first: a phrase whose message lacks one of them is not tried at all. A rule such as
    // "(can't|unable to) * (pee|wee|urinate)" is indexed under "can't" with dozens of others; most messages with
    // "can't" have no word for peeing. Phrases share these places (a term's word list, "my"), so each distinct one is
    // kept once in _requiredWords, and _required[p] holds the numbers of phrase p's: a message checks each at most once.
    private readonly RequiredWord[] _requiredWords;
    private readonly int[][] _required;
    private readonly Dictionary<int, int[]> _byFirstWord;
    private readonly int[] _anyFirstWord;
    private readonly int[] _numberFirst;

    // "a & b" phrases: their parts are found by an inner matcher, then paired up. Many phrases share a part (the same
    // list of bladder words, say), so each distinct part is looked for once and its hits are handed to every phrase
    // that uses it.
    private readonly (CompiledPhrase Phrase, T Payload)[] _nearPhrases;
    private readonly PhraseMatcher<(int Phrase, int Part)[]>? _nearParts;

    public PhraseMatcher(IEnumerable<(CompiledPhrase Phrase, T Payload)> phrases)
    {
        var all = phrases.ToList();
        _phrases = [.. all.Where(p => p.Phrase.AllOf is null)];
        _nearPhrases = [.. all.Where(p => p.Phrase.AllOf is not null)];
        if (_nearPhrases.Length > 0)
        {
            _nearParts = new PhraseMatcher<(int, int)[]>(
                _nearPhrases
                    .SelectMany((p, i) => p.Phrase.AllOf!.Select((part, j) => (Part: part, Owner: (i, j))))
                    .GroupBy(x => x.Part.Source, StringComparer.Ordinal)
                    .Select(g => (g.First().Part, g.Select(x => x.Owner).ToArray())));
        }

        var requiredWords = new List<RequiredWord>();
        var requiredNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        _required = [.. _phrases.Select(p => RequiredWords(p.Phrase.Elements)
            .Select(word =>
            {
                var key = string.Join(' ', word.Ids);
                if (!requiredNumbers.TryGetValue(key, out var number))
                {
                    requiredNumbers[key] = number = requiredWords.Count;
                    requiredWords.Add(word);
                }

                return number;
            })
            .ToArray())];
        _requiredWords = [.. requiredWords];
        var byFirstWord = new Dictionary<int, List<int>>();
        var any = new List<int>();
        var numberFirst = new List<int>();
        for (var p = 0; p < _phrases.Length; p++)
        {
            if (_phrases[p].Phrase.Elements[0] is NumberSlot or PastYearSlot or BirthYearSlot)
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
        // Whether the message has each distinct required word: 0 not yet looked at, 1 yes, -1 no.
        Span<sbyte> present = _requiredWords.Length <= MaxStackRequired ? stackalloc sbyte[_requiredWords.Length] : new sbyte[_requiredWords.Length];
        present.Clear();
        for (var start = 0; start < message.Count; start++)
        {
            var ids = message.Ids[start];
            for (var k = 0; k < ids.Length; k++)
            {
                if (!_byFirstWord.TryGetValue(ids[k], out var candidates))
                {
                    continue;
                }

                foreach (var p in candidates)
                {
                    // A word standing for two vocabulary words ("husband's") tries a phrase both begin once.
                    if (k == 0 || !CandidateOfEarlierId(ids, k, p))
                    {
                        TryAt(message, p, start, restrictGaps, present, hits);
                    }
                }
            }

            foreach (var p in _anyFirstWord)
            {
                TryAt(message, p, start, restrictGaps, present, hits);
            }

            if (message.Numbers[start] >= 0)
            {
                foreach (var p in _numberFirst)
                {
                    TryAt(message, p, start, restrictGaps, present, hits);
                }
            }
        }

        if (_nearParts is not null)
        {
            FindNear(message, restrictGaps, hits);
        }

        return hits;
    }

    // The distinct required words of the largest matcher number a few hundred; past this they are counted on the heap.
    private const int MaxStackRequired = 4096;

    // The largest matcher has a few hundred "a & b" phrases; past this their parts are counted on the heap.
    private const int MaxStackNear = 1024;

    private bool CandidateOfEarlierId(int[] ids, int k, int phrase)
    {
        for (var j = 0; j < k; j++)
        {
            // Candidate lists are in phrase order.
            if (_byFirstWord.TryGetValue(ids[j], out var earlier) && Array.BinarySearch(earlier, phrase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private void TryAt(MessageWords message, int p, int start, bool restrictGaps, Span<sbyte> present, List<PhraseHit<T>> hits)
    {
        if (!HasRequiredWords(message, _required[p], present) || !_phrases[p].Phrase.MayStartAt(message, start))
        {
            return;
        }

        var end = Match(message, _phrases[p].Phrase.Elements, 0, start, message.Tokens[start].Sentence, restrictGaps);
        if (end > start)
        {
            hits.Add(new PhraseHit<T>(_phrases[p].Payload, start, end));
        }
    }

    private bool HasRequiredWords(MessageWords message, int[] required, Span<sbyte> present)
    {
        foreach (var r in required)
        {
            var known = present[r];
            if (known == 0)
            {
                present[r] = known = _requiredWords[r].IsIn(message.IdBits) ? (sbyte)1 : (sbyte)-1;
            }

            if (known < 0)
            {
                return false;
            }
        }

        return true;
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
                return InSentence(message, index, sentence) && message.HasAny(index, slot.IdSet)
                    ? Match(message, elements, element + 1, index + 1, sentence, restrictGaps)
                    : SkipFiller(message, elements, element, index, sentence, restrictGaps);

            case NumberSlot number:
                return InSentence(message, index, sentence) && message.Numbers[index] >= number.Min && message.Numbers[index] <= number.Max
                    ? Match(message, elements, element + 1, index + 1, sentence, restrictGaps)
                    : SkipFiller(message, elements, element, index, sentence, restrictGaps);

            case BirthYearSlot born:
                return InSentence(message, index, sentence) && born.Matches(message.Numbers[index], message.CurrentYear)
                    ? Match(message, elements, element + 1, index + 1, sentence, restrictGaps)
                    : SkipFiller(message, elements, element, index, sentence, restrictGaps);

            case PastYearSlot:
                return InSentence(message, index, sentence) && PastYearSlot.Matches(message.Numbers[index], message.CurrentYear)
                    ? Match(message, elements, element + 1, index + 1, sentence, restrictGaps)
                    : SkipFiller(message, elements, element, index, sentence, restrictGaps);

            case WordGroup group:
                if (InSentence(message, index, sentence))
                {
                    // Usually one word number per message word; a typo or possessive may stand for two.
                    foreach (var id in message.Ids[index])
                    {
                        if (!group.ByFirstId.TryGetValue(id, out var alternatives))
                        {
                            continue;
                        }

                        foreach (var alternative in alternatives)
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
    /// most <see cref="PhraseParser.NearWords"/> words between neighbours (any number for "a &amp;&amp; b") and, when
    /// gaps are restricted, none of them a word such as "not" or "but". The hit spans from the first part to the last.
    /// </summary>
    private void FindNear(MessageWords message, bool restrictGaps, List<PhraseHit<T>> hits)
    {
        var partHits = _nearParts!.FindAll(message, restrictGaps);
        if (partHits.Count < 2)
        {
            return;
        }

        // Which parts of each phrase were found (bit j for part j; a phrase has at most three), and the phrases in the
        // order their first part was found: most phrases with a part found miss another, and are passed over at once.
        Span<byte> found = _nearPhrases.Length <= MaxStackNear ? stackalloc byte[_nearPhrases.Length] : new byte[_nearPhrases.Length];
        found.Clear();
        Span<int> order = _nearPhrases.Length <= MaxStackNear ? stackalloc int[_nearPhrases.Length] : new int[_nearPhrases.Length];
        var seen = 0;
        foreach (var hit in partHits)
        {
            foreach (var (phrase, part) in hit.Payload)
            {
                if (found[phrase] == 0)
                {
                    order[seen++] = phrase;
                }

                found[phrase] |= (byte)(1 << part);
            }
        }

        foreach (var phrase in order[..seen])
        {
            var partCount = _nearPhrases[phrase].Phrase.AllOf!.Length;
            if (found[phrase] != (1 << partCount) - 1)
            {
                continue;
            }

            // Where each part was found: byPart[part] lists the hits (start, end) of that part, in message order.
            var byPart = new List<(int Start, int End)>[partCount];
            foreach (var hit in partHits)
            {
                foreach (var (owner, part) in hit.Payload)
                {
                    if (owner == phrase)
                    {
                        (byPart[part] ??= []).Add((hit.Start, hit.End));
                    }
                }
            }

            var payload = _nearPhrases[phrase].Payload;
            var maxBetween = _nearPhrases[phrase].Phrase.AnyDistance ? int.MaxValue : PhraseParser.NearWords;
            var chosen = new (int Start, int End)[byPart.Length];
            Choose(0);

            void Choose(int part)
            {
                if (part == byPart.Length)
                {
                    if (AreNear(message, chosen, restrictGaps, maxBetween))
                    {
                        var start = chosen[0].Start;
                        var end = chosen[0].End;
                        for (var k = 1; k < chosen.Length; k++)
                        {
                            start = Math.Min(start, chosen[k].Start);
                            end = Math.Max(end, chosen[k].End);
                        }

                        hits.Add(new PhraseHit<T>(payload, start, end));
                    }

                    return;
                }

                foreach (var span in byPart[part])
                {
                    chosen[part] = span;
                    Choose(part + 1);
                }
            }
        }
    }

    private static bool AreNear(MessageWords message, (int Start, int End)[] parts, bool restrictGaps, int maxBetween)
    {
        // Two or three parts: order them by where they start without allocating.
        Span<(int Start, int End)> ordered = stackalloc (int, int)[parts.Length];
        parts.CopyTo(ordered);
        for (var i = 1; i < ordered.Length; i++)
        {
            for (var j = i; j > 0 && ordered[j].Start < ordered[j - 1].Start; j--)
            {
                (ordered[j], ordered[j - 1]) = (ordered[j - 1], ordered[j]);
            }
        }

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

            if (between > maxBetween)
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

    private static RequiredWord[] RequiredWords(PhraseElement[] elements) =>
        [.. elements
            .Skip(1)
            .Select(e => e switch
            {
                WordSlot slot => slot.Ids,
                WordGroup { Optional: false } group => [.. group.FirstIds],
                _ => null,
            })
            .OfType<int[]>()
            .OrderBy(ids => ids.Length)
            .Select(ids => new RequiredWord(ids, WordBits.Of(ids)))];

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

/// <summary>
/// One place of a phrase that the phrase cannot do without: any of <see cref="Ids"/> must be in the message. A term may
/// list a hundred words, so a long list is compared with the message's words as bits, 64 at a time.
/// </summary>
internal sealed record RequiredWord(int[] Ids, ulong[] Bits)
{
    private const int FewWords = 4;

    public bool IsIn(ulong[] message)
    {
        if (Ids.Length <= FewWords)
        {
            foreach (var id in Ids)
            {
                if (WordBits.Has(message, id))
                {
                    return true;
                }
            }

            return false;
        }

        var length = Math.Min(Bits.Length, message.Length);
        for (var i = 0; i < length; i++)
        {
            if ((Bits[i] & message[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Sets of vocabulary word numbers as bits.</summary>
internal static class WordBits
{
    public static ulong[] Of(IEnumerable<int> ids)
    {
        var list = ids as IReadOnlyCollection<int> ?? [.. ids];
        var bits = new ulong[list.Count == 0 ? 0 : (list.Max() >> 6) + 1];
        foreach (var id in list)
        {
            bits[id >> 6] |= 1UL << (id & 63);
        }

        return bits;
    }

    /// <summary>Every word number of every message word.</summary>
    public static ulong[] Of(int[][] idsByWord)
    {
        var max = -1;
        foreach (var ids in idsByWord)
        {
            foreach (var id in ids)
            {
                max = Math.Max(max, id);
            }
        }

        var bits = new ulong[(max >> 6) + 1];
        foreach (var ids in idsByWord)
        {
            foreach (var id in ids)
            {
                bits[id >> 6] |= 1UL << (id & 63);
            }
        }

        return bits;
    }

    public static bool Has(ulong[] bits, int id) => (id >> 6) < bits.Length && (bits[id >> 6] & (1UL << (id & 63))) != 0;
}
