namespace BackPainBot.Handoffs;

/// <summary>What a staff account may do in the console.</summary>
public static class StaffRoles
{
    /// <summary>Works the queue: claims handoffs, adds notes, moves them on, talks to patients.</summary>
    public const string Staff = "staff";

    /// <summary>Everything staff do, plus who viewed which transcript and the list of accounts.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, for validating input.</summary>
    public static IReadOnlyList<string> All { get; } = [Staff, Admin];

    /// <summary>Whether <paramref name="role"/> is one of <see cref="All"/> (exact, lower case).</summary>
    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}

/// <summary>A clinic staff account for the console. The password is kept only as a salted, iterated hash.</summary>
/// <param name="UserName">Sign-in name, unique ignoring case; shown to colleagues and written in the audit trail.</param>
/// <param name="PasswordHash">ASP.NET Core Identity's hash format (PBKDF2), made by the host.</param>
/// <param name="SecurityStamp">Changes when the password changes or the account is disabled, ending existing sign-ins.</param>
public sealed record StaffUser(
    Guid Id,
    string UserName,
    string Role,
    string PasswordHash,
    string SecurityStamp,
    bool Disabled,
    DateTimeOffset CreatedAt);

/// <summary>Staff accounts, in the same database as the handoffs.</summary>
public interface IStaffUserStore
{
    /// <summary>Adds an account.</summary>
    /// <exception cref="StaffUserExistsException">An account with that name (ignoring case) exists.</exception>
    Task AddAsync(StaffUser user, CancellationToken cancellationToken = default);

    /// <summary>The account with that name, ignoring case; null when there is none.</summary>
    Task<StaffUser?> FindByNameAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>The account with that id; null when there is none.</summary>
    Task<StaffUser?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Every account, by name.</summary>
    Task<IReadOnlyList<StaffUser>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets a new password hash and a new security stamp; false when there is no such account.</summary>
    Task<bool> SetPasswordAsync(string userName, string passwordHash, string securityStamp, CancellationToken cancellationToken = default);

    /// <summary>Replaces the hash only (a stronger hash of the same password), keeping sign-ins; false when unknown.</summary>
    Task<bool> RehashPasswordAsync(Guid id, string passwordHash, CancellationToken cancellationToken = default);

    /// <summary>Disables or enables an account with a new security stamp; false when there is no such account.</summary>
    Task<bool> SetDisabledAsync(string userName, bool disabled, string securityStamp, CancellationToken cancellationToken = default);
}

/// <summary>Thrown when an account name is taken.</summary>
public sealed class StaffUserExistsException(string userName)
    : InvalidOperationException($"A staff account named '{userName}' already exists.");

/// <summary>One entry of a handoff's audit trail.</summary>
/// <param name="Actor">The staff account, <c>bot</c>, or <c>retention</c>.</param>
/// <param name="Kind">One of <see cref="HandoffEventKinds"/>.</param>
/// <param name="Detail">No patient text: a staff name, a count, or the reason for an automatic change.</param>
public sealed record HandoffEvent(
    long Id, Guid HandoffId, DateTimeOffset At, string Actor, string Kind, string? FromStatus, string? ToStatus, string? Detail);

/// <summary>Kinds of <see cref="HandoffEvent"/>.</summary>
public static class HandoffEventKinds
{
    public const string Status = "status";
    public const string Note = "note";
    public const string TakeoverStarted = "takeover-started";
    public const string TakeoverEnded = "takeover-ended";
    public const string TranscriptPurged = "transcript-purged";
}

/// <summary>A staff note on a handoff.</summary>
public sealed record HandoffNote(long Id, Guid HandoffId, DateTimeOffset At, string Author, string Text);

/// <summary>Someone saw a handoff's transcript.</summary>
/// <param name="Via"><c>console</c> or <c>api</c>.</param>
public sealed record TranscriptView(Guid HandoffId, DateTimeOffset At, string Viewer, string Via);

/// <summary>A handoff as the staff queue lists it: everything but the transcript and the triage audit.</summary>
public sealed record HandoffSummary
{
    public required Guid Id { get; init; }

    public required string ConversationId { get; init; }

    public required string Channel { get; init; }

    public required string Level { get; init; }

