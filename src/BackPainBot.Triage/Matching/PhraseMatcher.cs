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
        Fillers = fillers ?? NoFlags(tokens.Length);
        Numbers = NoNumbers(tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            var number = NumberSlot.ValueOf(tokens[i].Text);
            if (number >= 0)
            {
                if (ReferenceEquals(Numbers, SharedNoNumbers))
                {
                    Numbers = new int[tokens.Length];
                    Array.Fill(Numbers, -1);
                }

                Numbers[i] = number;
            }
        }
    }

    // The engine keeps the words of recent messages: most messages have no number, and many no word of a kind, so
    // they share one array that says so (read only; at least as long as the message, and only read up to its length).
    private const int SharedLength = 256;
    private static readonly int[] SharedNoNumbers = Enumerable.Repeat(-1, SharedLength).ToArray();
    private static readonly bool[] SharedNoFlags = new bool[SharedLength];

    /// <summary>All false for <paramref name="count"/> words: shared (never to be written) for most messages.</summary>
    public static bool[] NoFlags(int count) => count <= SharedLength ? SharedNoFlags : new bool[count];

    private static int[] NoNumbers(int count)
    {
        if (count <= SharedLength)
        {
            return SharedNoNumbers;
        }

        var numbers = new int[count];
        Array.Fill(numbers, -1);
        return numbers;
    }

    public Token[] Tokens { get; }

    /// <summary>For each word, the vocabulary words it stands for.</summary>
    public int[][] Ids { get; }

    /// <summary>For each word, whether a <c>*</c> may not run across it ("not", "but").</summary>
    public bool[] StopsGaps { get; }

    /// <summary>For each word, whether a phrase may skip it between two of its words ("can't really feel").</summary>
    public bool[] Fillers { get; }

    /// <summary>For each word, the number it is written as ("55", "55yo"); -1 for other words.</summary>
    public int[] Numbers { get; private set; }

    /// <summary>
    /// The year on the engine's clock when the message was read: <c>&lt;past-year&gt;</c> matches years before it. Left
    /// at 0, no year counts as past, so a mention is never set aside as history by mistake.
    /// </summary>
    public int CurrentYear { get; init; }

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
/// <remarks>
/// Every message is read by a dozen matchers with a few thousand phrases between them, and each message meets
/// different phrases, so what a phrase needs is laid out flat in a few arrays (<see cref="PhraseProgram"/>): trying a
/// phrase reads a few neighbouring numbers instead of following pointers through records, sets and dictionaries that
/// are seldom in the processor's cache.
/// </remarks>
internal sealed class PhraseMatcher<T>
{
    private readonly T[] _payloads;
    private readonly PhraseProgram _program;

    // "a & b" phrases: their parts are found by a program of their own, then paired up. Many phrases share a part (the
    // same list of bladder words, say), so each distinct part is looked for once, and _partOwners[part] lists every
    // (phrase, which of its parts) it is.
    private readonly (CompiledPhrase Phrase, T Payload)[] _nearPhrases;
    private readonly PhraseProgram? _parts;
    private readonly (int Phrase, int Part)[][] _partOwners = [];

    // For each "a & b" phrase, its parts' numbers in _parts (the inverse of _partOwners).
    private readonly int[][] _phraseParts = [];

    public PhraseMatcher(IEnumerable<(CompiledPhrase Phrase, T Payload)> phrases)
    {
        var all = phrases.ToList();
        var sequences = all.Where(p => p.Phrase.AllOf is null).ToArray();
        _payloads = [.. sequences.Select(p => p.Payload)];
        _program = new PhraseProgram([.. sequences.Select(p => p.Phrase)]);
        _nearPhrases = [.. all.Where(p => p.Phrase.AllOf is not null)];
        if (_nearPhrases.Length > 0)
        {
            var parts = _nearPhrases
                .SelectMany((p, i) => p.Phrase.AllOf!.Select((part, j) => (Part: part, Owner: (i, j))))
                .GroupBy(x => x.Part.Source, StringComparer.Ordinal)
                .ToArray();
            _parts = new PhraseProgram([.. parts.Select(g => g.First().Part)]);
            _partOwners = [.. parts.Select(g => g.Select(x => x.Owner).ToArray())];
            _phraseParts = [.. _nearPhrases.Select(p => new int[p.Phrase.AllOf!.Length])];
            for (var part = 0; part < _partOwners.Length; part++)
            {
                foreach (var (phrase, j) in _partOwners[part])
                {
                    _phraseParts[phrase][j] = part;
                }
            }
        }
    }

