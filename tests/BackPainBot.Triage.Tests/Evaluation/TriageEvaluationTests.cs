namespace BackPainBot.Triage.Tests.Evaluation;

/// <summary>How the evaluation reads its file and counts: recall, false escalations, the confusion matrix.</summary>
public sealed class TriageEvaluationTests
{
    private static readonly RedFlagRule Emergency = new("both-legs", TriageLevel.Emergency, "c", "a 911");
    private static readonly RedFlagRule Urgent = new("fever-infection", TriageLevel.Urgent, "c", "a");
    private static readonly RedFlagRule Routine = new("numbness", TriageLevel.Routine, "c", "a");

    private const string Set = """
        # a comment
        split	level	context	codes	message
        t	emergency	reported	both-legs	legs weak
        t	emergency	reported	both-legs	legs numb
        t	urgent	reported	fever-infection	fever
        t	routine	hypothetical	numbness	what if numb
        t	none	-	-	shoes
        t	none	-	-	stretches
        h	none	-	-	hello
        """;

    [Fact]
    public void ParseTsv_ValidFile_ReadsRowsWithLineNumbers()
    {
        var rows = LabelledMessage.ParseTsv(Set);

        Assert.Equal(7, rows.Count);
        var row = rows[3];
        Assert.Equal(("t", TriageLevel.Routine, MentionContext.Hypothetical, "what if numb", 6), (row.Split, row.Level, row.Context, row.Message, row.Line));
        Assert.Equal(["numbness"], row.Codes);
        Assert.Null(rows[4].Context);
        Assert.Empty(rows[4].Codes);
    }

    [Theory]
    [InlineData("t\tsevere\treported\tx\tmsg", "line 1: unknown level 'severe'")]
    [InlineData("t\turgent\tself\tx\tmsg", "line 1: unknown context 'self'")]
    [InlineData("t\turgent\treported\tx", "line 1: expected 5 tab-separated columns")]
    [InlineData("t\tnone\treported\t-\tmsg", "line 1: the context must be - exactly when the level is none")]
    [InlineData("t\turgent\treported\t-\tmsg", "line 1: a message with a level needs at least one expected code")]
    [InlineData("t\turgent\treported\tx\t ", "line 1: the message is empty")]
    public void ParseTsv_BadLine_NamesTheLineAndTheProblem(string line, string problem)
    {
        var ex = Assert.Throws<FormatException>(() => LabelledMessage.ParseTsv(line, "eval.tsv"));

        Assert.Contains("eval.tsv " + problem, ex.Message);
    }

    [Fact]
    public void Run_OneReportPerSplit_InFileOrder()
    {
        var reports = new TriageEvaluation(Fake()).Run(LabelledMessage.ParseTsv(Set));

        Assert.Equal(["t", "h"], reports.Select(r => r.Split));
    }

    [Fact]
    public void Evaluate_MixedOutcomes_CountsRecallAsAtLeastTheExpectedLevel()
    {
        var report = Report();

        // One emergency caught, one under-triaged to urgent; the urgent one over-triaged still counts as caught.
        Assert.Equal(new Rate(1, 2), report.Recall[TriageLevel.Emergency]);
        Assert.Equal(new Rate(1, 1), report.Recall[TriageLevel.Urgent]);
        Assert.Equal(new Rate(1, 1), report.Recall[TriageLevel.Routine]);
        Assert.Equal(new Rate(1, 2), report.FalseEscalations);
        Assert.Equal(new Rate(3, 6), report.ExactLevel);
    }

    [Fact]
    public void Evaluate_MixedOutcomes_FillsTheConfusionMatrixByExpectedThenGiven()
    {
        var matrix = Report().ConfusionMatrix;

        Assert.Equal([1, 1, 0, 0], matrix[(int)TriageLevel.None]);
        Assert.Equal([0, 1, 0, 0], matrix[(int)TriageLevel.Routine]);
        Assert.Equal([0, 0, 0, 1], matrix[(int)TriageLevel.Urgent]);
        Assert.Equal([0, 0, 1, 1], matrix[(int)TriageLevel.Emergency]);
    }

    [Fact]
    public void Evaluate_MixedOutcomes_ListsUnderTriageFirst()
    {
        var misses = Report().Misses;

        Assert.Equal(["under-triage", "over-triage", "over-triage"], misses.Select(m => m.Problem));
        Assert.Equal("legs numb", misses[0].Expected.Message);
    }

    [Fact]
    public void Evaluate_HypotheticalExpectedButReported_IsAWrongContextMiss()
    {
        var rows = LabelledMessage.ParseTsv("t\troutine\thypothetical\tnumbness\twhat if numb");
        var engine = Fake(("what if numb", Routine, MentionContext.Reported));

        var miss = Assert.Single(new TriageEvaluation(engine).Evaluate("t", rows).Misses);

        Assert.Equal("wrong context", miss.Problem);
    }

