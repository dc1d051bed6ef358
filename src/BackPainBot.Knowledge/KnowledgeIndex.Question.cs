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
    /// Reads the question's content words: each position of the analyzed question (with its synonyms, or its typo
    /// correction) and a weight. Known words weigh their IDF; unknown words the IDF of a word in no section; numbers
    /// that match nothing, typos of filler and denied words ("no numbness") weigh nothing.
    /// </summary>
    private (List<QueryWord> Words, bool OutOfScope) ReadQuestion(string question)
    {
        var negated = NegatedSpans.Find(question);
        var positions = new List<(List<string> Terms, string Surface, bool Negated)>();
        using (var stream = _analyzer.GetTokenStream(KnowledgeFields.Text, question))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                // Synonyms stack on the position of the word they replace (increment 0): one word, several ways to match.
                if (increment.PositionIncrement > 0 || positions.Count == 0)
                {
                    if (positions.Count == MaxQueryWords)
                    {
                        break;
                    }

                    var start = Math.Clamp(offset.StartOffset, 0, question.Length);
                    var end = Math.Clamp(offset.EndOffset, start, question.Length);
                    positions.Add(([], question[start..end], NegatedSpans.Contains(negated, start)));
                }

                positions[^1].Terms.Add(term.ToString());
            }

            stream.End();
        }

        var words = new List<QueryWord>(positions.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (terms, surface, isNegated) in positions)
        {
            if (isNegated)
            {
                continue;
            }

            if (terms.Any(_outOfScopeTerms.Contains))
            {
                return ([], true);
            }

            if (Resolve(terms, surface) is { } word && seen.Add(word.Key))
            {
                words.Add(word);
            }
        }

        return (words, false);
    }

    private QueryWord? Resolve(List<string> terms, string surface)
    {
        var known = terms.Where(_terms.DocFreq.ContainsKey).Distinct(StringComparer.Ordinal).ToArray();
        if (known.Length > 0)
        {
            return new QueryWord(known, known.Max(t => Idf(_terms.DocFreq[t])));
        }

        // "300", "2", "10" carry no topic; the mileage or pain score is the conversation layer's business.
        if (surface.All(c => !char.IsLetter(c)))
        {
            return null;
        }

        var word = NormalizeSurface(surface);
        if (_typos.TryCorrect(word, out var corrected))
        {
            return corrected.Length == 0 ? null : new QueryWord(corrected, corrected.Max(t => Idf(_terms.DocFreq[t])));
        }

        return new QueryWord([], _unknownWeight, Unknown: word);
    }

    private static string NormalizeSurface(string surface)
    {
        var word = surface.ToLowerInvariant().Replace('\u2019', '\'');
        return word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word;
    }

    /// <summary>One content word of the question: the index terms that would match it (none if unknown) and its weight.</summary>
    private sealed record QueryWord(string[] Terms, double Weight, string? Unknown = null)
    {
        /// <summary>Repeating a word must not make it count twice.</summary>
        public string Key => Unknown is null ? string.Join('|', Terms.Order(StringComparer.Ordinal)) : "?" + Unknown;
    }
}