    /// <summary>Every place a phrase matches; the shortest match for each phrase and starting word.</summary>
    /// <param name="restrictGaps">True to keep <c>*</c> from running across words such as "not" and "but".</param>
    public List<PhraseHit<T>> FindAll(MessageWords message, bool restrictGaps)
    {
        var found = _program.FindAll(message, restrictGaps);
        var hits = new List<PhraseHit<T>>(found.Length);
        Add(found, hits);
        if (_parts is not null)
        {
            FindNear(message, restrictGaps, hits);
        }

        return hits;
    }

    /// <summary>As <see cref="FindAll(MessageWords, bool)"/>, into <paramref name="hits"/>, which is emptied first.</summary>
    public void FindAll(MessageWords message, bool restrictGaps, List<PhraseHit<T>> hits)
    {
        hits.Clear();
        Add(_program.FindAll(message, restrictGaps), hits);
        if (_parts is not null)
        {
            FindNear(message, restrictGaps, hits);
        }
    }

    private void Add(ReadOnlySpan<(int Phrase, int Start, int End)> found, List<PhraseHit<T>> hits)
    {
        foreach (var (phrase, start, end) in found)
        {
            hits.Add(new PhraseHit<T>(_payloads[phrase], start, end));
        }
    }

    // The largest matcher has a few hundred "a & b" phrases; past this their parts are counted on the heap.
    private const int MaxStackNear = 1024;

    /// <summary>
    /// Pairs up the parts of "a &amp; b" phrases: one of each, in one sentence, in any order, not overlapping, with at
    /// most <see cref="PhraseParser.NearWords"/> words between neighbours (any number for "a &amp;&amp; b") and, when
    /// gaps are restricted, none of them a word such as "not" or "but". The hit spans from the first part to the last.
    /// </summary>
    private void FindNear(MessageWords message, bool restrictGaps, List<PhraseHit<T>> hits)
    {
        // Only the parts of phrases whose every part could be in the message are looked for: most messages have a word
        // of some part ("legs") and none of the phrase's other part ("numb"), and a part found alone is never used.
        var distinctParts = _partOwners.Length;
        Span<bool> present = _parts!.RequiredCount <= MaxStackNear ? stackalloc bool[_parts.RequiredCount] : new bool[_parts.RequiredCount];
        _parts.MarkPresent(message, present);
        Span<bool> possible = distinctParts <= MaxStackNear ? stackalloc bool[distinctParts] : new bool[distinctParts];
        _parts.FindPossible(message, present, possible);
        Span<bool> wanted = distinctParts <= MaxStackNear ? stackalloc bool[distinctParts] : new bool[distinctParts];
        wanted.Clear();
        var any = false;
        foreach (var parts in _phraseParts)
        {
            if (AllPossible(parts, possible))
            {
                foreach (var part in parts)
                {
                    wanted[part] = true;
                }

                any = true;
            }
        }

        if (!any)
        {
            return;
        }

        // The parts found, as (part, start, end) in message order; read before any other search on this thread.
        var partHits = _parts.FindAll(message, restrictGaps, wanted, present);
        if (partHits.Length < 2)
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
            foreach (var (phrase, part) in _partOwners[hit.Phrase])
            {
                if (found[phrase] == 0)
                {
                    order[seen++] = phrase;
                }

                found[phrase] |= (byte)(1 << part);
            }
        }

