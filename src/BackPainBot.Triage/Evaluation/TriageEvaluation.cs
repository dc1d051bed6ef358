using System.Globalization;
using System.Text;

namespace BackPainBot.Triage;

/// <summary>
/// Runs a triage engine over a labelled evaluation set and reports, per split, what matters for a safety bot:
/// recall per level (under-triage is the failure), false escalations of plain self-care messages, and the confusion
/// matrix. The set's messages are written for the evaluation, never patients' words, so a report may show them.
/// </summary>
public sealed class TriageEvaluation
{
    private readonly ITriageEngine _engine;

    /// <summary>Creates an evaluation of <paramref name="engine"/>.</summary>
    public TriageEvaluation(ITriageEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>Reads the tab-separated evaluation file at <paramref name="path"/> (see <see cref="LabelledMessage.ParseTsv"/>).</summary>
    /// <exception cref="FormatException">A line is malformed; the message gives the file and line.</exception>
    public static IReadOnlyList<LabelledMessage> LoadTsv(string path) => LabelledMessage.ParseTsv(File.ReadAllText(path), path);

    /// <summary>One report per split, in the order the splits first appear.</summary>
    public IReadOnlyList<TriageEvaluationReport> Run(IEnumerable<LabelledMessage> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.GroupBy(r => r.Split, StringComparer.Ordinal).Select(g => Evaluate(g.Key, g))];
    }

    /// <summary>The report for <paramref name="rows"/> under the name <paramref name="split"/>.</summary>
    public TriageEvaluationReport Evaluate(string split, IEnumerable<LabelledMessage> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var outcomes = rows.Select(r => Outcome(r, _engine.Assess(r.Message))).ToList();
        return new TriageEvaluationReport(split, outcomes);
    }

    /// <summary>
    /// The engine's outcome for <paramref name="row"/>, with whether the bot would ask a screening question: only
    /// below urgent, as the conversation asks them, and only for the message alone.
    /// </summary>
    private EvaluationOutcome Outcome(LabelledMessage row, TriageResult result) =>
        new(row, result, screened: result.Level < TriageLevel.Urgent && _engine.NeedsScreening([row.Message]));

    /// <summary>Every report, one after the other, as <see cref="TriageEvaluationReport.Format"/> prints them.</summary>
    public static string Format(IEnumerable<TriageEvaluationReport> reports) =>
        string.Join(Environment.NewLine, reports.Select(r => r.Format()));
}

/// <summary>What the engine made of one labelled message.</summary>
public sealed record EvaluationOutcome
{
    /// <summary>Reads the engine's <paramref name="result"/> for <paramref name="expected"/>.</summary>
    /// <param name="expected">The labelled message.</param>
    /// <param name="result">What the engine made of it.</param>
    /// <param name="screened">Whether the bot would ask a screening question before answering it.</param>
    public EvaluationOutcome(LabelledMessage expected, TriageResult result, bool screened = false)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(result);
        Expected = expected;
        Level = result.Level;
        Context = MainContext(result);
        Codes = [.. result.Flags.Select(f => f.Code).Distinct(StringComparer.Ordinal)];
        IsScreened = screened;
    }

    /// <summary>
    /// True when the message alone would make the bot ask a screening question (back pain with leg symptoms, or a
    /// doubt signal with nothing urgent flagged). A safety net, never counted as recall: the person must say yes.
    /// </summary>
    public bool IsScreened { get; }

    /// <summary>The labelled message.</summary>
    public LabelledMessage Expected { get; }

    /// <summary>The level the engine gave.</summary>
    public TriageLevel Level { get; }

    /// <summary>The context of the flags at that level: reported over other-person over hypothetical; null for none.</summary>
    public MentionContext? Context { get; }

    /// <summary>The codes the engine flagged.</summary>
    public IReadOnlyList<string> Codes { get; }

    /// <summary>True when the engine gave a lower level than expected: the failure that matters.</summary>
    public bool IsUnderTriage => Level < Expected.Level;

    /// <summary>Expected codes the engine did not flag.</summary>
    public IEnumerable<string> MissingCodes => Expected.Codes.Except(Codes, StringComparer.Ordinal);

    /// <summary>What is wrong with it, worst first; null when it is right.</summary>
    public string? Problem =>
        IsUnderTriage ? "under-triage"
        : Level > Expected.Level ? "over-triage"
        : Level != TriageLevel.None && Context != Expected.Context ? "wrong context"
        : MissingCodes.Any() ? "missing code"
        : null;

    private static MentionContext? MainContext(TriageResult result)
    {
        if (result.Flags.Count == 0)
        {
            return null;
        }

        var top = result.Flags.Where(f => f.Level == result.Level).Select(f => f.Context).ToList();
        return top.Contains(MentionContext.Reported) ? MentionContext.Reported
            : top.Contains(MentionContext.OtherPerson) ? MentionContext.OtherPerson
            : MentionContext.Hypothetical;
    }
}

