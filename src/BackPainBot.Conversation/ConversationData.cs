using BackPainBot.Conversation.Dialogs;
using BackPainBot.Handoffs;
using BackPainBot.Triage;

namespace BackPainBot.Conversation;

/// <summary>Everything the bot remembers about one conversation, saved once at the end of each turn.</summary>
public sealed class ConversationData
{
    /// <summary>Transcript entries kept; older ones are dropped so state stays small.</summary>
    public const int MaxTranscriptEntries = 60;

    /// <summary>Longest patient text kept per transcript entry.</summary>
    public const int MaxTranscriptText = 2000;

    /// <summary>
    /// Longest bot text kept per transcript entry. The bot's words are the clinic's own (cited sections, prompts), so
    /// staff need only enough to follow the conversation, and state read and written every turn stays small.
    /// </summary>
    public const int MaxBotTranscriptText = 280;

    public bool Welcomed { get; set; }

    public List<DialogInstance> DialogStack { get; set; } = [];

    /// <summary>What the patient and the bot said, for the staff handoff; oldest entries dropped past the limits above.</summary>
    /// <remarks>
    /// Hidden from Newtonsoft: Bot Framework's <c>BotState</c> serializes the whole state with Newtonsoft twice per turn
    /// only to hash it for change detection, and the transcript is most of the state and changes on every message turn
    /// anyway. The state is therefore always saved (<c>force: true</c>) and persisted by
    /// <see cref="State.ConversationStateStorage"/>, which uses System.Text.Json and keeps it; a Newtonsoft-based
    /// storage such as <c>MemoryStorage</c> would drop it.
    /// </remarks>
    [Newtonsoft.Json.JsonIgnore]
    public List<TranscriptEntry> Transcript { get; set; } = [];

    /// <summary>The highest level reported in this conversation; it never drops.</summary>
    public TriageLevel Level { get; set; }

    /// <summary>Red-flag codes reported in this conversation, in order of first report.</summary>
    public List<string> Flags { get; set; } = [];

    public List<TriageAuditEntry> TriageAudit { get; set; } = [];

    /// <summary>The handoff recorded for this conversation, which later reports and bookings update.</summary>
    public Guid? HandoffId { get; set; }

    /// <summary>Patient messages received, used to locate triage audit entries in the transcript.</summary>
    public int MessageCount { get; set; }

    /// <summary>Whether the screening questions have been asked in this conversation (they are asked once).</summary>
    public bool Screened { get; set; }

    /// <summary>What to do after the screening questions come back all clear.</summary>
    public ScreeningFollowUp? ScreeningFollowUp { get; set; }

    /// <summary>The question behind a pending "which did you mean?", so "none of these" can pass it to staff.</summary>
    public string? ClarifyingQuestion { get; set; }

    /// <summary>The last question the knowledge base could not answer, for "pass my question to staff".</summary>
    public string? UnansweredQuestion { get; set; }

    /// <summary>The patient's messages so far (as kept in the transcript), oldest first.</summary>
    public List<string> PatientMessages(int max) =>
        Transcript.Where(t => t.From == "patient").Select(t => t.Text).TakeLast(max).ToList();

    /// <summary>
    /// The patient said a symptom has resolved: that flag no longer counts toward the level. Staff keep the handoff
    /// and the audit shows both the report and the resolution.
    /// </summary>
    public void Resolve(string code, IReadOnlyDictionary<string, TriageLevel> levels)
    {
        if (!Flags.Remove(code))
        {
            return;
        }

        Level = Flags.Select(f => levels.GetValueOrDefault(f)).DefaultIfEmpty(TriageLevel.None).Max();
    }
    public void AddToTranscript(DateTimeOffset at, string from, string text)
    {
        var limit = from == "bot" ? MaxBotTranscriptText : MaxTranscriptText;
        var kept = text.Length > limit ? text[..limit] + "…" : text;
        Transcript.Add(new TranscriptEntry(at, from, kept));
        if (Transcript.Count > MaxTranscriptEntries)
        {
            Transcript.RemoveRange(0, Transcript.Count - MaxTranscriptEntries);
        }
    }

    /// <summary>Adds reported red flags; the conversation's level only ever rises.</summary>
    public void Raise(TriageResult triage)
    {
        foreach (var flag in triage.Flags.Where(f => f.Context != MentionContext.Hypothetical))
        {
            if (flag.Level > Level)
            {
                Level = flag.Level;
            }

            if (!Flags.Contains(flag.Code))
            {
                Flags.Add(flag.Code);
            }
        }
    }

    /// <param name="messagesAssessed">How many of the latest patient messages the triage looked at.</param>
    public void Audit(TriageResult triage, int messagesAssessed)
    {
        // Match offsets are relative to one message; the audit names it by its number in the conversation (1-based).
        int MessageNumber(int indexInAssessed) => MessageCount - (messagesAssessed - 1 - indexInAssessed);

        foreach (var flag in triage.Flags)
        {
            TriageAudit.Add(new TriageAuditEntry(flag.Code, MessageNumber(flag.MessageIndex), flag.Start, flag.Length, Decision(flag.Context))
            {
                Source = flag.ModelScore is null ? null : "model",
                Score = flag.ModelScore is { } score ? Math.Round(score, 3) : null,
            });
        }

        foreach (var suppressed in triage.Suppressed)
        {
            TriageAudit.Add(new TriageAuditEntry(
                suppressed.Code, MessageNumber(suppressed.MessageIndex), suppressed.Start, suppressed.Length, suppressed.Reason));
        }
    }

    /// <summary>
    /// Records a screening answer, which has no span in a message of its own: <c>screening-yes</c> (also "not sure"),
    /// <c>screening-no</c>, or <c>screening-unanswered</c> when no answer could be read within the retry limit, which
    /// counts as reported but shows staff that the patient never said yes.
    /// </summary>
    public void AuditScreening(string code, bool reported, bool unanswered = false) =>
        TriageAudit.Add(new TriageAuditEntry(
            code, MessageCount, 0, 0, unanswered ? "screening-unanswered" : reported ? "screening-yes" : "screening-no"));

    private static string Decision(MentionContext context) => context switch
    {
        MentionContext.Hypothetical => "hypothetical",
        MentionContext.OtherPerson => "other-person",
        _ => "reported",
    };
}

/// <summary>After an all-clear screening: <c>book</c>, or <c>answer</c> the question that was asked.</summary>
public sealed record ScreeningFollowUp(string Then, string? Question);