    public IReadOnlyList<string> Flags { get; init; } = [];

    public ContactDetails? Contact { get; init; }

    public DateTimeOffset? PreferredTime { get; init; }

    /// <summary>As <see cref="Handoff.TimePreference"/>: <c>asap</c>, <c>no-preference</c> or null (not known).</summary>
    public string? TimePreference { get; init; }

    public required string Status { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The staff account working on it; null while it is new.</summary>
    public string? ClaimedBy { get; init; }

    /// <summary>The staff account talking to the patient right now; null when the bot is.</summary>
    public string? TakeoverBy { get; init; }

    /// <summary>Whether staff can join the conversation (a conversation reference is stored).</summary>
    public bool CanTakeOver { get; init; }

    /// <summary>When retention removed the transcript; null while it is kept.</summary>
    public DateTimeOffset? TranscriptPurgedAt { get; init; }

    /// <summary>
    /// How telling staff about it went, as the notification outbox records it: null (not tracked), <c>pending</c>,
    /// <c>delivered</c> or <c>failed</c>. The console flags <c>failed</c>.
    /// </summary>
    public string? NotificationStatus { get; init; }
}

/// <summary>How a status change went.</summary>
public enum TransitionOutcome
{
    Done,
    NotFound,

    /// <summary>The handoff is no longer in the status the caller saw: someone else moved it first.</summary>
    Stale,

    /// <summary>The workflow does not go from that status to that one.</summary>
    NotAllowed,

    /// <summary>Another staff member has claimed it.</summary>
    ClaimedByOther,
}

/// <summary>The outcome of a change, with the handoff as it is now (null when not found).</summary>
public sealed record TransitionResult(TransitionOutcome Outcome, HandoffSummary? Handoff);

/// <summary>The workflow: new, claimed, contacted, then booked or closed. Each change is audited.</summary>
public static class HandoffTransitions
{
    private static readonly Dictionary<string, string[]> _allowed = new(StringComparer.Ordinal)
    {
        [HandoffStatus.New] = [HandoffStatus.Claimed, HandoffStatus.Closed],
        [HandoffStatus.Claimed] = [HandoffStatus.Contacted, HandoffStatus.Booked, HandoffStatus.Closed, HandoffStatus.New],
        [HandoffStatus.Contacted] = [HandoffStatus.Booked, HandoffStatus.Closed],
        [HandoffStatus.Booked] = [HandoffStatus.Closed],
        [HandoffStatus.Closed] = [],
    };

    /// <summary>
    /// Why a transition of <paramref name="current"/> from <paramref name="from"/> to <paramref name="to"/> by
    /// <paramref name="actor"/> must be refused, or <c>null</c> when it may go ahead. Shared by every store, which
    /// calls it with the handoff's row locked.
    /// </summary>
    public static TransitionResult? Refusal(HandoffSummary? current, string from, string to, string actor, bool overrideClaim)
    {
        if (current is null)
        {
            return new TransitionResult(TransitionOutcome.NotFound, null);
        }

        if (!string.Equals(current.Status, from, StringComparison.Ordinal))
        {
            return new TransitionResult(TransitionOutcome.Stale, current);
        }

        if (!IsAllowed(from, to))
        {
            return new TransitionResult(TransitionOutcome.NotAllowed, current);
        }

        if (current.ClaimedBy is { } claimant && !string.Equals(claimant, actor, StringComparison.OrdinalIgnoreCase) && !overrideClaim)
        {
            return new TransitionResult(TransitionOutcome.ClaimedByOther, current);
        }

        return null;
    }

    /// <summary>Who holds the handoff after an allowed transition to <paramref name="to"/> by <paramref name="actor"/>.</summary>
    public static string? ClaimedByAfter(HandoffSummary current, string to, string actor) => to switch
    {
        HandoffStatus.New => null,
        HandoffStatus.Claimed => actor,
        _ => current.ClaimedBy ?? actor,
    };