/// <summary>A count out of a total, e.g. 39 of 40 emergencies caught.</summary>
public readonly record struct Rate(int Count, int Total)
{
    /// <summary>Count divided by total; 1 when the total is 0 (nothing to get wrong).</summary>
    public double Value => Total == 0 ? 1 : (double)Count / Total;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Count}/{Total} {Value * 100:0.0}%");
}

/// <summary>The pass marks of issue 4 for one split of the evaluation set.</summary>
/// <param name="EmergencyRecall">Least share of emergencies that must come out as emergencies.</param>
/// <param name="UrgentRecall">Least share of urgent messages that must come out urgent or higher.</param>
/// <param name="RoutineRecall">Least share of routine messages that must come out routine or higher.</param>
/// <param name="MaxFalseEscalationRate">Most share of plain self-care messages that may get any level.</param>
public sealed record TriageEvaluationTargets(double EmergencyRecall, double UrgentRecall, double RoutineRecall, double MaxFalseEscalationRate)
{
    /// <summary>Emergency recall 100%, urgent and routine recall at least 98%, false escalations at most 2%.</summary>
    public static TriageEvaluationTargets Issue4 { get; } = new(1.0, 0.98, 0.98, 0.02);
}

/// <summary>The evaluation of one split.</summary>
public sealed class TriageEvaluationReport
{
    private static readonly TriageLevel[] Levels = [TriageLevel.None, TriageLevel.Routine, TriageLevel.Urgent, TriageLevel.Emergency];

    /// <summary>Computes the report from the outcomes of <paramref name="split"/>.</summary>
    public TriageEvaluationReport(string split, IReadOnlyList<EvaluationOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        Split = split;
        Outcomes = outcomes;
        var matrix = new int[Levels.Length][];
        for (var i = 0; i < Levels.Length; i++)
        {
            matrix[i] = new int[Levels.Length];
        }

        foreach (var outcome in outcomes)
        {
            matrix[(int)outcome.Expected.Level][(int)outcome.Level]++;
        }

        ConfusionMatrix = matrix;
        Recall = new Dictionary<TriageLevel, Rate>
        {
            [TriageLevel.Emergency] = RecallOf(TriageLevel.Emergency),
            [TriageLevel.Urgent] = RecallOf(TriageLevel.Urgent),
            [TriageLevel.Routine] = RecallOf(TriageLevel.Routine),
        };
        ExactLevel = new Rate(outcomes.Count(o => o.Level == o.Expected.Level), outcomes.Count);
        var selfCare = outcomes.Where(o => o.Expected.Level == TriageLevel.None).ToList();
        FalseEscalations = new Rate(selfCare.Count(o => o.Level != TriageLevel.None), selfCare.Count);
        var rightLevel = outcomes.Where(o => o.Expected.Level != TriageLevel.None && o.Level == o.Expected.Level).ToList();
        ContextAccuracy = new Rate(rightLevel.Count(o => o.Context == o.Expected.Context), rightLevel.Count);
        CodeRecall = new Rate(
            outcomes.Sum(o => o.Expected.Codes.Count - o.MissingCodes.Count()),
            outcomes.Sum(o => o.Expected.Codes.Count));
        MissedButScreened = new Dictionary<TriageLevel, Rate>
        {
            [TriageLevel.Emergency] = MissedButScreenedOf(TriageLevel.Emergency),
            [TriageLevel.Urgent] = MissedButScreenedOf(TriageLevel.Urgent),
        };
        NoneScreened = new Rate(selfCare.Count(o => o.IsScreened), selfCare.Count);
        Misses = [.. outcomes.Where(o => o.Problem is not null).OrderByDescending(o => o.IsUnderTriage).ThenBy(o => o.Expected.Line)];
    }

    /// <summary>The split's name (tune, heldout).</summary>
    public string Split { get; }

    /// <summary>Every message with the engine's outcome, in file order.</summary>
    public IReadOnlyList<EvaluationOutcome> Outcomes { get; }

    /// <summary>
    /// For emergency, urgent and routine: of the messages expected at that level, how many got at least that level.
    /// </summary>
    public IReadOnlyDictionary<TriageLevel, Rate> Recall { get; }

    /// <summary>Messages given exactly the expected level.</summary>
    public Rate ExactLevel { get; }

