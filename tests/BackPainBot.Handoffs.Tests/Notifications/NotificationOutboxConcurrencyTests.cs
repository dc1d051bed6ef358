using System.Collections.Concurrent;
using BackPainBot.Handoffs.Notifications;

namespace BackPainBot.Handoffs.Tests.Notifications;

public sealed class NotificationOutboxConcurrencyTests
{
    [Fact]
    public async Task ClaimAsync_TwoInstancesOnOneFile_EachRowClaimedOnce()
    {
        using var folder = new TempDirectory();
        var now = TestHandoffs.Monday9am;
        using var storeA = SqliteHandoffStore.OpenDataDirectory(folder.Path);
        using var storeB = SqliteHandoffStore.OpenDataDirectory(folder.Path);
        var outboxA = new SqliteNotificationOutbox(storeA);
        var outboxB = new SqliteNotificationOutbox(storeB);
        await outboxA.SyncDestinationsAsync(
            [new NotificationDestination("crm", NotificationDestinationKind.Webhook),
             new NotificationDestination("pager", NotificationDestinationKind.Webhook)],
            now);
        for (var i = 0; i < 40; i++)
        {
            await storeA.SaveAsync(TestHandoffs.Minimal(i % 4 == 0 ? "emergency" : "routine"));
        }

        var claims = new ConcurrentBag<(string Owner, string Key)>();
        async Task ClaimUntilEmptyAsync(SqliteNotificationOutbox outbox, string owner)
        {
            while (true)
            {
                var batch = await outbox.ClaimAsync(owner, now, TimeSpan.FromMinutes(2), 3);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var message in batch)
                {
                    claims.Add((owner, message.IdempotencyKey));
                    await outbox.CompleteAsync(message.Id, owner, now, 200);
                }
            }
        }

        await Task.WhenAll(
            Task.Run(() => ClaimUntilEmptyAsync(outboxA, "instance-a")),
            Task.Run(() => ClaimUntilEmptyAsync(outboxB, "instance-b")));

        Assert.Equal(80, claims.Count);
        Assert.Equal(80, claims.Select(c => c.Key).Distinct().Count());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