    [Fact]
    public void CheckTargets_MissedEmergencyAndFalseEscalation_NamesBoth()
    {
        var failures = Report().CheckTargets(TriageEvaluationTargets.Issue4);

        Assert.Equal(2, failures.Count);
        Assert.Contains("t: emergency recall 1/2 50.0%, needs at least 100%", failures);
        Assert.Contains("t: false escalations 1/2 50.0%, allowed at most 2%", failures);
    }

    [Fact]
    public void Format_Report_ShowsRatesMatrixAndMisses()
    {
        var text = Report().Format();

        Assert.Contains("recall emergency          1/2 50.0%", text);
        Assert.Contains("expected \\ given", text);
        Assert.Contains("line 4 under-triage: expected emergency/reported [both-legs], got urgent/reported [fever-infection]: \"legs numb\"", text);
    }

    private const string ScreeningSet = """
        t	emergency	reported	both-legs	legs weak
        t	emergency	reported	both-legs	leaky
        t	emergency	reported	both-legs	horse
        t	emergency	reported	both-legs	legs numb
        t	urgent	reported	fever-infection	hot
        t	none	-	-	toilet
        t	none	-	-	shoes
        """;

    [Fact]
    public void Evaluate_UnderTriagedButScreened_CountsMissedButScreenedBelowUrgentOnly()
    {
        var report = ScreeningReport();

        // "leaky" is missed and screened; "horse" is missed and not screened; "legs numb" is missed at urgent, where
        // the bot asks no screening question; "legs weak" is caught, so its screening does not count.
        Assert.Equal(new Rate(1, 3), report.MissedButScreened[TriageLevel.Emergency]);
        Assert.Equal(new Rate(1, 1), report.MissedButScreened[TriageLevel.Urgent]);
    }

    [Fact]
    public void Evaluate_ScreenedMessages_NeverCountAsRecall()
    {
        var report = ScreeningReport();

        Assert.Equal(new Rate(1, 4), report.Recall[TriageLevel.Emergency]);
        Assert.Equal(new Rate(0, 1), report.Recall[TriageLevel.Urgent]);
    }

    [Fact]
    public void Evaluate_NoneRowsScreened_CountsTheCostOfAsking()
    {
        var report = ScreeningReport();

        Assert.Equal(new Rate(1, 2), report.NoneScreened);
        Assert.Equal(new Rate(0, 2), report.FalseEscalations);
    }

    [Fact]
    public void Format_ScreenedRows_PrintsTheTwoExtraLines()
    {
        var text = ScreeningReport().Format();

        Assert.Contains("missed but screened       emergency 1/3, urgent 1/1 (not recall)", text);
        Assert.Contains("none rows screened        1/2 50.0%", text);
    }

    private static TriageEvaluationReport ScreeningReport()
    {
        var engine = new FakeEngine(
            new Dictionary<string, TriageResult>
            {
                ["legs weak"] = new([new RedFlagMatch(Emergency, 0, 1, MentionContext.Reported)], []),
                ["legs numb"] = new([new RedFlagMatch(Urgent, 0, 1, MentionContext.Reported)], []),
            },
            screened: ["legs weak", "leaky", "legs numb", "hot", "toilet"]);
        return new TriageEvaluation(engine).Evaluate("t", LabelledMessage.ParseTsv(ScreeningSet));
    }

    private static TriageEvaluationReport Report() =>
        new TriageEvaluation(Fake()).Evaluate("t", LabelledMessage.ParseTsv(Set).Where(r => r.Split == "t"));

    private static FakeEngine Fake() => Fake(
        ("legs weak", Emergency, MentionContext.Reported),
        ("legs numb", Urgent, MentionContext.Reported),
        ("fever", Emergency, MentionContext.Reported),
        ("what if numb", Routine, MentionContext.Hypothetical),
        ("stretches", Routine, MentionContext.Reported));

    private static FakeEngine Fake(params (string Message, RedFlagRule Rule, MentionContext Context)[] answers) =>
        new(answers.ToDictionary(a => a.Message, a => new TriageResult([new RedFlagMatch(a.Rule, 0, 1, a.Context)], [])));

    private sealed class FakeEngine(Dictionary<string, TriageResult> answers, HashSet<string>? screened = null) : ITriageEngine
    {
        public IReadOnlyList<RedFlagRule> Rules => [Emergency, Urgent, Routine];

        public IReadOnlyList<ScreeningQuestion> Screening => [];

        public TriageResult Assess(string message) => answers.GetValueOrDefault(message, TriageResult.Clear);

        public TriageResult AssessConversation(IReadOnlyList<string> patientMessages) => Assess(patientMessages[^1]);

        public bool NeedsScreening(IReadOnlyList<string> patientMessages) => screened?.Contains(patientMessages[^1]) == true;

        public IReadOnlyList<ScreeningQuestion> PendingScreening(IReadOnlyList<string> patientMessages) => [];
    }
}
