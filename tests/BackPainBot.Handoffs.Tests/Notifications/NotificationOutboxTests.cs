using System.Data.Common;
using BackPainBot.Handoffs.Notifications;
using BackPainBot.Testing;

namespace BackPainBot.Handoffs.Tests.Notifications;

/// <summary>The notification outbox, the same on every provider (subclasses below).</summary>
public abstract class NotificationOutboxTests : ProviderTests
{
    private static readonly DateTimeOffset Now = TestHandoffs.Monday9am;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private IHandoffStore Store => Database.Handoffs;

    private INotificationOutbox Outbox => Database.Outbox;

    [SkippableFact]
    public async Task SaveAsync_NewHandoff_WritesOneRowPerDestinationWithStableKey()
    {
        await ConfigureAsync("crm", "pager");
        var handoff = TestHandoffs.Minimal("urgent");

        await Store.SaveAsync(handoff);

        var claimed = await Outbox.ClaimAsync("worker-a", Now, Lease, 10);
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

    [SkippableFact]
    public async Task SaveAsync_NoDestinationConfigured_WritesNoRow()
    {
        await Store.SaveAsync(TestHandoffs.Minimal());

        Assert.Equal(0, Database.Scalar("SELECT COUNT(*) FROM notification_outbox"));
    }

    [SkippableFact]
    public async Task SaveAsync_HandoffWriteFails_WritesNoOutboxRow()
    {
        await ConfigureAsync("crm");
        Database.FailWrites("handoffs", "INSERT");

        await Assert.ThrowsAnyAsync<DbException>(() => Store.SaveAsync(TestHandoffs.Minimal("emergency")));

        Assert.Equal(0, Database.Scalar("SELECT COUNT(*) FROM notification_outbox"));
        Assert.Equal(0, Database.Scalar("SELECT COUNT(*) FROM handoffs"));
    }

    [SkippableFact]
    public async Task SaveAsync_OutboxWriteFails_HandoffIsNotSaved()
    {
        await ConfigureAsync("crm");
        Database.FailWrites("notification_outbox", "INSERT");
        var handoff = TestHandoffs.Minimal("emergency");

        await Assert.ThrowsAnyAsync<DbException>(() => Store.SaveAsync(handoff));

        Assert.Null(await Store.GetAsync(handoff.Id));
    }

    [SkippableFact]
    public async Task SaveAsync_SavedAgainWithoutChange_QueuesNothingNew()
    {
        await ConfigureAsync("crm");
        var handoff = TestHandoffs.Minimal("urgent");
        await Store.SaveAsync(handoff);

        await Store.SaveAsync(handoff with { Flags = ["fever"], UpdatedAt = Now.AddMinutes(1) });

        Assert.Equal(1, Database.Scalar("SELECT COUNT(*) FROM notification_outbox"));
    }

    [SkippableFact]
    public async Task SaveAsync_LevelRises_QueuesEscalationAtTheNewPriority()
    {
        await ConfigureAsync("crm");
        var handoff = TestHandoffs.Minimal("routine");
        await Store.SaveAsync(handoff);

        await Store.SaveAsync(handoff with { Level = "emergency", UpdatedAt = Now.AddMinutes(1) });

        var claimed = await Outbox.ClaimAsync("worker-a", Now.AddMinutes(1), Lease, 10);
        Assert.Equal(["escalated-emergency", "created"], claimed.Select(m => m.Event));
        Assert.Equal(NotificationDestination.EmergencyPriority, claimed[0].Priority);
    }

    [SkippableFact]
    public async Task SaveAsync_PhoneGivenAfterRedFlag_QueuesContactAdded()
    {
        await ConfigureAsync("crm");
        var handoff = TestHandoffs.Minimal("emergency") with { Contact = new ContactDetails("Teams Name", null, null) };
        await Store.SaveAsync(handoff);

        await Store.SaveAsync(handoff with { Contact = new ContactDetails("Jane", "801-555-0100", null), UpdatedAt = Now.AddMinutes(2) });
        await Store.SaveAsync(handoff with { Contact = new ContactDetails("Jane", "801-555-0199", null), UpdatedAt = Now.AddMinutes(3) });

        Assert.Equal(
            ["contact-added", "created"],
            (await Outbox.ClaimAsync("worker-a", Now.AddMinutes(5), Lease, 10)).Select(m => m.Event).Order());
    }

    [SkippableFact]
    public async Task SaveAsync_BelowDestinationMinimumLevel_SkipsThatDestination()
    {
        await Outbox.SyncDestinationsAsync(
            [new NotificationDestination("everything", NotificationDestinationKind.Webhook),
             new NotificationDestination("pager", NotificationDestinationKind.Webhook, "emergency")],
            Now);

        await Store.SaveAsync(TestHandoffs.Minimal("urgent"));
        await Store.SaveAsync(TestHandoffs.Minimal("emergency"));

        var claimed = await Outbox.ClaimAsync("worker-a", Now, Lease, 10);
        Assert.Equal(3, claimed.Count);
        Assert.Equal("emergency", (await Store.GetAsync(Assert.Single(claimed, m => m.Destination == "pager").HandoffId))!.Level);
    }

    [SkippableFact]
    public async Task SaveAsync_NotificationsQueued_RaisesEventAfterCommit()
    {
        await ConfigureAsync("crm", "pager");
        NotificationsQueuedEventArgs? raised = null;
        long rowsWhenRaised = -1;
        Outbox.NotificationsQueued += (_, e) =>
        {
            raised = e;
            rowsWhenRaised = Database.Scalar("SELECT COUNT(*) FROM notification_outbox");
        };
        var handoff = TestHandoffs.Minimal("emergency");

        await Store.SaveAsync(handoff);

        Assert.NotNull(raised);
        Assert.Equal(handoff.Id, raised.HandoffId);
        Assert.Equal(2, raised.Count);
        Assert.Equal(NotificationDestination.EmergencyPriority, raised.HighestPriority);
        Assert.Equal(2, rowsWhenRaised);
    }

    [SkippableFact]
    public async Task ClaimAsync_EmergencyQueuedLast_IsClaimedFirst()
    {
        await ConfigureAsync("crm");
        var routine = TestHandoffs.Minimal("routine", Now.AddMinutes(-30));
        var urgent = TestHandoffs.Minimal("urgent", Now.AddMinutes(-20));
        var emergency = TestHandoffs.Minimal("emergency", Now);
        foreach (var handoff in new[] { routine, urgent, emergency })
        {
            await Store.SaveAsync(handoff);
        }

        var first = Assert.Single(await Outbox.ClaimAsync("worker-a", Now, Lease, 1));
        var rest = await Outbox.ClaimAsync("worker-a", Now, Lease, 10);

        Assert.Equal(emergency.Id, first.HandoffId);
        Assert.Equal([urgent.Id, routine.Id], rest.Select(m => m.HandoffId));
    }

    [SkippableFact]
    public async Task ClaimAsync_MinimumPriority_ClaimsOnlyEmergencies()
    {
        await ConfigureAsync("crm");
        await Store.SaveAsync(TestHandoffs.Minimal("urgent"));

        Assert.Empty(await Outbox.ClaimAsync("worker-a", Now, Lease, 5, NotificationDestination.EmergencyPriority));
    }

    [SkippableFact]
    public async Task ClaimAsync_LeasedByAnotherWorker_NotClaimedUntilTheLeaseExpires()
    {
        await ConfigureAsync("crm");
        await Store.SaveAsync(TestHandoffs.Minimal());
        var held = Assert.Single(await Outbox.ClaimAsync("crashed-worker", Now, Lease, 10));

        var during = await Outbox.ClaimAsync("worker-b", Now + Lease - TimeSpan.FromSeconds(1), Lease, 10);
        var after = await Outbox.ClaimAsync("worker-b", Now + Lease, Lease, 10);

        Assert.Empty(during);
        Assert.Equal(held.IdempotencyKey, Assert.Single(after).IdempotencyKey);
        Assert.Equal(Now + Lease + Lease, await Outbox.NextDueAsync());
    }

    [SkippableFact]
    public async Task CompleteAsync_LeaseTakenOverByAnotherWorker_ReturnsFalse()
    {
        await ConfigureAsync("crm");
        await Store.SaveAsync(TestHandoffs.Minimal());
        var message = Assert.Single(await Outbox.ClaimAsync("slow-worker", Now, Lease, 10));
        Assert.Single(await Outbox.ClaimAsync("worker-b", Now + Lease, Lease, 10));

        Assert.False(await Outbox.CompleteAsync(message.Id, "slow-worker", Now + Lease, 200));
        Assert.True(await Outbox.CompleteAsync(message.Id, "worker-b", Now + Lease, 200));
    }

    [SkippableFact]
    public async Task RecordFailureAsync_WithRetryTime_PendingAndDueOnlyThen()
    {
        await ConfigureAsync("crm");
        var handoff = TestHandoffs.Minimal();
        await Store.SaveAsync(handoff);
        var message = Assert.Single(await Outbox.ClaimAsync("worker-a", Now, Lease, 10));

        Assert.True(await Outbox.RecordFailureAsync(message.Id, "worker-a", Now, Now.AddSeconds(30), "HTTP 503", 503));

        Assert.Empty(await Outbox.ClaimAsync("worker-a", Now.AddSeconds(29), Lease, 10));
        Assert.Equal(Now.AddSeconds(30), await Outbox.NextDueAsync());
        var retry = Assert.Single(await Outbox.ClaimAsync("worker-b", Now.AddSeconds(30), Lease, 10));
        Assert.Equal(1, retry.Attempts);
        Assert.Equal(message.IdempotencyKey, retry.IdempotencyKey);
        var status = await Outbox.GetStatusAsync(handoff.Id);
        Assert.Equal(NotificationDeliveryStatus.Pending, status!.Status);
        Assert.Equal("crm: HTTP 503", status.LastError);
    }

    [SkippableFact]
    public async Task RecordFailureAsync_NoRetryTime_MarksFailedAndHandoffShowsIt()
    {
        await ConfigureAsync("crm", "pager");
        var handoff = TestHandoffs.Minimal("urgent");
        await Store.SaveAsync(handoff);
        var messages = await Outbox.ClaimAsync("worker-a", Now, Lease, 10);
        await Outbox.CompleteAsync(messages.Single(m => m.Destination == "crm").Id, "worker-a", Now, 204);

        await Outbox.RecordFailureAsync(messages.Single(m => m.Destination == "pager").Id, "worker-a", Now, null, "HTTP 500", 500);

        var status = await Outbox.GetStatusAsync(handoff.Id);
        Assert.NotNull(status);
        Assert.True(status.HasFailed);
        Assert.Equal(NotificationDeliveryStatus.Failed, status.Status);
        Assert.Equal(1, status.Attempts);
        Assert.Equal("pager: HTTP 500", status.LastError);
        Assert.Equal(2, status.Deliveries.Count);
        Assert.Null(await Outbox.NextDueAsync());
    }

    [SkippableFact]
    public async Task RequeueFailedAsync_FailedRow_PendingAgainWithAttemptsReset()
    {
        await ConfigureAsync("crm");
        var handoff = TestHandoffs.Minimal();
        await Store.SaveAsync(handoff);
        var message = Assert.Single(await Outbox.ClaimAsync("worker-a", Now, Lease, 10));
        await Outbox.RecordFailureAsync(message.Id, "worker-a", Now, null, "HTTP 500", 500);

        Assert.Equal(1, await Outbox.RequeueFailedAsync(handoff.Id, Now.AddHours(1)));

        var again = Assert.Single(await Outbox.ClaimAsync("worker-a", Now.AddHours(1), Lease, 10));
        Assert.Equal(0, again.Attempts);
        Assert.Equal(NotificationDeliveryStatus.Pending, (await Outbox.GetStatusAsync(handoff.Id))!.Status);
    }

    [SkippableFact]
    public async Task ReleaseAsync_HeldRow_ClaimableAtOnceWithoutAnAttempt()
    {
        await ConfigureAsync("crm");
        await Store.SaveAsync(TestHandoffs.Minimal());
        var message = Assert.Single(await Outbox.ClaimAsync("stopping-worker", Now, Lease, 10));

        Assert.True(await Outbox.ReleaseAsync(message.Id, "stopping-worker"));

        Assert.Equal(0, Assert.Single(await Outbox.ClaimAsync("next-worker", Now, Lease, 10)).Attempts);
    }

    [SkippableFact]
    public async Task SyncDestinationsAsync_DestinationRemoved_CancelsItsPendingRowsAndQueuesNoMore()
    {
        await ConfigureAsync("crm", "old-pager");
        var handoff = TestHandoffs.Minimal();
        await Store.SaveAsync(handoff);

        await ConfigureAsync("crm");
        await Store.SaveAsync(TestHandoffs.Minimal());

        Assert.Equal(1, Database.Scalar("SELECT COUNT(*) FROM notification_outbox WHERE destination = 'old-pager'"));
        Assert.Equal(
            NotificationDeliveryStatus.Cancelled,
            (await Outbox.GetStatusAsync(handoff.Id))!.Deliveries.Single(d => d.Destination == "old-pager").Status);
        Assert.All(await Outbox.ClaimAsync("worker-a", Now, Lease, 10), m => Assert.Equal("crm", m.Destination));
    }

    [SkippableFact]
    public async Task GetStatusesAsync_SeveralHandoffs_OneEntryPerHandoffWithRows()
    {
        await ConfigureAsync("crm");
        var delivered = TestHandoffs.Minimal();
        var pending = TestHandoffs.Minimal();
        await Store.SaveAsync(delivered);
        await Store.SaveAsync(pending);
        var message = (await Outbox.ClaimAsync("worker-a", Now, Lease, 10)).Single(m => m.HandoffId == delivered.Id);
        await Outbox.CompleteAsync(message.Id, "worker-a", Now.AddSeconds(1), 200);

        var statuses = await Outbox.GetStatusesAsync([delivered.Id, pending.Id, Guid.NewGuid()]);

        Assert.Equal(2, statuses.Count);
        Assert.Equal(NotificationDeliveryStatus.Delivered, statuses[delivered.Id].Status);
        Assert.Equal(Now.AddSeconds(1), statuses[delivered.Id].Deliveries.Single().DeliveredAt);
        Assert.Equal(NotificationDeliveryStatus.Pending, statuses[pending.Id].Status);
    }

    [SkippableFact]
    public async Task MakeDueAsync_RowsWaitingForRetry_DueNow()
    {
        await ConfigureAsync("staff-channel");
        await Store.SaveAsync(TestHandoffs.Minimal());
        var message = Assert.Single(await Outbox.ClaimAsync("worker-a", Now, Lease, 10));
        await Outbox.RecordFailureAsync(message.Id, "worker-a", Now, Now.AddMinutes(10), "no staff channel chosen yet", null);

        Assert.Equal(1, await Outbox.MakeDueAsync("staff-channel", Now.AddSeconds(5)));

        Assert.Single(await Outbox.ClaimAsync("worker-a", Now.AddSeconds(5), Lease, 10));
    }

    [SkippableFact]
    public async Task SaveStaffChannelAsync_ChosenTwice_KeepsTheLatest()
    {
        await Outbox.SaveStaffChannelAsync(new StaffChannel("staff-channel", "{\"a\":1}", "team-1", "19:general", "installation", Now));
        await Outbox.SaveStaffChannelAsync(new StaffChannel("staff-channel", "{\"a\":2}", "team-1", "19:triage", "user-7", Now.AddDays(1)));

        var channel = await Outbox.GetStaffChannelAsync("staff-channel");

        Assert.Equal(new StaffChannel("staff-channel", "{\"a\":2}", "team-1", "19:triage", "user-7", Now.AddDays(1)), channel);
        Assert.Null(await Outbox.GetStaffChannelAsync("other"));
    }

    private Task ConfigureAsync(params string[] names) =>
        Outbox.SyncDestinationsAsync([.. names.Select(n => new NotificationDestination(n, NotificationDestinationKind.Webhook))], Now);
}

public sealed class SqliteNotificationOutboxTests : NotificationOutboxTests
{
    private protected override StoreDatabase Open() => new SqliteStoreDatabase();
}

public sealed class PostgresNotificationOutboxTests : NotificationOutboxTests
{
    private protected override StoreDatabase Open()
    {
        PostgresTestServer.SkipIfUnavailable();
        return new PostgresStoreDatabase();
    }
}
