using BackPainBot.Handoffs.Notifications;
using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs.Tests.Notifications;

public sealed class NotificationOutboxTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestHandoffs.Monday9am;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly InMemoryDatabase _database = new();
    private readonly SqliteHandoffStore _store;
    private readonly SqliteNotificationOutbox _outbox;

    public NotificationOutboxTests()
    {
        _store = _database.CreateStore();
        _outbox = new SqliteNotificationOutbox(_store);
    }

    public void Dispose()
    {
        _store.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task SaveAsync_NewHandoff_WritesOneRowPerDestinationWithStableKey()
    {
        await ConfigureAsync("crm", "pager");
        var handoff = TestHandoffs.Minimal("urgent");

        await _store.SaveAsync(handoff);

        var claimed = await _outbox.ClaimAsync("worker-a", Now, Lease, 10);
        Assert.Equal(["crm", "pager"], claimed.Select(m => m.Destination).Order());
        Assert.All(claimed, m =>
        {
            Assert.Equal(handoff.Id, m.HandoffId);
            Assert.Equal(NotificationEvent.Created, m.Event);
            Assert.Equal($"{handoff.Id:D}:created:{m.Destination}", m.IdempotencyKey);
            Assert.Equal(2, m.Priority);
            Assert.Equal(0, m.Attempts);
        });
    }

    [Fact]
    public async Task SaveAsync_NoDestinationConfigured_WritesNoRow()
    {
        await _store.SaveAsync(TestHandoffs.Minimal());

        Assert.Equal(0, _database.Scalar("SELECT COUNT(*) FROM notification_outbox"));
    }

    [Fact]
    public async Task SaveAsync_HandoffWriteFails_WritesNoOutboxRow()
    {
        await ConfigureAsync("crm");
        _database.Execute("""
            CREATE TRIGGER fail_insert BEFORE INSERT ON handoffs
            BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END;
            """);

        await Assert.ThrowsAsync<SqliteException>(() => _store.SaveAsync(TestHandoffs.Minimal("emergency")));

        Assert.Equal(0, _database.Scalar("SELECT COUNT(*) FROM notification_outbox"));
        Assert.Equal(0, _database.Scalar("SELECT COUNT(*) FROM handoffs"));
    }

    [Fact]
    public async Task SaveAsync_OutboxWriteFails_HandoffIsNotSaved()
    {
        await ConfigureAsync("crm");
        _database.Execute("""
            CREATE TRIGGER fail_outbox BEFORE INSERT ON notification_outbox
            BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END;
            """);
        var handoff = TestHandoffs.Minimal("emergency");

        await Assert.ThrowsAsync<SqliteException>(() => _store.SaveAsync(handoff));

        Assert.Null(await _store.GetAsync(handoff.Id));
    }

    [Fact]
    public async Task SaveAsync_SavedAgainWithoutChange_QueuesNothingNew()
    {
        await ConfigureAsync("crm");
        var handoff = TestHandoffs.Minimal("urgent");
        await _store.SaveAsync(handoff);

        await _store.SaveAsync(handoff with { Flags = ["fever"], UpdatedAt = Now.AddMinutes(1) });

        Assert.Equal(1, _database.Scalar("SELECT COUNT(*) FROM notification_outbox"));
    }

    [Fact]
    public async Task SaveAsync_LevelRises_QueuesEscalationAtTheNewPriority()
    {
        await ConfigureAsync("crm");
        var handoff = TestHandoffs.Minimal("routine");
        await _store.SaveAsync(handoff);

        await _store.SaveAsync(handoff with { Level = "emergency", UpdatedAt = Now.AddMinutes(1) });

        var claimed = await _outbox.ClaimAsync("worker-a", Now.AddMinutes(1), Lease, 10);
        Assert.Equal(["escalated-emergency", "created"], claimed.Select(m => m.Event));
        Assert.Equal(NotificationDestination.EmergencyPriority, claimed[0].Priority);
    }

    [Fact]
    public async Task SaveAsync_PhoneGivenAfterRedFlag_QueuesContactAdded()
    {
        await ConfigureAsync("crm");
        var handoff = TestHandoffs.Minimal("emergency") with { Contact = new ContactDetails("Teams Name", null, null) };
        await _store.SaveAsync(handoff);

        await _store.SaveAsync(handoff with { Contact = new ContactDetails("Jane", "801-555-0100", null), UpdatedAt = Now.AddMinutes(2) });
        await _store.SaveAsync(handoff with { Contact = new ContactDetails("Jane", "801-555-0199", null), UpdatedAt = Now.AddMinutes(3) });

        Assert.Equal(
            ["contact-added", "created"],
            (await _outbox.ClaimAsync("worker-a", Now.AddMinutes(5), Lease, 10)).Select(m => m.Event).Order());
    }

    [Fact]
    public async Task SaveAsync_BelowDestinationMinimumLevel_SkipsThatDestination()
    {
        await _outbox.SyncDestinationsAsync(
            [new NotificationDestination("everything", NotificationDestinationKind.Webhook),
             new NotificationDestination("pager", NotificationDestinationKind.Webhook, "emergency")],
            Now);

        await _store.SaveAsync(TestHandoffs.Minimal("urgent"));
        await _store.SaveAsync(TestHandoffs.Minimal("emergency"));

        var claimed = await _outbox.ClaimAsync("worker-a", Now, Lease, 10);
        Assert.Equal(3, claimed.Count);
        Assert.Equal("emergency", (await _store.GetAsync(Assert.Single(claimed, m => m.Destination == "pager").HandoffId))!.Level);
    }

    [Fact]
    public async Task SaveAsync_NotificationsQueued_RaisesEventAfterCommit()
    {
        await ConfigureAsync("crm", "pager");
        NotificationsQueuedEventArgs? raised = null;
        long rowsWhenRaised = -1;
        _store.NotificationsQueued += (_, e) =>
        {
            raised = e;
            rowsWhenRaised = _database.Scalar("SELECT COUNT(*) FROM notification_outbox");
        };
        var handoff = TestHandoffs.Minimal("emergency");

        await _store.SaveAsync(handoff);

        Assert.NotNull(raised);
        Assert.Equal(handoff.Id, raised.HandoffId);
        Assert.Equal(2, raised.Count);
        Assert.Equal(NotificationDestination.EmergencyPriority, raised.HighestPriority);
        Assert.Equal(2, rowsWhenRaised);
    }

    [Fact]
    public async Task ClaimAsync_EmergencyQueuedLast_IsClaimedFirst()
    {
        await ConfigureAsync("crm");
        var routine = TestHandoffs.Minimal("routine", Now.AddMinutes(-30));
        var urgent = TestHandoffs.Minimal("urgent", Now.AddMinutes(-20));
        var emergency = TestHandoffs.Minimal("emergency", Now);
        foreach (var handoff in new[] { routine, urgent, emergency })
        {
            await _store.SaveAsync(handoff);
        }

        var first = Assert.Single(await _outbox.ClaimAsync("worker-a", Now, Lease, 1));
        var rest = await _outbox.ClaimAsync("worker-a", Now, Lease, 10);

        Assert.Equal(emergency.Id, first.HandoffId);
        Assert.Equal([urgent.Id, routine.Id], rest.Select(m => m.HandoffId));
    }

    [Fact]
    public async Task ClaimAsync_MinimumPriority_ClaimsOnlyEmergencies()
    {
        await ConfigureAsync("crm");
        await _store.SaveAsync(TestHandoffs.Minimal("urgent"));

        Assert.Empty(await _outbox.ClaimAsync("worker-a", Now, Lease, 5, NotificationDestination.EmergencyPriority));
    }

    [Fact]
    public async Task ClaimAsync_LeasedByAnotherWorker_NotClaimedUntilTheLeaseExpires()
    {
        await ConfigureAsync("crm");
        await _store.SaveAsync(TestHandoffs.Minimal());
        var held = Assert.Single(await _outbox.ClaimAsync("crashed-worker", Now, Lease, 10));

        var during = await _outbox.ClaimAsync("worker-b", Now + Lease - TimeSpan.FromSeconds(1), Lease, 10);
        var after = await _outbox.ClaimAsync("worker-b", Now + Lease, Lease, 10);

        Assert.Empty(during);
        Assert.Equal(held.IdempotencyKey, Assert.Single(after).IdempotencyKey);
        Assert.Equal(Now + Lease + Lease, await _outbox.NextDueAsync());
    }

    [Fact]
    public async Task CompleteAsync_LeaseTakenOverByAnotherWorker_ReturnsFalse()
    {
        await ConfigureAsync("crm");
        await _store.SaveAsync(TestHandoffs.Minimal());
        var message = Assert.Single(await _outbox.ClaimAsync("slow-worker", Now, Lease, 10));
        Assert.Single(await _outbox.ClaimAsync("worker-b", Now + Lease, Lease, 10));

        Assert.False(await _outbox.CompleteAsync(message.Id, "slow-worker", Now + Lease, 200));
        Assert.True(await _outbox.CompleteAsync(message.Id, "worker-b", Now + Lease, 200));
    }

    [Fact]
    public async Task RecordFailureAsync_WithRetryTime_PendingAndDueOnlyThen()
    {
        await ConfigureAsync("crm");
        var handoff = TestHandoffs.Minimal();
        await _store.SaveAsync(handoff);
        var message = Assert.Single(await _outbox.ClaimAsync("worker-a", Now, Lease, 10));

        Assert.True(await _outbox.RecordFailureAsync(message.Id, "worker-a", Now, Now.AddSeconds(30), "HTTP 503", 503));

        Assert.Empty(await _outbox.ClaimAsync("worker-a", Now.AddSeconds(29), Lease, 10));
        Assert.Equal(Now.AddSeconds(30), await _outbox.NextDueAsync());
        var retry = Assert.Single(await _outbox.ClaimAsync("worker-b", Now.AddSeconds(30), Lease, 10));
        Assert.Equal(1, retry.Attempts);
        Assert.Equal(message.IdempotencyKey, retry.IdempotencyKey);
        var status = await _outbox.GetStatusAsync(handoff.Id);
        Assert.Equal(NotificationDeliveryStatus.Pending, status!.Status);
        Assert.Equal("crm: HTTP 503", status.LastError);
    }

    [Fact]
    public async Task RecordFailureAsync_NoRetryTime_MarksFailedAndHandoffShowsIt()
    {
        await ConfigureAsync("crm", "pager");
        var handoff = TestHandoffs.Minimal("urgent");
        await _store.SaveAsync(handoff);
        var messages = await _outbox.ClaimAsync("worker-a", Now, Lease, 10);
        await _outbox.CompleteAsync(messages.Single(m => m.Destination == "crm").Id, "worker-a", Now, 204);

        await _outbox.RecordFailureAsync(messages.Single(m => m.Destination == "pager").Id, "worker-a", Now, null, "HTTP 500", 500);

        var status = await _outbox.GetStatusAsync(handoff.Id);
        Assert.NotNull(status);
        Assert.True(status.HasFailed);
        Assert.Equal(NotificationDeliveryStatus.Failed, status.Status);
        Assert.Equal(1, status.Attempts);
        Assert.Equal("pager: HTTP 500", status.LastError);
        Assert.Equal(2, status.Deliveries.Count);
        Assert.Null(await _outbox.NextDueAsync());
    }

    [Fact]
    public async Task RequeueFailedAsync_FailedRow_PendingAgainWithAttemptsReset()
    {
        await ConfigureAsync("crm");
        var handoff = TestHandoffs.Minimal();
        await _store.SaveAsync(handoff);
        var message = Assert.Single(await _outbox.ClaimAsync("worker-a", Now, Lease, 10));
        await _outbox.RecordFailureAsync(message.Id, "worker-a", Now, null, "HTTP 500", 500);

        Assert.Equal(1, await _outbox.RequeueFailedAsync(handoff.Id, Now.AddHours(1)));

        var again = Assert.Single(await _outbox.ClaimAsync("worker-a", Now.AddHours(1), Lease, 10));
        Assert.Equal(0, again.Attempts);
        Assert.Equal(NotificationDeliveryStatus.Pending, (await _outbox.GetStatusAsync(handoff.Id))!.Status);
    }

    [Fact]
    public async Task ReleaseAsync_HeldRow_ClaimableAtOnceWithoutAnAttempt()
    {
        await ConfigureAsync("crm");
        await _store.SaveAsync(TestHandoffs.Minimal());
        var message = Assert.Single(await _outbox.ClaimAsync("stopping-worker", Now, Lease, 10));

        Assert.True(await _outbox.ReleaseAsync(message.Id, "stopping-worker"));

        Assert.Equal(0, Assert.Single(await _outbox.ClaimAsync("next-worker", Now, Lease, 10)).Attempts);
    }

    [Fact]
    public async Task SyncDestinationsAsync_DestinationRemoved_CancelsItsPendingRowsAndQueuesNoMore()
    {
        await ConfigureAsync("crm", "old-pager");
        var handoff = TestHandoffs.Minimal();
        await _store.SaveAsync(handoff);

        await ConfigureAsync("crm");
        await _store.SaveAsync(TestHandoffs.Minimal());

        Assert.Equal(1, _database.Scalar("SELECT COUNT(*) FROM notification_outbox WHERE destination = 'old-pager'"));
        Assert.Equal(
            NotificationDeliveryStatus.Cancelled,
            (await _outbox.GetStatusAsync(handoff.Id))!.Deliveries.Single(d => d.Destination == "old-pager").Status);
        Assert.All(await _outbox.ClaimAsync("worker-a", Now, Lease, 10), m => Assert.Equal("crm", m.Destination));
    }

    [Fact]
    public async Task GetStatusesAsync_SeveralHandoffs_OneEntryPerHandoffWithRows()
    {
        await ConfigureAsync("crm");
        var delivered = TestHandoffs.Minimal();
        var pending = TestHandoffs.Minimal();
        await _store.SaveAsync(delivered);
        await _store.SaveAsync(pending);
        var message = (await _outbox.ClaimAsync("worker-a", Now, Lease, 10)).Single(m => m.HandoffId == delivered.Id);
        await _outbox.CompleteAsync(message.Id, "worker-a", Now.AddSeconds(1), 200);

        var statuses = await _outbox.GetStatusesAsync([delivered.Id, pending.Id, Guid.NewGuid()]);

        Assert.Equal(2, statuses.Count);
        Assert.Equal(NotificationDeliveryStatus.Delivered, statuses[delivered.Id].Status);
        Assert.Equal(Now.AddSeconds(1), statuses[delivered.Id].Deliveries.Single().DeliveredAt);
        Assert.Equal(NotificationDeliveryStatus.Pending, statuses[pending.Id].Status);
    }

    [Fact]
    public async Task MakeDueAsync_RowsWaitingForRetry_DueNow()
    {
        await ConfigureAsync("staff-channel");
        await _store.SaveAsync(TestHandoffs.Minimal());
        var message = Assert.Single(await _outbox.ClaimAsync("worker-a", Now, Lease, 10));
        await _outbox.RecordFailureAsync(message.Id, "worker-a", Now, Now.AddMinutes(10), "no staff channel chosen yet", null);

        Assert.Equal(1, await _outbox.MakeDueAsync("staff-channel", Now.AddSeconds(5)));

        Assert.Single(await _outbox.ClaimAsync("worker-a", Now.AddSeconds(5), Lease, 10));
    }

    [Fact]
    public async Task SaveStaffChannelAsync_ChosenTwice_KeepsTheLatest()
    {
        await _outbox.SaveStaffChannelAsync(new StaffChannel("staff-channel", "{\"a\":1}", "team-1", "19:general", "installation", Now));
        await _outbox.SaveStaffChannelAsync(new StaffChannel("staff-channel", "{\"a\":2}", "team-1", "19:triage", "user-7", Now.AddDays(1)));

        var channel = await _outbox.GetStaffChannelAsync("staff-channel");

        Assert.Equal(new StaffChannel("staff-channel", "{\"a\":2}", "team-1", "19:triage", "user-7", Now.AddDays(1)), channel);
        Assert.Null(await _outbox.GetStaffChannelAsync("other"));
    }

    private Task ConfigureAsync(params string[] names) =>
        _outbox.SyncDestinationsAsync([.. names.Select(n => new NotificationDestination(n, NotificationDestinationKind.Webhook))], Now);
}