    /// <summary>
    /// What setting who talks to the patient (<paramref name="staff"/>; null: the bot again) does to
    /// <paramref name="current"/>: refused when there is no such handoff or, when starting, someone already talks to the
    /// patient; nothing to write when ending a takeover there is none of; else the audit entry to write. Shared by every
    /// store, which calls it with the handoff's row locked.
    /// </summary>
    internal static TakeoverChange Takeover(HandoffSummary? current, string? staff)
    {
        if (current is null || (staff is not null && current.TakeoverBy is not null))
        {
            return TakeoverChange.Refused;
        }

        if (staff is null && current.TakeoverBy is null)
        {
            return TakeoverChange.Unchanged;
        }

        return staff is null
            ? new TakeoverChange(true, HandoffEventKinds.TakeoverEnded, current.TakeoverBy)
            : new TakeoverChange(true, HandoffEventKinds.TakeoverStarted, staff);
    }

    /// <summary>Every status, in workflow order.</summary>
    public static IReadOnlyList<string> Statuses { get; } = [.. _allowed.Keys];

    /// <summary>Whether the workflow goes from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(string from, string to) =>
        _allowed.TryGetValue(from, out var next) && next.Contains(to, StringComparer.Ordinal);

    /// <summary>Where a handoff in <paramref name="from"/> may go next.</summary>
    public static IReadOnlyList<string> Next(string from) => _allowed.GetValueOrDefault(from) ?? [];
}

/// <summary>The outcome of <see cref="HandoffTransitions.Takeover"/>.</summary>
/// <param name="Succeeds">What the store's <c>SetTakeoverAsync</c> answers.</param>
/// <param name="EventKind">The audit entry's kind when the takeover changes; null when nothing is written.</param>
/// <param name="Detail">The audit entry's detail: who talks to the patient now, or who stopped.</param>
internal sealed record TakeoverChange(bool Succeeds, string? EventKind, string? Detail)
{
    public static TakeoverChange Refused { get; } = new(false, null, null);

    public static TakeoverChange Unchanged { get; } = new(true, null, null);
}

/// <summary>The console's side of handoffs: queue, status changes, notes, audit, transcript views, takeover, retention.</summary>
public interface IHandoffWorkflow
{
    /// <summary>Open handoffs (all when <paramref name="includeClosed"/>), emergencies first, then oldest first.</summary>
    Task<IReadOnlyList<HandoffSummary>> QueueAsync(bool includeClosed, int limit, CancellationToken cancellationToken = default);

    Task<HandoffSummary?> GetSummaryAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a handoff from <paramref name="from"/> (the status the caller saw) to <paramref name="to"/> and audits it,
    /// in one transaction. Claiming sets the claimant; going back to new releases it. Only the claimant (or
    /// <paramref name="overrideClaim"/>) may move a claimed handoff.
    /// </summary>
    Task<TransitionResult> TransitionAsync(
        Guid id, string from, string to, string actor, bool overrideClaim, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Adds a note and its audit entry; null when the handoff does not exist.</summary>
    Task<HandoffNote?> AddNoteAsync(Guid id, string author, string text, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HandoffNote>> NotesAsync(Guid id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HandoffEvent>> EventsAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="viewer"/> saw these handoffs' transcripts, all or none.</summary>
    Task RecordViewsAsync(IReadOnlyCollection<Guid> ids, string viewer, string via, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Who saw the transcript, newest first.</summary>
    Task<IReadOnlyList<TranscriptView>> ViewsAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Adds one entry to the stored transcript (live takeover messages); false when the handoff does not exist.</summary>
    Task<bool> AppendTranscriptAsync(Guid id, TranscriptEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks <paramref name="staff"/> as talking to the patient (null: the bot again) and audits it. False when the
    /// handoff does not exist or, when starting, someone is already talking to the patient.
    /// </summary>
    Task<bool> SetTakeoverAsync(Guid id, string? staff, string actor, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Handoffs with a live takeover, for resuming them after a restart.</summary>
    Task<IReadOnlyList<HandoffSummary>> TakeoversAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the transcripts (and the question and conversation reference) of handoffs created before
    /// <paramref name="createdBefore"/>, auditing each; returns how many.
    /// </summary>
    Task<int> PurgeTranscriptsAsync(DateTimeOffset createdBefore, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>
/// Staff accounts and the console's workflow, kept together in the provider's database (<see cref="StaffStoreFactory"/>
/// opens the configured one), since the workflow audits its changes with the staff names it is given.
/// </summary>
public interface IStaffStore : IStaffUserStore, IHandoffWorkflow;