        Span<(int Start, int End)> chosen = stackalloc (int, int)[MaxParts];
        foreach (var phrase in order[..seen])
        {
            var partCount = _nearPhrases[phrase].Phrase.AllOf!.Length;
            if (found[phrase] != (1 << partCount) - 1)
            {
                continue;
            }

            var maxBetween = _nearPhrases[phrase].Phrase.AnyDistance ? int.MaxValue : PhraseParser.NearWords;
            Choose(message, partHits, phrase, 0, chosen[..partCount], restrictGaps, maxBetween, hits);
        }
    }

    // "a & b & c" at most.
    private const int MaxParts = 3;

    private static bool AllPossible(int[] parts, ReadOnlySpan<bool> possible)
    {
        foreach (var part in parts)
        {
            if (!possible[part])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Every way of taking one hit of each part of <paramref name="phrase"/> from <paramref name="part"/> on, each part's
    /// hits in message order: those near enough are added to <paramref name="hits"/>.
    /// </summary>
    private void Choose(
        MessageWords message, ReadOnlySpan<(int Phrase, int Start, int End)> partHits, int phrase, int part,
        Span<(int Start, int End)> chosen, bool restrictGaps, int maxBetween, List<PhraseHit<T>> hits)
    {
        if (part == chosen.Length)
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

                hits.Add(new PhraseHit<T>(_nearPhrases[phrase].Payload, start, end));
            }

            return;
        }

        foreach (var hit in partHits)
        {
            if (Array.IndexOf(_partOwners[hit.Phrase], (phrase, part)) >= 0)
            {
                chosen[part] = (hit.Start, hit.End);
                Choose(message, partHits, phrase, part + 1, chosen, restrictGaps, maxBetween, hits);
            }
        }
    }

    private static bool AreNear(MessageWords message, ReadOnlySpan<(int Start, int End)> parts, bool restrictGaps, int maxBetween)
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
}

/// <summary>
/// The word sequences of one matcher compiled to flat arrays of numbers, and the search over a message. Each phrase
/// is a little program in <see cref="_code"/>, one instruction per place of the phrase with its words written out
/// beside it; which phrases a word can begin, and which phrases need which words, are kept as offsets into shared
/// arrays (the compressed-row layout of a sparse matrix). Immutable once built.
/// </summary>
internal sealed class PhraseProgram
{
    // Instructions. Each is followed by its operands:
    // Word: count, then the word numbers (any of them matches one message word).
    // Number, BirthYear: min, max.  PastYear: none.  Gap: the most words skipped.
    // Group: where the next instruction starts, 1 if optional (else 0), the number of first words n, the n first words,
    // for each where its alternatives start, for each how many there are; then every alternative as its length and
    // its words, those with the same first word together in the order written.
    private const int End = 0;
    private const int Word = 1;
    private const int Number = 2;
    private const int BirthYear = 3;
    private const int PastYear = 4;
    private const int Group = 5;
    private const int Gap = 6;

    private readonly int[] _code;
    private readonly int[] _entry;
    private readonly bool[] _atClauseStart;

    // For each word number w, the phrases that can begin with it: _byFirst[_firstOffsets[w].._firstOffsets[w + 1]], in
    // phrase order. Word numbers past the end begin none.
    private readonly int[] _firstOffsets;
    private readonly int[] _byFirst;

    // Beside each entry of _byFirst, the first place its phrase cannot do without (-1 when none): most phrases a word
    // could begin lack a later word, and this rules them out without reading the phrase's own rows.
    private readonly int[] _byFirstRequired;
    private readonly int[] _anyFirstWord;
    private readonly int[] _numberFirst;

    // For each phrase, the words of each later place it cannot do without (a word slot, or the first words of a group
    // that is not optional): a phrase whose message lacks one of them is not tried at all. A rule such as
    // "(can't|unable to) * (pee|wee|urinate)" is indexed under "can't" with dozens of others; most messages with "can't"
    // have no word for peeing. Phrases share these places (a term's word list, "my"), so each distinct one is numbered
    // once: phrase p needs _required[_requiredOffsets[p].._requiredOffsets[p + 1]], and for each word number w,
    // _requiredBy[_requiredByOffsets[w].._requiredByOffsets[w + 1]] are the places it satisfies. A message marks the
    // places its words satisfy once, before any phrase is tried.
    private readonly int[] _requiredOffsets;
    private readonly int[] _required;
    private readonly int _requiredCount;
    private readonly int[] _requiredByOffsets;
    private readonly int[] _requiredBy;

