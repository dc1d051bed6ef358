using System.Globalization;
using System.Text;

namespace BackPainBot.Knowledge;

/// <summary>
/// A question with the sections that may answer it, from the evaluation file (tab-separated:
/// <c>split</c>, <c>id</c> or <c>id1|id2</c> or <c>-</c>, <c>question</c>).
/// </summary>
/// <param name="Split">Which part of the set the question is in, e.g. <c>tune</c> (used to choose settings) or <c>heldout</c> (only measured).</param>
/// <param name="ExpectedIds">
/// Section ids that are a right answer; any one of them is a right first answer, and a list is right when every section
/// it lists is one of them. Empty for an out-of-scope question, which the bot should refuse.
/// </param>
/// <param name="Question">The question, written the way patients type.</param>
public sealed record LabelledQuestion(string Split, IReadOnlyList<string> ExpectedIds, string Question)
{
    /// <summary>The split used to choose the threshold and the clarify margin.</summary>
    public const string Tune = "tune";

    /// <summary>The split that is only measured, never tuned on.</summary>
    /// <summary>
    /// Blind batches never tuned on by hand; they choose the settings of the learned second opinion on answers
    /// (<see cref="AnswerOpinionOptions"/>) and are measured.
    /// </summary>
    public const string Validation = "validation";

    public const string Heldout = "heldout";

    /// <summary>1-based line in the file it was read from; 0 when made in code.</summary>
    public int Line { get; init; }

    /// <summary>False for questions the knowledge does not cover (label <c>-</c>).</summary>
    public bool InScope => ExpectedIds.Count > 0;

    /// <summary>
    /// Reads an evaluation file. Blank lines, <c>#</c> comments and a <c>split</c> header line are skipped; any other
    /// malformed line throws <see cref="FormatException"/> naming the file and line.
    /// </summary>
    public static IReadOnlyList<LabelledQuestion> LoadTsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var rows = new List<LabelledQuestion>();
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#') || line.StartsWith("split\t", StringComparison.Ordinal))
            {
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length != 3 || columns[0].Trim().Length == 0 || columns[1].Trim().Length == 0 || columns[2].Trim().Length == 0)
            {
                throw new FormatException($"{path}({i + 1}): expected 'split<TAB>section-id, id1|id2 or -<TAB>question'.");
            }

            var expected = columns[1].Trim() == "-"
                ? []
                : columns[1].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            rows.Add(new LabelledQuestion(columns[0].Trim(), expected, columns[2].Trim()) { Line = i + 1 });
        }

        return rows;
    }
}

/// <summary>A labelled question the search got wrong.</summary>
/// <param name="Question">The labelled question (from the evaluation file, not a patient).</param>
/// <param name="Expected">The acceptable section ids; empty when the question should have been refused.</param>
/// <param name="Got">What the bot would do: a section id, <c>list: a, b</c>, <c>clarify: a, b</c> or <c>no match</c>.</param>
/// <param name="Score">The best hit's calibrated score (0 when there was none).</param>
/// <param name="Line">The question's line in the evaluation file.</param>
public sealed record EvaluationMiss(string Question, IReadOnlyList<string> Expected, string Got, float Score, int Line);

/// <summary>The scores of one split of the evaluation set.</summary>
/// <param name="Split">The split's name.</param>
/// <param name="InScope">How many in-scope questions were asked.</param>
/// <param name="Top1Accuracy">
/// Share of in-scope questions answered right: not refused, and the first section offered (the answer, or the first
/// "did you mean" choice) is acceptable, or every section of a list is.
/// </param>
/// <param name="MeanReciprocalRank">Mean of 1/rank of the first acceptable section in the ranking, threshold aside (0 when absent).</param>
/// <param name="Clarified">In-scope questions that got a "did you mean" instead of an answer.</param>
/// <param name="Listed">In-scope questions that got a list.</param>
/// <param name="OutOfScope">How many out-of-scope questions were asked.</param>
/// <param name="RefusalRate">Share of out-of-scope questions that got <see cref="SearchDecision.NoMatch"/>.</param>
/// <param name="Misses">Every wrong outcome, in file order.</param>
public sealed record SplitEvaluation(
    string Split,
    int InScope,
    double Top1Accuracy,
    double MeanReciprocalRank,
    int Clarified,
    int Listed,
    int OutOfScope,
    double RefusalRate,
    IReadOnlyList<EvaluationMiss> Misses);

