using System.Data.Common;
using BackPainBot.Handoffs.Notifications;
using BackPainBot.Testing;

namespace BackPainBot.Handoffs.Tests;

/// <summary>Staff accounts and the console's workflow, the same on every provider (subclasses below).</summary>
public abstract class StaffStoreTests : ProviderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero);

    private IHandoffStore Handoffs => Database.Handoffs;

    private IStaffStore Store => Database.Staff;

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
        await Handoffs.SaveAsync(handoff);
        return handoff;
    }

    [SkippableFact]
    public async Task AddAsync_NameTakenIgnoringCase_ThrowsAndKeepsTheFirst()
    {
        await Store.AddAsync(User("Dana"));

        await Assert.ThrowsAsync<StaffUserExistsException>(() => Store.AddAsync(User("dana")));

        Assert.Single(await Store.ListAsync());
    }

    [SkippableFact]
    public async Task FindByNameAsync_OtherCase_FindsTheAccount()
    {
        var user = User("Dana", StaffRoles.Admin);
        await Store.AddAsync(user);

        var found = await Store.FindByNameAsync("DANA");

        Assert.Equal(user, found);
    }

    [SkippableFact]
    public async Task SetPasswordAsync_KnownUser_ReplacesHashAndStamp()
    {
        var user = User("Dana");
        await Store.AddAsync(user);

        Assert.True(await Store.SetPasswordAsync("dana", "new-hash", "stamp-2"));

        var found = await Store.GetAsync(user.Id);
        Assert.Equal(("new-hash", "stamp-2"), (found!.PasswordHash, found.SecurityStamp));
    }

    [SkippableFact]
    public async Task SetDisabledAsync_UnknownUser_ReturnsFalse()
    {
        Assert.False(await Store.SetDisabledAsync("nobody", true, "stamp-2"));
    }

    [SkippableFact]
    public async Task SetDisabledAsync_KnownUser_DisablesWithNewStamp()
    {
        var user = User("Dana");
        await Store.AddAsync(user);

        await Store.SetDisabledAsync("Dana", true, "stamp-2");

        var found = await Store.GetAsync(user.Id);
        Assert.True(found!.Disabled);
        Assert.Equal("stamp-2", found.SecurityStamp);
    }

    [SkippableFact]
    public async Task TransitionAsync_NewToClaimed_SetsClaimantAndAuditsIt()
    {
        var handoff = await SavedAsync();

        var result = await Store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        Assert.Equal(TransitionOutcome.Done, result.Outcome);
        Assert.Equal((HandoffStatus.Claimed, "dana"), (result.Handoff!.Status, result.Handoff.ClaimedBy));
        var audit = Assert.Single(await Store.EventsAsync(handoff.Id));
        Assert.Equal(("dana", HandoffEventKinds.Status, "new", "claimed"), (audit.Actor, audit.Kind, audit.FromStatus, audit.ToStatus));
        Assert.Equal(Now, audit.At);
    }

    [SkippableFact]
    public async Task TransitionAsync_WholeWorkflow_AuditsEveryStepInOrder()
    {
        var handoff = await SavedAsync();
        string[] path = [HandoffStatus.New, HandoffStatus.Claimed, HandoffStatus.Contacted, HandoffStatus.Booked, HandoffStatus.Closed];

        for (var i = 1; i < path.Length; i++)
        {
            var result = await Store.TransitionAsync(handoff.Id, path[i - 1], path[i], "dana", false, Now.AddMinutes(i));
            Assert.Equal(TransitionOutcome.Done, result.Outcome);
        }

        var events = await Store.EventsAsync(handoff.Id);
        Assert.Equal(path[1..], events.Select(e => e.ToStatus));
        Assert.Equal(path[..^1], events.Select(e => e.FromStatus));
        Assert.Equal(HandoffStatus.Closed, (await Handoffs.GetAsync(handoff.Id))!.Status);
    }

    [SkippableFact]
    public async Task TransitionAsync_StatusMovedOnSinceSeen_ReturnsStaleAndChangesNothing()
    {
        var handoff = await SavedAsync();
        await Store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        var result = await Store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "sam", false, Now);

        Assert.Equal(TransitionOutcome.Stale, result.Outcome);
        Assert.Equal("dana", result.Handoff!.ClaimedBy);
        Assert.Single(await Store.EventsAsync(handoff.Id));
    }

    [SkippableFact]
    public async Task TransitionAsync_TenStaffClaimAtOnce_OneWinsAndTheRestSeeItStale()
    {
        var handoff = await SavedAsync("emergency");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(
            () => Store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, $"staff-{i}", false, Now))));

        var winner = Assert.Single(results, r => r.Outcome == TransitionOutcome.Done);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(TransitionOutcome.Stale, r.Outcome));
        Assert.Equal(winner.Handoff!.ClaimedBy, Assert.Single(await Store.EventsAsync(handoff.Id)).Actor);
    }

    [SkippableTheory]
    [InlineData(HandoffStatus.New, HandoffStatus.Booked)]
    [InlineData(HandoffStatus.New, HandoffStatus.Contacted)]
    [InlineData(HandoffStatus.New, HandoffStatus.New)]
    public async Task TransitionAsync_NotInTheWorkflow_ReturnsNotAllowed(string from, string to)
    {
        var handoff = await SavedAsync();

        var result = await Store.TransitionAsync(handoff.Id, from, to, "dana", false, Now);

        Assert.Equal(TransitionOutcome.NotAllowed, result.Outcome);
        Assert.Empty(await Store.EventsAsync(handoff.Id));
    }

    [SkippableFact]
    public async Task TransitionAsync_ClosedHandoff_CannotBeReopened()
    {
        var handoff = await SavedAsync();
        await Store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Closed, "dana", false, Now);

        var result = await Store.TransitionAsync(handoff.Id, HandoffStatus.Closed, HandoffStatus.New, "dana", false, Now);

        Assert.Equal(TransitionOutcome.NotAllowed, result.Outcome);
    }

    [SkippableFact]
    public async Task TransitionAsync_ClaimedBySomeoneElse_RefusedUnlessOverridden()
    {
        var handoff = await SavedAsync();
        await Store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        var refused = await Store.TransitionAsync(handoff.Id, HandoffStatus.Claimed, HandoffStatus.Contacted, "sam", false, Now);
        var overridden = await Store.TransitionAsync(handoff.Id, HandoffStatus.Claimed, HandoffStatus.Contacted, "admin", true, Now);

        Assert.Equal(TransitionOutcome.ClaimedByOther, refused.Outcome);
        Assert.Equal(TransitionOutcome.Done, overridden.Outcome);
        Assert.Equal("dana", overridden.Handoff!.ClaimedBy);
    }

    [SkippableFact]
    public async Task TransitionAsync_Release_ClearsTheClaimant()
    {
        var handoff = await SavedAsync();
        await Store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        var result = await Store.TransitionAsync(handoff.Id, HandoffStatus.Claimed, HandoffStatus.New, "dana", false, Now);

        Assert.Equal((HandoffStatus.New, (string?)null), (result.Handoff!.Status, result.Handoff.ClaimedBy));
    }

    [SkippableFact]
    public async Task TransitionAsync_UnknownHandoff_ReturnsNotFound()
    {
        var result = await Store.TransitionAsync(Guid.NewGuid(), HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        Assert.Equal(TransitionOutcome.NotFound, result.Outcome);
    }

    [SkippableFact]
    public async Task TransitionAsync_AuditWriteFails_ThrowsAndLeavesTheStatusAsItWas()
    {
        var handoff = await SavedAsync();
        Database.FailWrites("handoff_events", "INSERT");

        await Assert.ThrowsAnyAsync<DbException>(
            () => Store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now));

        var summary = await Store.GetSummaryAsync(handoff.Id);
        Assert.Equal((HandoffStatus.New, (string?)null), (summary!.Status, summary.ClaimedBy));
    }

    [SkippableFact]
    public async Task SaveAsync_BotSavesAfterStaffClaimed_KeepsTheStaffStatusAndTheReference()
    {
        var handoff = await SavedAsync();
        await Store.TransitionAsync(handoff.Id, HandoffStatus.New, HandoffStatus.Claimed, "dana", false, Now);

        // The bot read the handoff just before the claim and saves it with the status it saw, and no reference.
        await Handoffs.SaveAsync(handoff with { Level = "emergency", ConversationReference = null });

        var saved = await Handoffs.GetAsync(handoff.Id);
        Assert.Equal((HandoffStatus.Claimed, "emergency"), (saved!.Status, saved.Level));
        Assert.Equal(handoff.ConversationReference, saved.ConversationReference);
        Assert.Equal("dana", (await Store.GetSummaryAsync(handoff.Id))!.ClaimedBy);
    }

    [SkippableFact]
    public async Task QueueAsync_MixedLevels_EmergenciesFirstThenOldestAndFinishedOnlyWhenAsked()
    {
        var oldRoutine = await SavedAsync("routine", Now.AddHours(-3));
        var newEmergency = await SavedAsync("emergency", Now.AddHours(-1));
        var oldEmergency = await SavedAsync("emergency", Now.AddHours(-2));
        var closed = await SavedAsync("emergency", Now.AddHours(-4), HandoffStatus.Closed);

        var open = await Store.QueueAsync(includeClosed: false, limit: 10);
        var all = await Store.QueueAsync(includeClosed: true, limit: 10);

        Assert.Equal([oldEmergency.Id, newEmergency.Id, oldRoutine.Id], open.Select(h => h.Id));
        Assert.Equal([oldEmergency.Id, newEmergency.Id, oldRoutine.Id, closed.Id], all.Select(h => h.Id));
        Assert.All(open, h => Assert.True(h.CanTakeOver));
    }

    [SkippableFact]
    public async Task QueueAsync_OneDestinationFailed_ShowsNotificationFailed()
    {
        await Database.Outbox.SyncDestinationsAsync(
            [new NotificationDestination("crm", NotificationDestinationKind.Webhook),
             new NotificationDestination("teams", NotificationDestinationKind.TeamsWebhook)],
            Now);
        await SavedAsync("emergency");
        var rows = await Database.Outbox.ClaimAsync("worker", Now, TimeSpan.FromMinutes(1), 10);
        await Database.Outbox.CompleteAsync(rows.Single(r => r.Destination == "crm").Id, "worker", Now, 200);
        await Database.Outbox.RecordFailureAsync(rows.Single(r => r.Destination == "teams").Id, "worker", Now, null, "HTTP 500", 500);

        var summary = Assert.Single(await Store.QueueAsync(false, 10));

        Assert.Equal("failed", summary.NotificationStatus);
    }

    [SkippableFact]
    public async Task QueueAndSummary_ShowWhatThePatientSaidAboutTheTime()
    {
        var asap = TestHandoffs.Minimal("urgent") with { TimePreference = TimePreferences.AsSoonAsPossible };
        var open = TestHandoffs.Minimal("routine") with { TimePreference = TimePreferences.NoPreference };
        var unknown = TestHandoffs.Minimal("none");
        foreach (var handoff in new[] { asap, open, unknown })
        {
            await Handoffs.SaveAsync(handoff);
        }

        var queue = await Store.QueueAsync(false, 10);

        Assert.Equal(
            [TimePreferences.AsSoonAsPossible, TimePreferences.NoPreference, null],
            queue.Select(h => h.TimePreference));
        Assert.Equal(TimePreferences.NoPreference, (await Store.GetSummaryAsync(open.Id))!.TimePreference);
    }

    [SkippableFact]
    public async Task QueueAsync_NothingQueued_ShowsNoNotificationStatus()
    {
        await SavedAsync();

        var summary = Assert.Single(await Store.QueueAsync(false, 10));

        Assert.Null(summary.NotificationStatus);
    }

    [SkippableFact]
    public async Task AddNoteAsync_KnownHandoff_KeepsTheNoteAndAuditsIt()
    {
        var handoff = await SavedAsync();

        var note = await Store.AddNoteAsync(handoff.Id, "dana", "Left a voicemail", Now);

        Assert.Equal(note, Assert.Single(await Store.NotesAsync(handoff.Id)));
        Assert.Equal(HandoffEventKinds.Note, Assert.Single(await Store.EventsAsync(handoff.Id)).Kind);
    }

    [SkippableFact]
    public async Task AddNoteAsync_UnknownHandoff_ReturnsNullAndWritesNothing()
    {
        Assert.Null(await Store.AddNoteAsync(Guid.NewGuid(), "dana", "note", Now));
        Assert.Equal(0, Database.Scalar("SELECT COUNT(*) FROM handoff_notes"));
    }

    [SkippableFact]
    public async Task RecordViewsAsync_SeveralHandoffs_RecordsWhoAndWhenForEach()
    {
        var first = await SavedAsync();
        var second = await SavedAsync();

        await Store.RecordViewsAsync([first.Id, second.Id], "dana", "console", Now);
        await Store.RecordViewsAsync([first.Id], "staff-api-key", "api", Now.AddMinutes(1));

        Assert.Equal(
            [new TranscriptView(first.Id, Now.AddMinutes(1), "staff-api-key", "api"), new TranscriptView(first.Id, Now, "dana", "console")],
            await Store.ViewsAsync(first.Id));
        Assert.Single(await Store.ViewsAsync(second.Id));
    }

    [SkippableFact]
    public async Task RecordViewsAsync_OneHandoffUnknown_ThrowsAndRecordsNone()
    {
        var known = await SavedAsync();

        await Assert.ThrowsAnyAsync<DbException>(() => Store.RecordViewsAsync([known.Id, Guid.NewGuid()], "dana", "console", Now));

        Assert.Empty(await Store.ViewsAsync(known.Id));
    }

    [SkippableFact]
    public async Task AppendTranscriptAsync_KnownHandoff_AddsTheLineAtTheEnd()
    {
        var handoff = await SavedAsync();
        var line = new TranscriptEntry(Now.AddMinutes(1), "staff", "Dana: \"hello\" 👋");

        Assert.True(await Store.AppendTranscriptAsync(handoff.Id, line));

        var saved = await Handoffs.GetAsync(handoff.Id);
        Assert.Equal(2, saved!.Transcript.Count);
        Assert.Equal(line, saved.Transcript[^1]);
    }

    [SkippableFact]
    public async Task AppendTranscriptAsync_TwentyLinesAtOnce_KeepsEveryLine()
    {
        var handoff = await SavedAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(
            () => Store.AppendTranscriptAsync(handoff.Id, new TranscriptEntry(Now.AddSeconds(i), "staff", $"line {i}")))));

        var saved = await Handoffs.GetAsync(handoff.Id);
        Assert.Equal(21, saved!.Transcript.Count);
        Assert.Equal(20, saved.Transcript.Select(e => e.Text).Where(t => t.StartsWith("line ", StringComparison.Ordinal)).Distinct().Count());
    }

    [SkippableFact]
    public async Task AppendTranscriptAsync_UnknownHandoff_ReturnsFalse()
    {
        Assert.False(await Store.AppendTranscriptAsync(Guid.NewGuid(), new TranscriptEntry(Now, "staff", "hi")));
    }

    [SkippableFact]
    public async Task SetTakeoverAsync_SomeoneAlreadyInTheChat_ReturnsFalse()
    {
        var handoff = await SavedAsync();
        Assert.True(await Store.SetTakeoverAsync(handoff.Id, "dana", "dana", Now));

        Assert.False(await Store.SetTakeoverAsync(handoff.Id, "sam", "sam", Now));

        Assert.Equal("dana", (await Store.GetSummaryAsync(handoff.Id))!.TakeoverBy);
        Assert.Equal(handoff.Id, Assert.Single(await Store.TakeoversAsync()).Id);
    }

    [SkippableFact]
    public async Task SetTakeoverAsync_StartThenEnd_AuditsBoth()
    {
        var handoff = await SavedAsync();

        await Store.SetTakeoverAsync(handoff.Id, "dana", "dana", Now);
        await Store.SetTakeoverAsync(handoff.Id, null, "dana", Now.AddMinutes(5));

        Assert.Equal(
            [HandoffEventKinds.TakeoverStarted, HandoffEventKinds.TakeoverEnded],
            (await Store.EventsAsync(handoff.Id)).Select(e => e.Kind));
        Assert.Empty(await Store.TakeoversAsync());
    }

    [SkippableFact]
    public async Task PurgeTranscriptsAsync_OlderThanTheCutoff_RemovesTranscriptQuestionAndReferenceOnly()
    {
        var old = await SavedAsync("urgent", Now.AddDays(-91));
        var recent = await SavedAsync("urgent", Now.AddDays(-89));

        var purged = await Store.PurgeTranscriptsAsync(Now.AddDays(-90), Now);

        Assert.Equal(1, purged);
        var cleared = await Handoffs.GetAsync(old.Id);
        Assert.Empty(cleared!.Transcript);
        Assert.Null(cleared.Question);
        Assert.Null(cleared.ConversationReference);
        Assert.Equal(old.Flags, cleared.Flags);
        Assert.Equal(Now, (await Store.GetSummaryAsync(old.Id))!.TranscriptPurgedAt);
        Assert.Equal(HandoffEventKinds.TranscriptPurged, Assert.Single(await Store.EventsAsync(old.Id)).Kind);
        TestHandoffs.AssertSame(recent, await Handoffs.GetAsync(recent.Id), Database.TimeResolution);
    }

    [SkippableFact]
    public async Task PurgeTranscriptsAsync_RunTwice_PurgesOnce()
    {
        await SavedAsync("urgent", Now.AddDays(-100));

        await Store.PurgeTranscriptsAsync(Now.AddDays(-90), Now);
        var again = await Store.PurgeTranscriptsAsync(Now.AddDays(-90), Now);

        Assert.Equal(0, again);
    }

    [SkippableFact]
    public async Task PurgeTranscriptsAsync_TwoSweepsAtOnce_PurgeAndAuditEachHandoffOnce()
    {
        for (var i = 0; i < 10; i++)
        {
            await SavedAsync("urgent", Now.AddDays(-100 - i));
        }

        var purged = await Task.WhenAll(
            Task.Run(() => Store.PurgeTranscriptsAsync(Now.AddDays(-90), Now)),
            Task.Run(() => Store.PurgeTranscriptsAsync(Now.AddDays(-90), Now)));

        Assert.Equal(10, purged.Sum());
        Assert.Equal(10, Database.Scalar("SELECT COUNT(*) FROM handoff_events WHERE kind = 'transcript-purged'"));
    }

    [SkippableFact]
    public async Task PurgeTranscriptsAsync_AuditWriteFails_PurgesNothing()
    {
        var old = await SavedAsync("urgent", Now.AddDays(-100));
        Database.FailWrites("handoff_events", "INSERT");

        await Assert.ThrowsAnyAsync<DbException>(() => Store.PurgeTranscriptsAsync(Now.AddDays(-90), Now));

        Assert.Single((await Handoffs.GetAsync(old.Id))!.Transcript);
    }
}

public sealed class SqliteStaffStoreTests : StaffStoreTests
{
    private protected override StoreDatabase Open() => new SqliteStoreDatabase();
}

public sealed class PostgresStaffStoreTests : StaffStoreTests
{
    private protected override StoreDatabase Open()
    {
        PostgresTestServer.SkipIfUnavailable();
        return new PostgresStoreDatabase();
    }
}