    public PhraseProgram(CompiledPhrase[] phrases)
    {
        var code = new List<int>();
        _entry = new int[phrases.Length];
        _atClauseStart = new bool[phrases.Length];
        for (var p = 0; p < phrases.Length; p++)
        {
            _entry[p] = code.Count;
            _atClauseStart[p] = phrases[p].AtClauseStart;
            Emit(phrases[p].Elements, code);
        }

        _code = [.. code];

        var byFirst = new Dictionary<int, List<int>>();
        var any = new List<int>();
        var numberFirst = new List<int>();
        for (var p = 0; p < phrases.Length; p++)
        {
            if (phrases[p].Elements[0] is NumberSlot or PastYearSlot or BirthYearSlot)
            {
                numberFirst.Add(p);
                continue;
            }

            var first = FirstIds(phrases[p].Elements, 0);
            if (first is null)
            {
                any.Add(p);
                continue;
            }

            foreach (var id in first)
            {
                if (!byFirst.TryGetValue(id, out var list))
                {
                    byFirst[id] = list = [];
                }

                list.Add(p);
            }
        }

        (_firstOffsets, _byFirst) = Rows(byFirst);
        _anyFirstWord = [.. any];
        _numberFirst = [.. numberFirst];

        var requiredNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var satisfiedBy = new Dictionary<int, List<int>>();
        var required = new List<int>();
        _requiredOffsets = new int[phrases.Length + 1];
        for (var p = 0; p < phrases.Length; p++)
        {
            foreach (var ids in RequiredWords(phrases[p].Elements))
            {
                var key = string.Join(' ', ids);
                if (!requiredNumbers.TryGetValue(key, out var number))
                {
                    requiredNumbers[key] = number = requiredNumbers.Count;
                    foreach (var id in ids.Distinct())
                    {
                        if (!satisfiedBy.TryGetValue(id, out var list))
                        {
                            satisfiedBy[id] = list = [];
                        }

                        list.Add(number);
                    }
                }

                required.Add(number);
            }

            _requiredOffsets[p + 1] = required.Count;
        }

        _required = [.. required];
        _requiredCount = requiredNumbers.Count;
        (_requiredByOffsets, _requiredBy) = Rows(satisfiedBy);
        _byFirstRequired = new int[_byFirst.Length];
        for (var c = 0; c < _byFirst.Length; c++)
        {
            var p = _byFirst[c];
            _byFirstRequired[c] = _requiredOffsets[p] < _requiredOffsets[p + 1] ? _required[_requiredOffsets[p]] : -1;
        }
    }

    // The distinct required places of the largest matcher number about a thousand; past this they are marked on the heap.
    private const int MaxStackRequired = 4096;

    // Hits are gathered per thread and copied out, so a call allocates only its result.
    [ThreadStatic]
    private static (int Phrase, int Start, int End)[]? t_found;

    private const int MaxKeptFound = 4096;

    /// <summary>
    /// Every place a phrase matches, as (phrase, start, end); the shortest match for each phrase and starting word. The
    /// answer is a buffer of the calling thread's, good until its next call.
    /// </summary>
    public ReadOnlySpan<(int Phrase, int Start, int End)> FindAll(MessageWords message, bool restrictGaps)
    {
        // Whether the message has a word of each distinct required place.
        Span<bool> present = _requiredCount <= MaxStackRequired ? stackalloc bool[_requiredCount] : new bool[_requiredCount];
        MarkPresent(message, present);
        return FindAll(message, restrictGaps, only: default, present);
    }

