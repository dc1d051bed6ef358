namespace BackPainBot.Triage;

/// <summary>How urgently a person should get care. Ordered: a higher value is more urgent.</summary>
public enum TriageLevel
{
    /// <summary>A self-care question; answer from the knowledge base.</summary>
    None = 0,

    /// <summary>Book a consultation (the article's own advice for nerve symptoms).</summary>
    Routine = 1,

    /// <summary>See a clinician today or within 24-48 hours.</summary>
    Urgent = 2,

    /// <summary>Call 911 or go to an emergency department now.</summary>
    Emergency = 3,
}

/// <summary>Who or when a symptom mention is about, once negated and resolved mentions are set aside.</summary>
public enum MentionContext
{
    /// <summary>The person reports it now (the default when in doubt).</summary>
    Reported,

    /// <summary>"What should I do if I get numbness?": safety information, no staff handoff.</summary>
    Hypothetical,

    /// <summary>"My husband can't control his bladder": the same advice, addressed to that person.</summary>
    OtherPerson,
}

/// <summary>A red-flag rule from the clinic's rule file.</summary>
/// <param name="Code">Stable rule code (e.g. <c>saddle-numbness</c>); the only thing logged about a match.</param>
/// <param name="Level">The urgency this red flag calls for.</param>
/// <param name="Condition">What it may suggest, in plain words, for staff.</param>
/// <param name="Advice">What the bot tells the person.</param>
public sealed record RedFlagRule(string Code, TriageLevel Level, string Condition, string Advice)
{
    /// <summary>
    /// A risk factor, not a symptom (<c>answersQuestion</c> in the rule file; routine rules only): the bot gives the
    /// advice and still answers the question the person asked ("I'm 58, how often should I replace my shoes?"), where a
    /// symptom's advice takes the place of the tips.
    /// </summary>
    public bool AnswersQuestion { get; init; }
}

/// <summary>One red flag found in a message.</summary>
/// <param name="Start">Offset of the matched span in the message (characters).</param>
/// <param name="Length">Length of the matched span (characters).</param>
public sealed record RedFlagMatch(RedFlagRule Rule, int Start, int Length, MentionContext Context)
{
    /// <summary>The rule's code.</summary>
    public string Code => Rule.Code;

    /// <summary>The rule's level.</summary>
    public TriageLevel Level => Rule.Level;

    /// <summary>
    /// Which message <see cref="Start"/> and <see cref="Length"/> point into: an index into the list given to
    /// <see cref="ITriageEngine.AssessConversation"/>; 0 for <see cref="ITriageEngine.Assess"/>.
    /// </summary>
    public int MessageIndex { get; init; }

    /// <summary>
    /// Set when the learned second opinion raised this flag, not a rule: the model's probability (0 to 1). The span is
    /// then the sentence whose words spoke most for the code.
    /// </summary>
    public double? ModelScore { get; init; }
}

/// <summary>A symptom mention that was set aside, kept for the audit trail.</summary>
/// <param name="Reason">
/// Why: <c>negated</c> ("no numbness"), <c>historical</c> ("numbness two years ago") or <c>resolved</c> ("the numbness
/// is gone now"). A resolved mention may name a symptom of an earlier message ("it's gone now").
/// </param>
public sealed record SuppressedMention(string Code, int Start, int Length, string Reason)
{
    /// <summary>Reason for a mention the person denies.</summary>
    public const string Negated = "negated";

    /// <summary>Reason for a mention of something long past.</summary>
    public const string Historical = "historical";

    /// <summary>Reason for a symptom the person says has gone; the conversation decides what that changes.</summary>
    public const string Resolved = "resolved";

    /// <summary>Which message <see cref="Start"/> and <see cref="Length"/> point into, as for <see cref="RedFlagMatch.MessageIndex"/>.</summary>
    public int MessageIndex { get; init; }
}

/// <summary>A question the bot asks directly because patients rarely volunteer the answer.</summary>
/// <param name="Code">The rule code a "yes" reports (e.g. <c>saddle-numbness</c>).</param>
/// <param name="Question">The clinic's wording, plain text.</param>
public sealed record ScreeningQuestion(string Code, string Question);

/// <summary>The outcome of triaging one message.</summary>
public sealed record TriageResult(IReadOnlyList<RedFlagMatch> Flags, IReadOnlyList<SuppressedMention> Suppressed)
{
    public static TriageResult Clear { get; } = new([], []);

    /// <summary>The highest level among the flags; <see cref="TriageLevel.None"/> when there are none.</summary>
    public TriageLevel Level => Flags.Count == 0 ? TriageLevel.None : Flags.Max(f => f.Level);

