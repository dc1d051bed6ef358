namespace BackPainBot.Handoffs;

/// <summary>How staff can reach the patient. At least one of phone or email is set once a booking is confirmed.</summary>
public sealed record ContactDetails(string? Name, string? Phone, string? Email);

/// <summary>One message of the conversation, kept for staff.</summary>
/// <param name="From"><c>patient</c>, <c>bot</c> or <c>staff</c>.</param>
public sealed record TranscriptEntry(DateTimeOffset Timestamp, string From, string Text);

/// <summary>Audit of one triage decision: which rule, where in which message, and what context decided.</summary>
/// <param name="Decision">
/// <c>reported</c>, <c>hypothetical</c>, <c>other-person</c>, <c>negated</c> or <c>historical</c>; for a screening
/// question, <c>screening-yes</c> (also "not sure"), <c>screening-no</c>, or <c>screening-unanswered</c> (no answer could
/// be read within the prompt's retry limit, so it counts as reported).
/// </param>
public sealed record TriageAuditEntry(string Code, int MessageIndex, int Start, int Length, string Decision)
{
    /// <summary>
    /// <c>model</c> when triage's learned second opinion raised the flag, not a rule (the span is then the sentence that
    /// weighed most); null for a rule's decision.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>The second opinion's probability (0 to 1) when <see cref="Source"/> is <c>model</c>; null otherwise.</summary>
    public double? Score { get; init; }
}

/// <summary>Lifecycle of a handoff.</summary>
public static class HandoffStatus
{
    public const string New = "new";
    public const string Claimed = "claimed";
    public const string Contacted = "contacted";
    public const string Booked = "booked";
    public const string Closed = "closed";
}

/// <summary>Why a handoff was recorded.</summary>
public static class HandoffReason
{
    /// <summary>The patient reported a red-flag symptom.</summary>
    public const string RedFlag = "red-flag";

    /// <summary>The patient asked to book a consultation.</summary>
    public const string Booking = "booking";

    /// <summary>The knowledge base could not answer and the patient asked to pass the question to staff.</summary>
    public const string Question = "question";
}

/// <summary>
/// What the patient said about when to be seen when they gave no date and time (<see cref="Handoff.TimePreference"/>),
/// so staff are never told "as soon as possible" by a patient who left it open, or the other way round.
/// </summary>
public static class TimePreferences
{
    /// <summary>The patient asked to be seen as soon as possible ("asap", "first available").</summary>
    public const string AsSoonAsPossible = "asap";

    /// <summary>
    /// The patient left the time to the clinic: said they had no preference, declined the question, or gave no time the
    /// bot could read within the question's retry limit.
    /// </summary>
    public const string NoPreference = "no-preference";
}

/// <summary>A request for staff to contact a patient: after a red flag, or when the patient asks to book.</summary>
public sealed record Handoff
{
    public required Guid Id { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>Bot Framework channel id (<c>webchat</c>, <c>msteams</c>, <c>directline</c>, ...).</summary>
    public required string Channel { get; init; }

    /// <summary><c>emergency</c>, <c>urgent</c>, <c>routine</c> or <c>none</c> (a plain booking request).</summary>
    public required string Level { get; init; }

    /// <summary>Red-flag rule codes that led here; empty for a plain booking request.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    public ContactDetails? Contact { get; init; }

    /// <summary>When the patient would like to be seen, in the clinic's time zone.</summary>
    public DateTimeOffset? PreferredTime { get; init; }

    /// <summary>
    /// Without a <see cref="PreferredTime"/>: <see cref="TimePreferences.AsSoonAsPossible"/> or
    /// <see cref="TimePreferences.NoPreference"/>. Null when the patient gave a date and time, was never asked (a
    /// red-flag handoff without a booking, or the questions ended before the time), or the handoff was recorded before
    /// this was kept: then nothing is known about the time.
    /// </summary>
    public string? TimePreference { get; init; }

    public string Status { get; init; } = HandoffStatus.New;

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary><see cref="HandoffReason"/>: red-flag, booking or question.</summary>
    public string Reason { get; init; } = HandoffReason.Booking;

    /// <summary>The patient's question for staff, when <see cref="Reason"/> is <c>question</c>.</summary>
    public string? Question { get; init; }

    public IReadOnlyList<TranscriptEntry> Transcript { get; init; } = [];

    public IReadOnlyList<TriageAuditEntry> TriageAudit { get; init; } = [];

    /// <summary>
    /// The Bot Framework conversation reference (JSON) that lets staff reach the patient in the patient's channel during
    /// a live takeover. Kept out of the staff API's JSON: it names the channel's internal addresses. A save without
    /// one keeps the stored reference.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ConversationReference { get; init; }
}

/// <summary>Durable store of handoffs. A completed <see cref="SaveAsync"/> survives a process crash.</summary>
public interface IHandoffStore
{
    /// <summary>Inserts or replaces a handoff atomically: either the whole record is stored or nothing changes.</summary>
    Task SaveAsync(Handoff handoff, CancellationToken cancellationToken = default);

    Task<Handoff?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Handoffs, most urgent first, then oldest first.</summary>
    Task<IReadOnlyList<Handoff>> ListAsync(int limit = 100, CancellationToken cancellationToken = default);
}

/// <summary>Settings for the handoff store (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// Where everything that outlives a process is kept: <c>sqlite</c> (the default: one file under
    /// <see cref="DataDirectory"/>, for a single instance) or <c>postgres</c> (a shared database named by
    /// <see cref="ConnectionString"/>, for several instances behind a load balancer).
    /// </summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The PostgreSQL connection string when <see cref="Provider"/> is <c>postgres</c> (env <c>Storage__ConnectionString</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the database file, relative to the content root; created on first run. Default <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Hours a conversation's bot state (dialog position, recent messages, triage level) is kept after its last turn;
    /// default 24. A patient who comes back later starts a new conversation; their handoff is kept regardless.
    /// </summary>
    public double ConversationIdleHours { get; set; } = 24;
}