/// <summary>The evaluation's result, one entry per split in the order they first appear in the file.</summary>
/// <param name="Splits">Per-split scores and misses.</param>
public sealed record KnowledgeEvaluationReport(IReadOnlyList<SplitEvaluation> Splits)
{
    /// <summary>The scores of one split; throws when the set had no such split.</summary>
    public SplitEvaluation this[string split] =>
        Splits.FirstOrDefault(s => s.Split == split) ?? throw new KeyNotFoundException($"No split '{split}' in the evaluation.");

    /// <summary>A plain-text report: a line of numbers per split, then each split's misses.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        foreach (var s in Splits)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{s.Split}: in-scope {s.InScope}, top-1 {s.Top1Accuracy:P1}, MRR {s.MeanReciprocalRank:F3}, ")
                .Append(CultureInfo.InvariantCulture,
                $"clarified {s.Clarified}, listed {s.Listed}; out-of-scope {s.OutOfScope}, refused {s.RefusalRate:P1}; misses {s.Misses.Count}")
                .AppendLine();
        }

        foreach (var s in Splits.Where(s => s.Misses.Count > 0))
        {
            text.AppendLine().Append(s.Split).AppendLine(" misses:");
            foreach (var miss in s.Misses)
            {
                var expected = miss.Expected.Count == 0 ? "no match" : string.Join('|', miss.Expected);
                text.Append(CultureInfo.InvariantCulture,
                    $"  line {miss.Line}: \"{miss.Question}\" expected {expected}, got {miss.Got} ({miss.Score:F2})").AppendLine();
            }
        }

        return text.ToString();
    }
}

/// <summary>
/// Measures a search against labelled questions: top-1 accuracy, mean reciprocal rank and refusal rate per split, with
/// the list of misses. The host's <c>eval</c> command and the knowledge tests both use it, so the README's numbers and
/// the tests' targets come from the same code.
/// </summary>
public static class KnowledgeEvaluation
{
    /// <summary>How many ranked sections MRR looks at: deeper than the three the bot shows, so a near miss still counts.</summary>
    internal const int RankingDepth = 10;

    /// <summary>Asks every question and scores the decisions.</summary>
    public static KnowledgeEvaluationReport Evaluate(IKnowledgeSearch search, IEnumerable<LabelledQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(search);
        return Evaluate(q => search.Search(q, RankingDepth), questions);
    }

    /// <summary>Scores any search function; the calibration tests pass one with a candidate threshold or margin.</summary>
    internal static KnowledgeEvaluationReport Evaluate(Func<string, SearchResult> search, IEnumerable<LabelledQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var outcomes = questions.Select(q => Outcome.Of(search, q)).ToList();
        var splits = outcomes.Select(o => o.Question.Split).Distinct(StringComparer.Ordinal).ToList();
        return new KnowledgeEvaluationReport(splits.Select(split => Summarize(split, outcomes.Where(o => o.Question.Split == split).ToList())).ToList());
    }

    /// <summary>
    /// The learned second opinion's rules one at a time and together, over a grid of settings, on every split: the
    /// lexical search and the model run once per question, then each setting re-decides. For choosing
    /// <see cref="AnswerOpinionOptions"/> on the validation split (the <c>eval --sweep-second-opinion</c> command).
    /// </summary>
    public static string SweepSecondOpinion(KnowledgeIndex index, IReadOnlyList<LabelledQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(questions);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cache = new Dictionary<string, (SearchResult Result, float[]? P)>(StringComparer.Ordinal);
        foreach (var q in questions)
        {
            cache.TryAdd(q.Question, index.SearchLexical(q.Question, RankingDepth, index.MinScore, index.ClarifyMargin));
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"second opinion trained in {index.ModelTrainingTime?.TotalMilliseconds:0} ms ({index.ModelFeaturizingTime?.TotalMilliseconds:0} ms featurizing); searched in {watch.ElapsedMilliseconds} ms").AppendLine();
        const float Off = 2f;
        var settings = new List<(string Name, AnswerOpinionOptions Options)> { ("off", new AnswerOpinionOptions { AnswerConfidence = Off, RefuseConfidence = Off, ReorderMargin = Off }) };
        float[] grid = [0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.95f];
        settings.AddRange(grid.Select(a => ($"A {a:0.00}", new AnswerOpinionOptions { AnswerConfidence = a, RefuseConfidence = Off, ReorderMargin = Off })));
        settings.AddRange(grid.Select(b => ($"B {b:0.00}", new AnswerOpinionOptions { AnswerConfidence = Off, RefuseConfidence = b, ReorderMargin = Off })));
        float[] margins = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f];
        settings.AddRange(margins.Select(c => ($"C {c:0.00}", new AnswerOpinionOptions { AnswerConfidence = Off, RefuseConfidence = Off, ReorderMargin = c })));
        foreach (var a in (float[])[0.5f, 0.6f, 0.7f, 0.8f])
        {
            foreach (var b in (float[])[0.6f, 0.7f, 0.8f, 0.9f])
            {
                foreach (var c in (float[])[0.3f, 0.5f, 0.7f, Off])
                {
                    settings.Add(($"A {a:0.00} B {b:0.00} C {(c > 1 ? "off" : c.ToString("0.00", CultureInfo.InvariantCulture))}", new AnswerOpinionOptions { AnswerConfidence = a, RefuseConfidence = b, ReorderMargin = c }));
                }
            }
        }

