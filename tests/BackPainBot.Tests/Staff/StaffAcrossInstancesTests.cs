using BackPainBot.Conversation.Takeover;
using BackPainBot.Handoffs;
using BackPainBot.Staff;
using BackPainBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackPainBot.Tests.Staff;

/// <summary>
/// Two instances on one PostgreSQL database, each with its own data source, listener, stores and staff hub: a console
/// connected to one sees what happens on the other, and a takeover started through one is known to the other.
/// </summary>
public sealed class StaffAcrossInstancesTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<IAsyncDisposable> _owned = [];
    private PostgresTestDatabase? _database;

    [PostgresFact]
    public async Task HandoffChanged_OnInstanceB_ReachesAConsoleOnInstanceA()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        using var console = a.Hub.Subscribe(watch: null);
        var handoffId = Guid.NewGuid();

        b.Hub.HandoffChanged(handoffId);

        Assert.Equal(new StaffEvent("handoff", handoffId), await NextAsync(console));
    }

    [PostgresFact]
    public async Task TranscriptAdded_OnInstanceB_TellsOnlyConsolesWatchingItOnAAndNeverTheText()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        var handoffId = Guid.NewGuid();
        using var watching = a.Hub.Subscribe(watch: handoffId);
        using var elsewhere = a.Hub.Subscribe(watch: Guid.NewGuid());

        b.Hub.TranscriptAdded(handoffId, new TranscriptEntry(DateTimeOffset.UtcNow, "patient", "my legs are numb"));
        b.Hub.HandoffChanged(handoffId);

        // The console reloads the handoff to show the line: the text itself never went through NOTIFY.
        Assert.Equal(new StaffEvent("transcript", handoffId), await NextAsync(watching));
        Assert.Equal(new StaffEvent("handoff", handoffId), await NextAsync(elsewhere));
    }

    [PostgresFact]
    public async Task HandoffChanged_OnTheSameInstance_ReachesItsConsolesOnce()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        using var console = a.Hub.Subscribe(watch: null);
        var mine = Guid.NewGuid();
        var theirs = Guid.NewGuid();

        a.Hub.HandoffChanged(mine);
        b.Hub.HandoffChanged(theirs);

        Assert.Equal(mine, (await NextAsync(console)).HandoffId);
        Assert.Equal(theirs, (await NextAsync(console)).HandoffId);
        await Task.Delay(300);
        Assert.False(console.Reader.TryRead(out _));
    }

    [PostgresFact]
    public async Task ListenerReconnect_TellsConsolesToReloadEverything()
    {
        var a = await InstanceAsync("staff-a");
        using var console = a.Hub.Subscribe(watch: null);

        await DirectLine.DirectLineAcrossInstancesTests.TerminateListenerAsync(_database!.Name, "staff-a");

        using var timeout = new CancellationTokenSource(Patience);
        Assert.Equal(new StaffEvent("ready", Guid.Empty), await console.Reader.ReadAsync(timeout.Token));
    }

    [PostgresFact]
    public async Task Takeover_StartedAndEndedThroughInstanceB_IsFollowedByInstanceAsSessions()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        var handoff = await SaveHandoffAsync(a.Handoffs);

        var session = new TakeoverSession(handoff.Id, handoff.ConversationId, "dana", DateTimeOffset.UtcNow);
        Assert.True(b.Sessions.TryStart(session));
        Assert.True(await b.Staff.SetTakeoverAsync(handoff.Id, "dana", "dana", DateTimeOffset.UtcNow));
        await b.Sessions.ChangedAsync(handoff.Id, default);

        var followed = await EventuallyAsync(() => a.Sessions.Find(handoff.ConversationId));
        Assert.Equal("dana", followed.StaffName);
        Assert.Equal(handoff.Id, followed.HandoffId);

        Assert.True(await b.Staff.SetTakeoverAsync(handoff.Id, null, "dana", DateTimeOffset.UtcNow));
        Assert.True(b.Sessions.TryEnd(session));
        await b.Sessions.ChangedAsync(handoff.Id, default);

        await EventuallyAsync(() => a.Sessions.Find(handoff.ConversationId) is null ? "ended" : null);
    }

    [PostgresFact]
    public async Task StaffLine_SaidThroughInstanceA_IsTakenByThePatientsNextTurnOnInstanceB()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        var session = new TakeoverSession(Guid.NewGuid(), "conversation-1", "dana", DateTimeOffset.UtcNow);
        var joined = new TranscriptEntry(DateTimeOffset.UtcNow.AddSeconds(-1), "bot", "Dana has joined the chat.");
        var said = new TranscriptEntry(DateTimeOffset.UtcNow, "staff", "dana: How is the pain now?");

        await a.Sessions.AddAsync(session, joined, store: false, outsideTurn: true, default);
        await a.Sessions.AddAsync(session, said, store: false, outsideTurn: true, default);

        Assert.Equal([joined.Text, said.Text], (await b.Sessions.TakePendingAsync("conversation-1", default)).Select(e => e.Text));
        Assert.Empty(await a.Sessions.TakePendingAsync("conversation-1", default));
    }

    [PostgresFact]
    public async Task PendingLines_PastTheCap_KeepTheNewestAndExpireUntaken()
    {
        var a = await InstanceAsync();
        var lines = new PostgresPendingTakeoverLines(a.Database, TimeProvider.System, TimeSpan.FromHours(1));
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < IPendingTakeoverLines.MaxPerConversation + 5; i++)
        {
            await lines.AddAsync("busy", new TranscriptEntry(start.AddSeconds(i), "staff", $"line {i}"), default);
        }

        await lines.AddAsync("forgotten", new TranscriptEntry(start.AddHours(-2), "staff", "old"), default);
        await lines.AddAsync("other", new TranscriptEntry(start, "staff", "new"), default);

        var kept = await lines.TakeAsync("busy", default);
        Assert.Equal(IPendingTakeoverLines.MaxPerConversation, kept.Count);
        Assert.Equal("line 5", kept[0].Text);
        Assert.Empty(await lines.TakeAsync("forgotten", default));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        _database?.Dispose();
    }

    private static async Task<StaffEvent> NextAsync(StaffEventHub.Subscription console)
    {
        using var timeout = new CancellationTokenSource(Patience);
        StaffEvent next;
        do
        {
            // "ready" comes when a listener (re)connects; these tests look at what follows.
            next = await console.Reader.ReadAsync(timeout.Token);
        }
        while (next.Type == "ready");

        return next;
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe)
        where T : class
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The other instance did not follow.");
    }

    private static async Task<Handoff> SaveHandoffAsync(IHandoffStore handoffs)
    {
        var now = DateTimeOffset.UtcNow;
        var handoff = new Handoff
        {
            Id = Guid.NewGuid(),
            ConversationId = "conv-" + Guid.NewGuid().ToString("N"),
            Channel = "directline",
            Level = "urgent",
            CreatedAt = now,
            UpdatedAt = now,
            ConversationReference = "{}",
        };
        await handoffs.SaveAsync(handoff);
        return handoff;
    }

    private async Task<Instance> InstanceAsync(string name = "staff")
    {
        _database ??= PostgresTestDatabase.Create();
        var database = PostgresDatabase.Open(
            new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString) { ApplicationName = name }.ConnectionString);
        var notifications = new PostgresNotifications(database, NullLogger<PostgresNotifications>.Instance);
        var hub = new StaffEventHub(notifications);
        var handoffs = new PostgresHandoffStore(database);
        var staff = new PostgresStaffStore(database);
        var sessions = new TakeoverSessions(
            staff, new ConsoleTakeoverListener(hub), new PostgresPendingTakeoverLines(database, TimeProvider.System, TimeSpan.FromDays(1)));
        var sync = new TakeoverSync(hub, sessions, staff, TimeProvider.System, NullLogger<TakeoverSync>.Instance);
        var instance = new Instance(database, notifications, hub, handoffs, staff, sessions, sync);
        _owned.Add(instance);
        await sync.StartAsync(default);
        await notifications.StartAsync(default);
        await notifications.WhenListeningAsync(default).WaitAsync(Patience);
        return instance;
    }

    private sealed record Instance(
        PostgresDatabase Database,
        PostgresNotifications Notifications,
        StaffEventHub Hub,
        PostgresHandoffStore Handoffs,
        PostgresStaffStore Staff,
        TakeoverSessions Sessions,
        TakeoverSync Sync)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Sync.StopAsync(default);
            Sync.Dispose();
            Hub.Dispose();
            await Notifications.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