    /// <summary>
    /// As <see cref="FindAll(MessageWords, bool)"/> for the phrases <paramref name="only"/> marks (all when it is empty),
    /// with the required places <see cref="MarkPresent"/> found in the message.
    /// </summary>
    public ReadOnlySpan<(int Phrase, int Start, int End)> FindAll(MessageWords message, bool restrictGaps, scoped ReadOnlySpan<bool> only, scoped ReadOnlySpan<bool> present)
    {
        // A thread keeps its hit buffer for the next message, unless a very long message made it large.
        var found = t_found is { Length: <= MaxKeptFound } kept ? kept : t_found = new (int, int, int)[64];
        var count = 0;
        var firstRows = (uint)(_firstOffsets.Length - 1);
        for (var start = 0; start < message.Count; start++)
        {
            var ids = message.Ids[start];
            for (var k = 0; k < ids.Length; k++)
            {
                var id = ids[k];
                if ((uint)id >= firstRows)
                {
                    continue;
                }

                for (var c = _firstOffsets[id]; c < _firstOffsets[id + 1]; c++)
                {
                    var required = _byFirstRequired[c];
                    if (required >= 0 && !present[required])
                    {
                        continue;
                    }

                    var p = _byFirst[c];
                    // A word standing for two vocabulary words ("husband's") tries a phrase both begin once.
                    if ((only.IsEmpty || only[p]) && (k == 0 || !CandidateOfEarlierId(ids, k, p)))
                    {
                        TryAt(message, p, start, restrictGaps, present, ref found, ref count);
                    }
                }
            }

            foreach (var p in _anyFirstWord)
            {
                if (only.IsEmpty || only[p])
                {
                    TryAt(message, p, start, restrictGaps, present, ref found, ref count);
                }
            }

            if (message.Numbers[start] >= 0)
            {
                foreach (var p in _numberFirst)
                {
                    if (only.IsEmpty || only[p])
                    {
                        TryAt(message, p, start, restrictGaps, present, ref found, ref count);
                    }
                }
            }
        }

        return found.AsSpan(0, count);
    }

    /// <summary>
    /// Marks each phrase that could match somewhere in the message: it may begin at one of the message's words (or at
    /// any word, or at a number the message has) and the message has a word of each place it cannot do without. A
    /// phrase not marked has no match; one marked may still have none.
    /// </summary>
    public void FindPossible(MessageWords message, ReadOnlySpan<bool> present, Span<bool> possible)
    {
        possible.Clear();
        var firstRows = (uint)(_firstOffsets.Length - 1);
        var hasNumber = false;
        for (var start = 0; start < message.Count; start++)
        {
            hasNumber |= message.Numbers[start] >= 0;
            foreach (var id in message.Ids[start])
            {
                if ((uint)id < firstRows)
                {
                    for (var c = _firstOffsets[id]; c < _firstOffsets[id + 1]; c++)
                    {
                        var required = _byFirstRequired[c];
                        var p = _byFirst[c];
                        possible[p] = possible[p] || ((required < 0 || present[required]) && HasRequired(p, present));
                    }
                }
            }
        }

        foreach (var p in _anyFirstWord)
        {
            possible[p] = message.Count > 0 && HasRequired(p, present);
        }

        if (hasNumber)
        {
            foreach (var p in _numberFirst)
            {
                possible[p] = HasRequired(p, present);
            }
        }
    }

    /// <summary>How many distinct places the phrases cannot do without: the length of the span <see cref="MarkPresent"/> fills.</summary>
    public int RequiredCount => _requiredCount;

    /// <summary>Marks each distinct required place that a word of the message satisfies (<paramref name="present"/> starts all false).</summary>
    public void MarkPresent(MessageWords message, Span<bool> present)
    {
        var rows = (uint)(_requiredByOffsets.Length - 1);
        foreach (var ids in message.Ids)
        {
            foreach (var id in ids)
            {
                if ((uint)id < rows)
                {
                    for (var k = _requiredByOffsets[id]; k < _requiredByOffsets[id + 1]; k++)
                    {
                        present[_requiredBy[k]] = true;
                    }
                }
            }
        }
    }

    /// <summary>Whether the message has a word of every place phrase <paramref name="p"/> cannot do without.</summary>
    private bool HasRequired(int p, ReadOnlySpan<bool> present)
    {
        for (var r = _requiredOffsets[p]; r < _requiredOffsets[p + 1]; r++)
        {
            if (!present[_required[r]])
            {
                return false;
            }
        }

        return true;
    }