    /// <summary>True when every flag is hypothetical: give safety information, record no handoff.</summary>
    public bool IsHypotheticalOnly => Flags.Count > 0 && Flags.All(f => f.Context == MentionContext.Hypothetical);

    /// <summary>True when a flag concerns someone other than the person typing.</summary>
    public bool IsAboutSomeoneElse => Flags.Any(f => f.Context == MentionContext.OtherPerson);
}

/// <summary>Checks a message for red flags. Thread-safe; one instance serves all requests.</summary>
public interface ITriageEngine
{
    /// <summary>All rules loaded from the clinic's rule file.</summary>
    IReadOnlyList<RedFlagRule> Rules { get; }

    /// <summary>
    /// The clinic's screening questions (saddle numbness, bladder or bowel change, and those asked only when in doubt:
    /// both legs, an injury), in file order.
    /// </summary>
    IReadOnlyList<ScreeningQuestion> Screening { get; }

    /// <summary>Triages one message on its own.</summary>
    TriageResult Assess(string message);

    /// <summary>
    /// Triages the newest message of a conversation together with the person's earlier messages, so symptoms given
    /// over several messages combine ("my leg is weak" ... "both of them").
    /// </summary>
    /// <param name="patientMessages">The person's messages in this conversation, oldest first; the last one is new.</param>
    /// <returns>
    /// The flags of the newest message and those newly produced by combining it with earlier ones (an earlier
    /// message's own flags are not repeated); suppressed mentions of the newest message, including "it's gone now"
    /// about an earlier message's symptoms. Each item's <c>MessageIndex</c> says which message its offsets point into.
    /// </returns>
    TriageResult AssessConversation(IReadOnlyList<string> patientMessages);

    /// <summary>
    /// True when the conversation so far reports back pain with leg symptoms, or a doubt signal (a broad mention near
    /// an emergency: the toilet, weak legs, a crash) with nothing urgent or worse flagged, and the questions this
    /// prompts have not been answered: none of their red flags reported, and not every question's symptom denied.
    /// </summary>
    bool NeedsScreening(IReadOnlyList<string> patientMessages);

    /// <summary>
    /// The screening questions still worth asking, in file order: empty when <see cref="NeedsScreening"/> is false;
    /// otherwise those prompted (the saddle and bladder questions for back pain with leg symptoms, and those a doubt
    /// signal names) whose symptom the person has not already denied.
    /// </summary>
    IReadOnlyList<ScreeningQuestion> PendingScreening(IReadOnlyList<string> patientMessages);
}

/// <summary>Settings for triage (section <c>Triage</c>).</summary>
public sealed class TriageOptions
{
    public const string SectionName = "Triage";

    /// <summary>Path of the red-flag rule file, relative to the content root. Default <c>knowledge/red-flags.json</c>.</summary>
    public string RulesPath { get; set; } = "knowledge/red-flags.json";

    /// <summary>The learned second opinion, which may raise the rules' level and never lowers it (section <c>Triage:SecondOpinion</c>).</summary>
    public Learned.SecondOpinionOptions SecondOpinion { get; set; } = new();
}

/// <summary>A contact detail or time found in a message.</summary>
public interface IEntityExtractor
{
    /// <summary>A distance in the message converted to miles ("450 miles", "700 km"); null when there is none.</summary>
    double? ExtractMiles(string message);

    /// <summary>How long something has lasted ("for 2 months", "since three weeks"); null when not said.</summary>
    TimeSpan? ExtractDuration(string message);

    /// <summary>A pain score out of ten ("8 out of 10", "7/10", "pain is a 6"); null when not said.</summary>
    int? ExtractPainScore(string message);

    /// <summary>A phone number, digits and an optional leading +; null when there is none.</summary>
    string? ExtractPhone(string message);

    /// <summary>An email address; null when there is none.</summary>
    string? ExtractEmail(string message);

    /// <summary>
    /// A future date and time ("next Tuesday at 3pm", "tomorrow morning") resolved in the clinic's time zone
    /// relative to the injected clock; null when there is none or it is in the past.
    /// </summary>
    DateTimeOffset? ExtractPreferredTime(string message);
}

/// <summary>Clinic-wide settings (section <c>Clinic</c>).</summary>
public sealed class ClinicOptions
{
    public const string SectionName = "Clinic";

    /// <summary>The clinic's name, as said to patients.</summary>
    public string Name { get; set; } = "Pain and Injury Clinic of Utah";

    /// <summary>The clinic's phone number, given when something fails.</summary>
    public string Phone { get; set; } = "(801) 555-0142";

    /// <summary>IANA time zone in which patients' times are resolved. Default <c>America/Denver</c>.</summary>
    public string TimeZone { get; set; } = "America/Denver";
}
