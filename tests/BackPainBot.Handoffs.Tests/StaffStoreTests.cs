using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs.Tests;

public sealed class StaffStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero);

    private readonly InMemoryDatabase _database = new();
    private readonly SqliteHandoffStore _handoffs;
    private readonly SqliteStaffStore _store;

    public StaffStoreTests()
    {
        _handoffs = _database.CreateStore();
        _store = new SqliteStaffStore(_database.ConnectionString);
    }

    public void Dispose()
    {
        _handoffs.Dispose();
        _database.Dispose();
    }

    private static StaffUser User(string name, string role = StaffRoles.Staff) =>
        new(Guid.NewGuid(), name, role, "hash-" + name, "stamp-1", false, Now);

    private async Task<Handoff> SavedAsync(string level = "routine", DateTimeOffset? createdAt = null, string status = HandoffStatus.New)
    {
        var handoff = TestHandoffs.Minimal(level, createdAt) with
        {
            Status = status,
            Transcript = [new TranscriptEntry(Now, "patient", "my back hurts")],
            Question = "Do you treat knees?",
            ConversationReference = "{\"conversation\":{\"id\":\"c1\"}}",
        };
        await _handoffs.SaveAsync(handoff);
        return handoff;
    }

    [Fact]
    public async Task AddAsync_NameTakenIgnoringCase_ThrowsAndKeepsTheFirst()
    {
        await _store.AddAsync(User("Dana"));

        await Assert.ThrowsAsync<StaffUserExistsException>(() => _store.AddAsync(User("dana")));

        Assert.Single(await _store.ListAsync());
    }

    [Fact]
    public async Task FindByNameAsync_OtherCase_FindsTheAccount()
    {
        var user = User("Dana", StaffRoles.Admin);
        await _store.AddAsync(user);

        var found = await _store.FindByNameAsync("DANA");

        Assert.Equal(user, found);
    }

    [Fact]
    public async Task SetPasswordAsync_KnownUser_ReplacesHashAndStamp()
    {
        var user = User("Dana");
        await _store.AddAsync(user);

        Assert.True(await _store.SetPasswordAsync("dana", "new-hash", "stamp-2"));

        var found = await _store.GetAsync(user.Id);
        Assert.Equal(("new-hash", "stamp-2"), (found!.PasswordHash, found.SecurityStamp));
    }

    [Fact]
    public async Task SetDisabledAsync_UnknownUser_ReturnsFalse()
    {
        Assert.False(await _store.SetDisabledAsync("nobody", true, "stamp-2"));
    }

    [Fact]
    public async Task SetDisabledAsync_KnownUser_DisablesWithNewStamp()
    {
        var user = User("Dana");
        await _store.AddAsync(user);

        await _store.SetDisabledAsync("Dana", true, "stamp-2");

        var found = await _store.GetAsync(user.Id);
        Assert.True(found!.Disabled);
        Assert.Equal("stamp-2", found.SecurityStamp);
    }

    [Fact]
    public async Task TransitionAsync_NewToClaimed_SetsClaimantAndAuditsIt()
    {
        var handoff = await SavedAsync();

        var result = await _store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        Assert.Equal(TransitionOutcome.Done, result.Outcome);
        Assert.Equal((HandoffStatus.Claimed, "dana"), (result.Handoff!.Status, result.Handoff.ClaimedBy));
        var audit = Assert.Single(await _store.EventsAsync(handoff.Id));
        Assert.Equal(("dana", HandoffEventKinds.Status, "new", "claimed"), (audit.Actor, audit.Kind, audit.FromStatus, audit.ToStatus));
        Assert.Equal(Now, audit.At);
    }

    [Fact]
    public async Task TransitionAsync_WholeWorkflow_AuditsEveryStepInOrder()
    {
        var handoff = await SavedAsync();
        string[] path = [HandoffStatus.New, HandoffStatus.Claimed, HandoffStatus.Contacted, HandoffStatus.Booked, HandoffStatus.Closed];

        for (var i = 1; i < path.Length; i++)
        {
            var result = await _store.TransitionAsync(handoff.Id, path[i - 1], path[i], "dana", false, Now.AddMinutes(i));
            Assert.Equal(TransitionOutcome.Done, result.Outcome);
        }

        var events = await _store.EventsAsync(handoff.Id);
        Assert.Equal(path[1..], events.Select(e => e.ToStatus));
        Assert.Equal(path[..^1], events.Select(e => e.FromStatus));
        Assert.Equal(HandoffStatus.Closed, (await _handoffs.GetAsync(handoff.Id))!.Status);
    }

    [Fact]
    public async Task TransitionAsync_StatusMovedOnSinceSeen_ReturnsStaleAndChangesNothing()
    {
        var handoff = await SavedAsync();
        await _store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        var result = await _store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "sam", false, Now);

        Assert.Equal(TransitionOutcome.Stale, result.Outcome);
        Assert.Equal("dana", result.Handoff!.ClaimedBy);
        Assert.Single(await _store.EventsAsync(handoff.Id));
    }

    [Theory]
    [InlineData(HandoffStatus.New, HandoffStatus.Booked)]
    [InlineData(HandoffStatus.New, HandoffStatus.Contacted)]
    [InlineData(HandoffStatus.New, HandoffStatus.New)]
    public async Task TransitionAsync_NotInTheWorkflow_ReturnsNotAllowed(string from, string to)
    {
        var handoff = await SavedAsync();

        var result = await _store.TransitionAsync(handoff.Id, from, to, "dana", false, Now);

        Assert.Equal(TransitionOutcome.NotAllowed, result.Outcome);
        Assert.Empty(await _store.EventsAsync(handoff.Id));
    }

    [Fact]
    public async Task TransitionAsync_ClosedHandoff_CannotBeReopened()
    {
        var handoff = await SavedAsync();
        await _store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Closed, "dana", false, Now);

        var result = await _store.TransitionAsync(handoff.Id, HandoffStatus.Closed, HandoffStatus.New, "dana", false, Now);

        Assert.Equal(TransitionOutcome.NotAllowed, result.Outcome);
    }

    [Fact]
    public async Task TransitionAsync_ClaimedBySomeoneElse_RefusedUnlessOverridden()
    {
        var handoff = await SavedAsync();
        await _store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        var refused = await _store.TransitionAsync(handoff.Id, HandoffStatus.Claimed, HandoffStatus.Contacted, "sam", false, Now);
        var overridden = await _store.TransitionAsync(handoff.Id, HandoffStatus.Claimed, HandoffStatus.Contacted, "admin", true, Now);

        Assert.Equal(TransitionOutcome.ClaimedByOther, refused.Outcome);
        Assert.Equal(TransitionOutcome.Done, overridden.Outcome);
        Assert.Equal("dana", overridden.Handoff!.ClaimedBy);
    }

    [Fact]
    public async Task TransitionAsync_Release_ClearsTheClaimant()
    {
        var handoff = await SavedAsync();
        await _store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        var result = await _store.TransitionAsync(handoff.Id, HandoffStatus.Claimed, HandoffStatus.New, "dana", false, Now);

        Assert.Equal((HandoffStatus.New, (string?)null), (result.Handoff!.Status, result.Handoff.ClaimedBy));
    }

    [Fact]
    public async Task TransitionAsync_UnknownHandoff_ReturnsNotFound()
    {
        var result = await _store.TransitionAsync(Guid.NewGuid(), HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        Assert.Equal(TransitionOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task TransitionAsync_AuditWriteFails_ThrowsAndLeavesTheStatusAsItWas()
    {
        var handoff = await SavedAsync();
        _database.Execute("""
            CREATE TRIGGER fail_audit BEFORE INSERT ON handoff_events
            BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END;
            """);

        await Assert.ThrowsAsync<SqliteException>(
            () => _store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now));

        var summary = await _store.GetSummaryAsync(handoff.Id);
        Assert.Equal((HandoffStatus.New, (string?)null), (summary!.Status, summary.ClaimedBy));
    }

    [Fact]
    public async Task SaveAsync_BotSavesAfterStaffClaimed_KeepsTheStaffStatusAndTheReference()
    {
        var handoff = await SavedAsync();
        await _store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        // The bot read the handoff just before the claim and saves it with the status it saw, and no reference.
        await _handoffs.SaveAsync(handoff with { Level = "emergency", ConversationReference = null });

        var saved = await _handoffs.GetAsync(handoff.Id);
        Assert.Equal((HandoffStatus.Claimed, "emergency"), (saved!.Status, saved.Level));
        Assert.Equal(handoff.ConversationReference, saved.ConversationReference);
        Assert.Equal("dana", (await _store.GetSummaryAsync(handoff.Id))!.ClaimedBy);
    }

    [Fact]
    public async Task QueueAsync_MixedLevels_EmergenciesFirstThenOldestAndFinishedOnlyWhenAsked()
    {
        var oldRoutine = await SavedAsync("routine", Now.AddHours(-3));
        var newEmergency = await SavedAsync("emergency", Now.AddHours(-1));
        var oldEmergency = await SavedAsync("emergency", Now.AddHours(-2));
        var closed = await SavedAsync("emergency", Now.AddHours(-4), HandoffStatus.Closed);

        var open = await _store.QueueAsync(includeClosed: false, limit: 10);
        var all = await _store.QueueAsync(includeClosed: true, limit: 10);

        Assert.Equal([oldEmergency.Id, newEmergency.Id, oldRoutine.Id], open.Select(h => h.Id));
        Assert.Equal([oldEmergency.Id, newEmergency.Id, oldRoutine.Id, closed.Id], all.Select(h => h.Id));
        Assert.All(open, h => Assert.True(h.CanTakeOver));
    }

    [Fact]
    public async Task QueueAsync_OneDestinationFailed_ShowsNotificationFailed()
    {
        var handoff = await SavedAsync();
        AddOutboxRow(handoff.Id, "crm", "delivered");
        AddOutboxRow(handoff.Id, "teams", "failed");

        var summary = Assert.Single(await _store.QueueAsync(false, 10));

        Assert.Equal("failed", summary.NotificationStatus);
    }

    [Fact]
    public async Task QueueAsync_NothingQueued_ShowsNoNotificationStatus()
    {
        await SavedAsync();

        var summary = Assert.Single(await _store.QueueAsync(false, 10));

        Assert.Null(summary.NotificationStatus);
    }

    private void AddOutboxRow(Guid handoffId, string destination, string status) =>
        _database.Execute($"""
            INSERT INTO notification_outbox (handoff_id, destination, event, idempotency_key, priority, status,
                                             attempts, next_attempt_at_ticks, created_at)
            VALUES ('{handoffId:D}', '{destination}', 'created', '{handoffId:D}:created:{destination}', 3, '{status}',
                    1, 0, '2026-11-25T17:00:00.0000000+00:00');
            """);

    [Fact]
    public async Task AddNoteAsync_KnownHandoff_KeepsTheNoteAndAuditsIt()
    {
        var handoff = await SavedAsync();

        var note = await _store.AddNoteAsync(handoff.Id, "dana", "Left a voicemail", Now);

        Assert.Equal(note, Assert.Single(await _store.NotesAsync(handoff.Id)));
        Assert.Equal(HandoffEventKinds.Note, Assert.Single(await _store.EventsAsync(handoff.Id)).Kind);
    }

    [Fact]
    public async Task AddNoteAsync_UnknownHandoff_ReturnsNullAndWritesNothing()
    {
        Assert.Null(await _store.AddNoteAsync(Guid.NewGuid(), "dana", "note", Now));
        Assert.Equal(0, _database.Scalar("SELECT COUNT(*) FROM handoff_notes"));
    }

    [Fact]
    public async Task RecordViewsAsync_SeveralHandoffs_RecordsWhoAndWhenForEach()
    {
        var first = await SavedAsync();
        var second = await SavedAsync();

        await _store.RecordViewsAsync([first.Id, second.Id], "dana", "console", Now);
        await _store.RecordViewsAsync([first.Id], "staff-api-key", "api", Now.AddMinutes(1));

        Assert.Equal(
            [new TranscriptView(first.Id, Now.AddMinutes(1), "staff-api-key", "api"), new TranscriptView(first.Id, Now, "dana", "console")],
            await _store.ViewsAsync(first.Id));
        Assert.Single(await _store.ViewsAsync(second.Id));
    }

    [Fact]
    public async Task AppendTranscriptAsync_KnownHandoff_AddsTheLineAtTheEnd()
    {
        var handoff = await SavedAsync();
        var line = new TranscriptEntry(Now.AddMinutes(1), "staff", "Dana: \"hello\" 👋");

        Assert.True(await _store.AppendTranscriptAsync(handoff.Id, line));

        var saved = await _handoffs.GetAsync(handoff.Id);
        Assert.Equal(2, saved!.Transcript.Count);
        Assert.Equal(line, saved.Transcript[^1]);
    }

    [Fact]
    public async Task AppendTranscriptAsync_UnknownHandoff_ReturnsFalse()
    {
        Assert.False(await _store.AppendTranscriptAsync(Guid.NewGuid(), new TranscriptEntry(Now, "staff", "hi")));
    }

    [Fact]
    public async Task SetTakeoverAsync_SomeoneAlreadyInTheChat_ReturnsFalse()
    {
        var handoff = await SavedAsync();
        Assert.True(await _store.SetTakeoverAsync(handoff.Id, "dana", "dana", Now));

        Assert.False(await _store.SetTakeoverAsync(handoff.Id, "sam", "sam", Now));

        Assert.Equal("dana", (await _store.GetSummaryAsync(handoff.Id))!.TakeoverBy);
        Assert.Equal(handoff.Id, Assert.Single(await _store.TakeoversAsync()).Id);
    }

    [Fact]
    public async Task SetTakeoverAsync_StartThenEnd_AuditsBoth()
    {
        var handoff = await SavedAsync();

        await _store.SetTakeoverAsync(handoff.Id, "dana", "dana", Now);
        await _store.SetTakeoverAsync(handoff.Id, null, "dana", Now.AddMinutes(5));

        Assert.Equal(
            [HandoffEventKinds.TakeoverStarted, HandoffEventKinds.TakeoverEnded],
            (await _store.EventsAsync(handoff.Id)).Select(e => e.Kind));
        Assert.Empty(await _store.TakeoversAsync());
    }

    [Fact]
    public async Task PurgeTranscriptsAsync_OlderThanTheCutoff_RemovesTranscriptQuestionAndReferenceOnly()
    {
        var old = await SavedAsync("urgent", Now.AddDays(-91));
        var recent = await SavedAsync("urgent", Now.AddDays(-89));

        var purged = await _store.PurgeTranscriptsAsync(Now.AddDays(-90), Now);

        Assert.Equal(1, purged);
        var cleared = await _handoffs.GetAsync(old.Id);
        Assert.Empty(cleared!.Transcript);
        Assert.Null(cleared.Question);
        Assert.Null(cleared.ConversationReference);
        Assert.Equal(old.Flags, cleared.Flags);
        Assert.Equal(Now, (await _store.GetSummaryAsync(old.Id))!.TranscriptPurgedAt);
        Assert.Equal(HandoffEventKinds.TranscriptPurged, Assert.Single(await _store.EventsAsync(old.Id)).Kind);
        TestHandoffs.AssertSame(recent, await _handoffs.GetAsync(recent.Id));
    }

    [Fact]
    public async Task PurgeTranscriptsAsync_RunTwice_PurgesOnce()
    {
        await SavedAsync("urgent", Now.AddDays(-100));

        await _store.PurgeTranscriptsAsync(Now.AddDays(-90), Now);
        var again = await _store.PurgeTranscriptsAsync(Now.AddDays(-90), Now);

        Assert.Equal(0, again);
    }

    [Fact]
    public async Task PurgeTranscriptsAsync_AuditWriteFails_PurgesNothing()
    {
        var old = await SavedAsync("urgent", Now.AddDays(-100));
        _database.Execute("""
            CREATE TRIGGER fail_audit BEFORE INSERT ON handoff_events
            BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END;
            """);

        await Assert.ThrowsAsync<SqliteException>(() => _store.PurgeTranscriptsAsync(Now.AddDays(-90), Now));

        Assert.Single((await _handoffs.GetAsync(old.Id))!.Transcript);
    }

    [Theory]
    [InlineData("new", "claimed", true)]
    [InlineData("claimed", "contacted", true)]
    [InlineData("contacted", "booked", true)]
    [InlineData("contacted", "closed", true)]
    [InlineData("booked", "closed", true)]
    [InlineData("booked", "new", false)]
    [InlineData("closed", "claimed", false)]
    [InlineData("nonsense", "claimed", false)]
    public void IsAllowed_WorkflowTable_MatchesTheIssue(string from, string to, bool allowed)
    {
        Assert.Equal(allowed, HandoffTransitions.IsAllowed(from, to));
    }
}