    private bool CandidateOfEarlierId(int[] ids, int k, int phrase)
    {
        var firstRows = (uint)(_firstOffsets.Length - 1);
        for (var j = 0; j < k; j++)
        {
            // Candidate lists are in phrase order.
            var id = ids[j];
            if ((uint)id < firstRows
                && _byFirst.AsSpan(_firstOffsets[id], _firstOffsets[id + 1] - _firstOffsets[id]).BinarySearch(phrase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private void TryAt(MessageWords message, int p, int start, bool restrictGaps, ReadOnlySpan<bool> present, ref (int, int, int)[] found, ref int count)
    {
        if (!HasRequired(p, present))
        {
            return;
        }

        if (_atClauseStart[p] && !AtClauseStart(message, start))
        {
            return;
        }

        var end = Match(message, _code, _entry[p], _entry[p], start, message.Tokens[start].Sentence, restrictGaps);
        if (end > start)
        {
            if (count == found.Length)
            {
                Array.Resize(ref found, found.Length * 2);
                t_found = found;
            }

            found[count++] = (p, start, end);
        }
    }

    /// <summary>Whether a sentence or clause begins at word <paramref name="index"/>, for phrases written with <c>^</c>.</summary>
    private static bool AtClauseStart(MessageWords message, int index) =>
        index == 0
        || message.Tokens[index].BreakBefore
        || message.Tokens[index].Sentence != message.Tokens[index - 1].Sentence;

    /// <summary>
    /// Matches the phrase whose program starts at <paramref name="entry"/> from its instruction at <paramref name="pc"/>
    /// against the message from word <paramref name="index"/>: the index after the match, or -1.
    /// </summary>
    private static int Match(MessageWords message, int[] code, int entry, int pc, int index, int sentence, bool restrictGaps)
    {
        switch (code[pc])
        {
            case End:
                return index;

            case Word:
                var count = code[pc + 1];
                return InSentence(message, index, sentence) && HasAny(message.Ids[index], code.AsSpan(pc + 2, count))
                    ? Match(message, code, entry, pc + 2 + count, index + 1, sentence, restrictGaps)
                    : SkipFiller(message, code, entry, pc, index, sentence, restrictGaps);

            case Number:
                return InSentence(message, index, sentence) && message.Numbers[index] >= code[pc + 1] && message.Numbers[index] <= code[pc + 2]
                    ? Match(message, code, entry, pc + 3, index + 1, sentence, restrictGaps)
                    : SkipFiller(message, code, entry, pc, index, sentence, restrictGaps);

            case BirthYear:
                return InSentence(message, index, sentence) && BirthYearSlot.Matches(message.Numbers[index], message.CurrentYear, code[pc + 1], code[pc + 2])
                    ? Match(message, code, entry, pc + 3, index + 1, sentence, restrictGaps)
                    : SkipFiller(message, code, entry, pc, index, sentence, restrictGaps);

            case PastYear:
                return InSentence(message, index, sentence) && PastYearSlot.Matches(message.Numbers[index], message.CurrentYear)
                    ? Match(message, code, entry, pc + 1, index + 1, sentence, restrictGaps)
                    : SkipFiller(message, code, entry, pc, index, sentence, restrictGaps);

            case Group:
                var next = code[pc + 1];
                if (InSentence(message, index, sentence))
                {
                    var keys = code[pc + 3];
                    var firstWords = code.AsSpan(pc + 4, keys);
                    // Usually one word number per message word; a typo or possessive may stand for two.
                    foreach (var id in message.Ids[index])
                    {
                        var key = IndexOf(firstWords, id);
                        if (key < 0)
                        {
                            continue;
                        }

                        var at = code[pc + 4 + keys + key];
                        var alternatives = code[pc + 4 + (2 * keys) + key];
                        for (var a = 0; a < alternatives; a++)
                        {
                            var length = code[at];
                            if (SequenceAt(message, code.AsSpan(at + 1, length), index, sentence))
                            {
                                var end = Match(message, code, entry, next, index + length, sentence, restrictGaps);
                                if (end >= 0)
                                {
                                    return end;
                                }
                            }

                            at += 1 + length;
                        }
                    }
                }

                var skipped = SkipFiller(message, code, entry, pc, index, sentence, restrictGaps);
                return skipped >= 0 || code[pc + 2] == 0 ? skipped : Match(message, code, entry, next, index, sentence, restrictGaps);

            case Gap:
                // Fewest words first, so a match stays as short as the phrase allows.
                var most = code[pc + 1];
                for (var skip = 0; skip <= most; skip++)
                {
                    if (skip > 0)
                    {
                        var skippedIndex = index + skip - 1;
                        if (!InSentence(message, skippedIndex, sentence) || (restrictGaps && message.StopsGaps[skippedIndex]))
                        {
                            break;
                        }
                    }

                    var end = Match(message, code, entry, pc + 2, index + skip, sentence, restrictGaps);
                    if (end >= 0)
                    {
                        return end;
                    }
                }

                return -1;

            default:
                throw new InvalidOperationException("Unknown phrase instruction.");
        }
    }

    // "can't really feel" is "can't feel": a filler between two words of a phrase is passed over. Never before the
    // first word, so a match does not begin on a filler.
    private static int SkipFiller(MessageWords message, int[] code, int entry, int pc, int index, int sentence, bool restrictGaps) =>
        pc != entry && InSentence(message, index, sentence) && message.Fillers[index]
            ? Match(message, code, entry, pc, index + 1, sentence, restrictGaps)
            : -1;

    private static bool HasAny(int[] ids, ReadOnlySpan<int> words)
    {
        foreach (var id in ids)
        {
            if (IndexOf(words, id) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    // Most places list one to a few words, for which a plain loop beats the vectorised search's set-up.
    private const int FewWords = 8;

    private static int IndexOf(ReadOnlySpan<int> words, int id)
    {
        if (words.Length > FewWords)
        {
            return words.IndexOf(id);
        }

        for (var k = 0; k < words.Length; k++)
        {
            if (words[k] == id)
            {
                return k;
            }
        }

        return -1;
    }

    private static bool SequenceAt(MessageWords message, ReadOnlySpan<int> ids, int index, int sentence)
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

    private static void Emit(PhraseElement[] elements, List<int> code)
    {
        foreach (var element in elements)
        {
            switch (element)
            {
                case WordSlot slot:
                    code.Add(Word);
                    code.Add(slot.Ids.Length);
                    code.AddRange(slot.Ids);
                    break;
                case NumberSlot number:
                    code.AddRange([Number, number.Min, number.Max]);
                    break;
                case BirthYearSlot born:
                    code.AddRange([BirthYear, born.MinAge, born.MaxAge]);
                    break;
                case PastYearSlot:
                    code.Add(PastYear);
                    break;
                case WordGap gap:
                    code.AddRange([Gap, gap.MaxWords]);
                    break;
                case WordGroup group:
                    // The alternatives by first word, in the order the first words and the alternatives are written.
                    var byFirst = group.Alternatives.GroupBy(a => a[0]).ToArray();
                    var at = code.Count;
                    code.AddRange([Group, 0, group.Optional ? 1 : 0, byFirst.Length]);
                    code.AddRange(byFirst.Select(g => g.Key));
                    var starts = code.Count;
                    code.AddRange(new int[byFirst.Length]);
                    code.AddRange(byFirst.Select(g => g.Count()));
                    for (var k = 0; k < byFirst.Length; k++)
                    {
                        code[starts + k] = code.Count;
                        foreach (var alternative in byFirst[k])
                        {
                            code.Add(alternative.Length);
                            code.AddRange(alternative);
                        }
                    }

                    code[at + 1] = code.Count;
                    break;
                default:
                    throw new InvalidOperationException("Unknown phrase element.");
            }
        }

        code.Add(End);
    }

    /// <summary>A sparse map from word number to numbers as offsets (one more than the largest key) and the values in a row.</summary>
    private static (int[] Offsets, int[] Values) Rows(Dictionary<int, List<int>> rows)
    {
        var offsets = new int[(rows.Count == 0 ? 0 : rows.Keys.Max() + 1) + 1];
        foreach (var (key, values) in rows)
        {
            offsets[key + 1] = values.Count;
        }

        for (var k = 1; k < offsets.Length; k++)
        {
            offsets[k] += offsets[k - 1];
        }

        var flat = new int[offsets[^1]];
        foreach (var (key, values) in rows)
        {
            values.CopyTo(flat, offsets[key]);
        }

        return (offsets, flat);
    }

    private static IEnumerable<int[]> RequiredWords(PhraseElement[] elements) =>
        elements
            .Skip(1)
            .Select(e => e switch
            {
                WordSlot slot => slot.Ids,
                WordGroup { Optional: false } group => [.. group.FirstIds],
                _ => null,
            })
            .OfType<int[]>()
            .OrderBy(ids => ids.Length);

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