        foreach (var (name, options) in settings)
        {
            var report = Evaluate(
                q =>
                {
                    var (result, p) = cache[q];
                    return p is null ? result : index.Reconsider(result, p, options);
                },
                questions);
            text.Append(CultureInfo.InvariantCulture, $"{name,-24}");
            foreach (var s in report.Splits)
            {
                var inScopeRight = (int)Math.Round(s.Top1Accuracy * s.InScope);
                var refused = (int)Math.Round(s.RefusalRate * s.OutOfScope);
                text.Append(CultureInfo.InvariantCulture, $" | {s.Split} top-1 {inScopeRight}/{s.InScope} {s.Top1Accuracy:P1} MRR {s.MeanReciprocalRank:F3} refused {refused}/{s.OutOfScope} {s.RefusalRate:P1}");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static SplitEvaluation Summarize(string split, List<Outcome> outcomes)
    {
        var inScope = outcomes.Where(o => o.Question.InScope).ToList();
        var outOfScope = outcomes.Where(o => !o.Question.InScope).ToList();
        return new SplitEvaluation(
            split,
            inScope.Count,
            Share(inScope.Count(o => o.Correct), inScope.Count),
            inScope.Count == 0 ? 1 : inScope.Average(o => o.ReciprocalRank),
            inScope.Count(o => o.Result.Decision == SearchDecision.Clarify),
            inScope.Count(o => o.Result.Decision == SearchDecision.List),
            outOfScope.Count,
            Share(outOfScope.Count(o => o.Correct), outOfScope.Count),
            outcomes.Where(o => !o.Correct).Select(o => o.ToMiss()).ToList());
    }

    private static double Share(int count, int total) => total == 0 ? 1 : (double)count / total;

    private sealed record Outcome(LabelledQuestion Question, SearchResult Result, bool Correct, double ReciprocalRank)
    {
        public static Outcome Of(Func<string, SearchResult> search, LabelledQuestion question)
        {
            var result = search(question.Question);
            var expected = question.ExpectedIds;
            bool correct;
            if (!question.InScope)
            {
                correct = result.Decision == SearchDecision.NoMatch;
            }
            else if (result.Decision == SearchDecision.NoMatch)
            {
                correct = false;
            }
            else if (result.Decision == SearchDecision.List)
            {
                correct = result.Selected.All(h => expected.Contains(h.Section.Id, StringComparer.Ordinal));
            }
            else
            {
                correct = expected.Contains(result.Selected[0].Section.Id, StringComparer.Ordinal);
            }

            var ranking = result.Decision == SearchDecision.List ? result.Selected : result.Hits;
            var rank = 1 + ranking.Select(h => h.Section.Id).TakeWhile(id => !expected.Contains(id, StringComparer.Ordinal)).Count();
            var reciprocal = rank <= ranking.Count ? 1.0 / rank : 0;
            return new Outcome(question, result, correct, reciprocal);
        }

        public EvaluationMiss ToMiss()
        {
            var ids = string.Join(", ", Result.Selected.Select(h => h.Section.Id));
            var got = Result.Decision switch
            {
                SearchDecision.Answer => ids,
                SearchDecision.List => "list: " + ids,
                SearchDecision.Clarify => "clarify: " + ids,
                _ => Result.Hits.Count > 0 ? $"no match (best {Result.Hits[0].Section.Id})" : "no match",
            };
            var score = Result.Hits.Count > 0 ? Result.Hits[0].Score : 0f;
            return new EvaluationMiss(Question.Question, Question.ExpectedIds, got, score, Question.Line);
        }
    }
}