    /// <summary>Messages expected to raise nothing (plain self-care, chit-chat, denied or past symptoms) that got a level.</summary>
    public Rate FalseEscalations { get; }

    /// <summary>
    /// For emergency and urgent: of the under-triaged messages expected at that level, how many would at least be asked
    /// a screening question. Never part of recall: a screening question only helps if the person answers yes.
    /// </summary>
    public IReadOnlyDictionary<TriageLevel, Rate> MissedButScreened { get; }

    /// <summary>Messages expected to raise nothing that would be asked a screening question: the cost of asking.</summary>
    public Rate NoneScreened { get; }

    /// <summary>Of the messages given the right level above none, how many also got the expected context.</summary>
    public Rate ContextAccuracy { get; }

    /// <summary>Expected codes found among the flags.</summary>
    public Rate CodeRecall { get; }

    /// <summary>Counts indexed [expected level][level given], both by <see cref="TriageLevel"/> value (none = 0).</summary>
    public IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; }

    /// <summary>Messages with any problem: under-triage first, then over-triage, wrong context and missing codes.</summary>
    public IReadOnlyList<EvaluationOutcome> Misses { get; }

    /// <summary>The targets this split misses, each in words; empty when it meets them all.</summary>
    public IReadOnlyList<string> CheckTargets(TriageEvaluationTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var failures = new List<string>();
        Check(TriageLevel.Emergency, targets.EmergencyRecall);
        Check(TriageLevel.Urgent, targets.UrgentRecall);
        Check(TriageLevel.Routine, targets.RoutineRecall);
        if (FalseEscalations.Value > targets.MaxFalseEscalationRate)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Split}: false escalations {FalseEscalations}, allowed at most {targets.MaxFalseEscalationRate * 100:0.#}%"));
        }

        return failures;

        void Check(TriageLevel level, double target)
        {
            if (Recall[level].Value < target)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Split}: {LabelledMessage.LevelName(level)} recall {Recall[level]}, needs at least {target * 100:0.#}%"));
            }
        }
    }

    /// <summary>The report as plain text: rates, the confusion matrix, then each miss with its message.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Triage evaluation, split '{Split}': {Outcomes.Count} messages");
        text.AppendLine(CultureInfo.InvariantCulture, $"  recall emergency          {Recall[TriageLevel.Emergency]}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  recall urgent             {Recall[TriageLevel.Urgent]}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  recall routine            {Recall[TriageLevel.Routine]}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  false escalations (none)  {FalseEscalations}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  missed but screened       emergency {Plain(MissedButScreened[TriageLevel.Emergency])}, urgent {Plain(MissedButScreened[TriageLevel.Urgent])} (not recall)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  none rows screened        {NoneScreened}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  exact level               {ExactLevel}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  context at right level    {ContextAccuracy}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  expected codes found      {CodeRecall}");
        text.AppendLine("  confusion (rows: expected, columns: given)");
        text.Append("    expected \\ given");
        foreach (var level in Levels)
        {
            text.Append(CultureInfo.InvariantCulture, $"{LabelledMessage.LevelName(level),11}");
        }

        text.AppendLine();
        foreach (var expected in Levels)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {LabelledMessage.LevelName(expected),-17}");
            foreach (var given in Levels)
            {
                text.Append(CultureInfo.InvariantCulture, $"{ConfusionMatrix[(int)expected][(int)given],11}");
            }

            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  misses: {Misses.Count}");
        foreach (var miss in Misses)
        {
            var expected = miss.Expected;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"    line {expected.Line} {miss.Problem}: expected {Describe(expected.Level, expected.Context, expected.Codes)}, " +
                $"got {Describe(miss.Level, miss.Context, miss.Codes)}: \"{expected.Message}\"");
        }

        return text.ToString();
    }

    private static string Describe(TriageLevel level, MentionContext? context, IReadOnlyList<string> codes) =>
        level == TriageLevel.None && codes.Count == 0
            ? "none"
            : $"{LabelledMessage.LevelName(level)}/{LabelledMessage.ContextName(context)} [{string.Join(",", codes)}]";

    private static string Plain(Rate rate) => $"{rate.Count}/{rate.Total}";

    private Rate MissedButScreenedOf(TriageLevel level)
    {
        var missed = Outcomes.Where(o => o.Expected.Level == level && o.IsUnderTriage).ToList();
        return new Rate(missed.Count(o => o.IsScreened), missed.Count);
    }

    private Rate RecallOf(TriageLevel level)
    {
        var expected = Outcomes.Where(o => o.Expected.Level == level).ToList();
        return new Rate(expected.Count(o => o.Level >= level), expected.Count);
    }
}
