namespace BackPainBot.Handoffs.Tests;

/// <summary>Sample handoffs and an exact comparison for them.</summary>
internal static class TestHandoffs
{
    public static readonly DateTimeOffset Monday9am = new(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(10));

    public static Handoff Minimal(string level = "routine", DateTimeOffset? createdAt = null) => new()
    {
        Id = Guid.NewGuid(),
        ConversationId = "conv-" + Guid.NewGuid().ToString("N"),
        Channel = "webchat",
        Level = level,
        CreatedAt = createdAt ?? Monday9am,
        UpdatedAt = createdAt ?? Monday9am,
    };

    public static Handoff Full()
    {
        var created = new DateTimeOffset(2025, 3, 10, 9, 15, 30, TimeSpan.FromHours(10)).AddTicks(1234567);
        return new Handoff
        {
            Id = Guid.NewGuid(),
            ConversationId = "a:1x2y3z|livechat",
            Channel = "msteams",
            Level = "emergency",
            Flags = ["cauda-equina", "saddle-anaesthesia"],
            Contact = new ContactDetails("Zoë Ångström-Ñúñez", "+61 400 000 000", "zoe@example.com"),
            PreferredTime = new DateTimeOffset(2025, 3, 11, 14, 30, 0, TimeSpan.FromHours(-5.5)),
            Status = HandoffStatus.Claimed,
            Reason = HandoffReason.Question,
            Question = "Do you treat runners' knees? 🏃",
            CreatedAt = created,
            UpdatedAt = created.AddMinutes(3).ToOffset(TimeSpan.Zero),
            Transcript =
            [
                new TranscriptEntry(created, "patient", "My back hurts 😣 and I can't feel my 🦵 — \"numb\" since 昨天\n\tline two"),
                new TranscriptEntry(created.AddSeconds(2), "bot", "Please call 000 now. Ça va? 👍🏽"),
            ],
            TriageAudit =
            [
                new TriageAuditEntry("cauda-equina", 0, 27, 12, "reported"),
                new TriageAuditEntry("saddle-anaesthesia", 0, 40, 6, "negated"),
            ],
        };
    }

    /// <summary>
    /// Field-by-field equality that also checks offsets: <see cref="DateTimeOffset"/> equality compares instants only,
    /// and list properties compare by reference in the record's own equality.
    /// </summary>
    /// <param name="resolution">
    /// The finest time the store keeps (default one tick): the handoff's own times are expected cut down to it. Times in
    /// the transcript are JSON and always exact.
    /// </param>
    public static void AssertSame(Handoff expected, Handoff? actual, TimeSpan? resolution = null)
    {
        var kept = resolution ?? TimeSpan.FromTicks(1);
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.ConversationId, actual.ConversationId);
        Assert.Equal(expected.Channel, actual.Channel);
        Assert.Equal(expected.Level, actual.Level);
        Assert.Equal(expected.Flags, actual.Flags);
        Assert.Equal(expected.Contact, actual.Contact);
        AssertExact(expected.PreferredTime, actual.PreferredTime, kept);
        Assert.Equal(expected.TimePreference, actual.TimePreference);
        Assert.Equal(expected.Status, actual.Status);
        AssertExact(expected.CreatedAt, actual.CreatedAt, kept);
        AssertExact(expected.UpdatedAt, actual.UpdatedAt, kept);
        Assert.Equal(expected.Transcript.Count, actual.Transcript.Count);
        for (var i = 0; i < expected.Transcript.Count; i++)
        {
            AssertExact(expected.Transcript[i].Timestamp, actual.Transcript[i].Timestamp, TimeSpan.FromTicks(1));
            Assert.Equal(expected.Transcript[i].From, actual.Transcript[i].From);
            Assert.Equal(expected.Transcript[i].Text, actual.Transcript[i].Text);
        }

        Assert.Equal(expected.TriageAudit, actual.TriageAudit);
        Assert.Equal(expected.Reason, actual.Reason);
        Assert.Equal(expected.Question, actual.Question);
    }

    private static void AssertExact(DateTimeOffset? expected, DateTimeOffset? actual, TimeSpan resolution)
    {
        // Offsets are whole minutes, so cutting the local reading cuts the instant by the same amount.
        Assert.Equal(expected?.Ticks - (expected?.Ticks % resolution.Ticks), actual?.Ticks);
        Assert.Equal(expected?.Offset, actual?.Offset);
    }
}
