using BackPainBot.Conversation.Dialogs;
using BackPainBot.Handoffs;
using BackPainBot.Triage;

namespace BackPainBot.Conversation;

/// <summary>Everything the bot remembers about one conversation, saved once at the end of each turn.</summary>
public sealed class ConversationData
{
    /// <summary>Transcript entries kept; older ones are dropped so state stays small.</summary>
    public const int MaxTranscriptEntries = 100;

    /// <summary>Longest text kept per transcript entry.</summary>
    public const int MaxTranscriptText = 2000;

    public bool Welcomed { get; set; }

    public List<DialogInstance> DialogStack { get; set; } = [];

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

    public void AddToTranscript(DateTimeOffset at, string from, string text)
    {
        var kept = text.Length > MaxTranscriptText ? text[..MaxTranscriptText] + "…" : text;
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

    public void Audit(TriageResult triage)
    {
        foreach (var flag in triage.Flags)
        {
            TriageAudit.Add(new TriageAuditEntry(flag.Code, MessageCount, flag.Start, flag.Length, Decision(flag.Context)));
        }

        foreach (var suppressed in triage.Suppressed)
        {
            TriageAudit.Add(new TriageAuditEntry(suppressed.Code, MessageCount, suppressed.Start, suppressed.Length, suppressed.Reason));
        }
    }

    private static string Decision(MentionContext context) => context switch
    {
        MentionContext.Hypothetical => "hypothetical",
        MentionContext.OtherPerson => "other-person",
        _ => "reported",
    };
}
