using System.Collections.Concurrent;
using BackPainBot.Handoffs;
using BackPainBot.Handoffs.Notifications;
using BackPainBot.Notifications;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BackPainBot.Tests.Notifications;

public sealed class StaffChannelTests : IAsyncDisposable
{
    private const string StaffTeam = "19:staff-team@thread.tacv2";
    private const string TriageChannel = "19:triage-channel@thread.tacv2";
    private const string BotAppId = "00000000-1111-2222-3333-444444444444";
    private const string AuthorizedUser = "aad-user-authorized";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly SqliteHandoffStore _store;
    private readonly SqliteNotificationOutbox _outbox;
    private readonly NotificationSignal _signal = new();
    private readonly StaffChannelOptions _options = new()
    {
        Enabled = true,
        TeamId = StaffTeam,
        AuthorizedUsers = [AuthorizedUser],
    };

    private readonly RecordingAdapter _adapter = new();
    private readonly List<Activity> _reachedPatientBot = [];
    private NotificationWorker? _worker;

    public StaffChannelTests()
    {
        _store = SqliteHandoffStore.OpenDataDirectory(_data.Path);
        _outbox = new SqliteNotificationOutbox(_store);
        _adapter.Use(new StaffChannelMiddleware(_options, _outbox, _signal, _time, NullLogger<StaffChannelMiddleware>.Instance));
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            _worker.Dispose();
        }

        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task OnTurnAsync_BotInstalledInTheStaffTeam_StoresItsGeneralChannelAndSaysSo()
    {
        await ProcessAsync(Installed(StaffTeam));

        var channel = await _outbox.GetStaffChannelAsync("staff-channel");
        Assert.NotNull(channel);
        Assert.Equal(StaffTeam, channel.ChannelId);
        Assert.Equal(StaffTeam, channel.TeamId);
        Assert.Equal(StaffChannelMiddleware.ChosenByInstallation, channel.ChosenBy);
        var reference = JsonConvert.DeserializeObject<ConversationReference>(channel.ConversationReference)!;
        Assert.Equal(StaffTeam, reference.Conversation.Id);
        Assert.Equal("https://smba.trafficmanager.net/amer/", reference.ServiceUrl);
        Assert.Equal(StaffChannelWords.Chosen, Assert.Single(_adapter.Sent).Text);
        Assert.Empty(_reachedPatientBot);
    }

    [Fact]
    public async Task OnTurnAsync_InstallationUpdateInTheStaffTeam_StoresTheChannel()
    {
        var activity = Installed(StaffTeam);
        activity.Type = ActivityTypes.InstallationUpdate;
        activity.Action = "add";
        activity.MembersAdded = null;

        await ProcessAsync(activity);

        Assert.NotNull(await _outbox.GetStaffChannelAsync("staff-channel"));
    }

    [Fact]
    public async Task OnTurnAsync_BotInstalledInAnotherTeam_GoesToThePatientBotAndStoresNothing()
    {
        await ProcessAsync(Installed("19:other-team@thread.tacv2"));

        Assert.Null(await _outbox.GetStaffChannelAsync("staff-channel"));
        Assert.Single(_reachedPatientBot);
    }

    [Fact]
    public async Task OnTurnAsync_NotifyHereInAChannelOfTheStaffTeam_StoresThatChannelNotTheThread()
    {
        await ProcessAsync(NotifyHere(StaffTeam, from: "aad-someone-in-the-team"));

        var channel = await _outbox.GetStaffChannelAsync("staff-channel");
        Assert.NotNull(channel);
        Assert.Equal(TriageChannel, channel.ChannelId);
        Assert.Equal("aad-someone-in-the-team", channel.ChosenBy);
        Assert.Equal(TriageChannel, JsonConvert.DeserializeObject<ConversationReference>(channel.ConversationReference)!.Conversation.Id);
        Assert.Equal(StaffChannelWords.Chosen, Assert.Single(_adapter.Sent).Text);
    }

    [Fact]
    public async Task OnTurnAsync_NotifyHereInAnotherTeamByAnUnlistedUser_RefusedAndNothingStored()
    {
        await ProcessAsync(NotifyHere("19:other-team@thread.tacv2", from: "aad-stranger"));

        Assert.Null(await _outbox.GetStaffChannelAsync("staff-channel"));
        Assert.Equal(StaffChannelWords.NotAllowed, Assert.Single(_adapter.Sent).Text);
        Assert.Empty(_reachedPatientBot);
    }

    [Fact]
    public async Task OnTurnAsync_NotifyHereInAnotherTeamByAnAuthorizedUser_StoresThatChannel()
    {
        await ProcessAsync(NotifyHere("19:other-team@thread.tacv2", from: AuthorizedUser));

        Assert.Equal(TriageChannel, (await _outbox.GetStaffChannelAsync("staff-channel"))?.ChannelId);
    }

    [Fact]
    public async Task OnTurnAsync_NotifyHereInPersonalChat_ToldToUseAChannel()
    {
        var activity = NotifyHere(StaffTeam, from: AuthorizedUser);
        activity.Conversation = new ConversationAccount(conversationType: "personal", id: "a:personal-chat");
        activity.ChannelData = new JObject();

        await ProcessAsync(activity);

        Assert.Null(await _outbox.GetStaffChannelAsync("staff-channel"));
        Assert.Equal(StaffChannelWords.NotAChannel, Assert.Single(_adapter.Sent).Text);
    }

    [Fact]
    public async Task OnTurnAsync_NotifyHereFromWebChat_GoesToThePatientBot()
    {
        var activity = NotifyHere(StaffTeam, from: AuthorizedUser);
        activity.ChannelId = Channels.Webchat;

        await ProcessAsync(activity);

        Assert.Null(await _outbox.GetStaffChannelAsync("staff-channel"));
        Assert.Single(_reachedPatientBot);
    }

    [Fact]
    public async Task SendAsync_ChannelChosen_PostsACardProactivelyAsTheBotsAppId()
    {
        await ProcessAsync(NotifyHere(StaffTeam, from: "aad-someone"));
        _adapter.Sent.Clear();
        var sender = new StaffChannelNotificationSender(_options, "https://bot.example.com/staff/handoffs/{id}", _outbox, _adapter, BotAppId);
        var handoff = NotificationTestData.Handoff("emergency");

        var result = await sender.SendAsync(Message(handoff), handoff, CancellationToken.None);

        Assert.True(result.Delivered);
        var (appId, reference) = Assert.Single(_adapter.Continued);
        Assert.Equal(BotAppId, appId);
        Assert.Equal(TriageChannel, reference.Conversation.Id);
        var posted = Assert.Single(_adapter.Sent);
        Assert.Equal(TriageChannel, posted.Conversation.Id);
        Assert.Equal("New EMERGENCY handoff", posted.Text);
        var attachment = Assert.Single(posted.Attachments);
        Assert.Equal(NotificationPayload.AdaptiveCardContentType, attachment.ContentType);
        var card = JObject.FromObject(attachment.Content).ToString();
        Assert.Contains($"https://bot.example.com/staff/handoffs/{handoff.Id:D}", card, StringComparison.Ordinal);
        Assert.DoesNotContain(handoff.Contact!.Phone!, card, StringComparison.Ordinal);
        Assert.DoesNotContain("secret words", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_TrustedChannel_CardShowsTheContact()
    {
        await ProcessAsync(Installed(StaffTeam));
        _options.Trusted = true;
        var sender = new StaffChannelNotificationSender(_options, null, _outbox, _adapter, BotAppId);
        var handoff = NotificationTestData.Handoff("urgent");

        await sender.SendAsync(Message(handoff), handoff, CancellationToken.None);

        Assert.Contains(handoff.Contact!.Phone!, JObject.FromObject(_adapter.Sent[^1].Attachments.Single().Content).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NoChannelChosenYet_FailsSoItIsRetried()
    {
        var sender = new StaffChannelNotificationSender(_options, null, _outbox, _adapter, BotAppId);
        var handoff = NotificationTestData.Handoff("urgent");

        var result = await sender.SendAsync(Message(handoff), handoff, CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Equal("no staff channel chosen yet", result.Error);
        Assert.Empty(_adapter.Continued);
    }

    [Fact]
    public async Task Worker_HandoffBeforeTheChannelWasChosen_PostedAsSoonAsStaffTypeNotifyHere()
    {
        var sender = new StaffChannelNotificationSender(_options, null, _outbox, _adapter, BotAppId);
        _worker = new NotificationWorker(
            _store, _outbox, [sender], _signal,
            new NotificationsOptions { RetryDelay = TimeSpan.FromMinutes(10), MaxRetryDelay = TimeSpan.FromMinutes(30) },
            _time, NullLogger<NotificationWorker>.Instance);
        await _worker.StartingAsync(CancellationToken.None);
        await _worker.StartAsync(CancellationToken.None);
        var handoff = NotificationTestData.Handoff("emergency", Start);
        await _store.SaveAsync(handoff);
        await Eventually.ValueAsync(() => _outbox.GetStatusAsync(handoff.Id), s => s?.Attempts == 1);

        await ProcessAsync(NotifyHere(StaffTeam, from: "aad-nurse"));

        await Eventually.ValueAsync(() => _outbox.GetStatusAsync(handoff.Id), s => s?.Status == NotificationDeliveryStatus.Delivered);
        Assert.Equal(Start, _time.GetUtcNow());
        Assert.Single(_adapter.Continued);
        Assert.Contains(_adapter.Sent, a => a.Text == "New EMERGENCY handoff" && a.Conversation.Id == TriageChannel);
    }

    private static OutboxMessage Message(Handoff handoff) =>
        new(1, handoff.Id, "staff-channel", NotificationEvent.Created, $"{handoff.Id:D}:created:staff-channel",
            3, 0, Start, Start.AddMinutes(2));

    private Task ProcessAsync(Activity activity) =>
        _adapter.ProcessAsync(activity, (turn, _) =>
        {
            _reachedPatientBot.Add(turn.Activity);
            return Task.CompletedTask;
        });

    private static Activity Installed(string teamId) => new()
    {
        Type = ActivityTypes.ConversationUpdate,
        Id = Guid.NewGuid().ToString("N"),
        ChannelId = Channels.Msteams,
        ServiceUrl = "https://smba.trafficmanager.net/amer/",
        From = new ChannelAccount("29:installer", "Clinic admin"),
        Recipient = new ChannelAccount("28:" + BotAppId, "BackPainBot"),
        Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: teamId, tenantId: "tenant-1"),
        MembersAdded = [new ChannelAccount("28:" + BotAppId, "BackPainBot")],
        ChannelData = JObject.FromObject(new
        {
            eventType = "teamMemberAdded",
            team = new { id = teamId, name = "Staff" },
            channel = new { id = teamId, name = "General" },
            tenant = new { id = "tenant-1" },
        }),
    };

    private static Activity NotifyHere(string teamId, string from) => new()
    {
        Type = ActivityTypes.Message,
        Id = Guid.NewGuid().ToString("N"),
        ChannelId = Channels.Msteams,
        ServiceUrl = "https://smba.trafficmanager.net/amer/",
        From = new ChannelAccount("29:" + from, "Staff member", aadObjectId: from),
        Recipient = new ChannelAccount("28:" + BotAppId, "BackPainBot"),
        Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: TriageChannel + ";messageid=1700000000000", tenantId: "tenant-1"),
        Text = "<at>BackPainBot</at>  Notify here ",
        ChannelData = JObject.FromObject(new
        {
            team = new { id = teamId, name = "Some team" },
            channel = new { id = TriageChannel, name = "Triage" },
            tenant = new { id = "tenant-1" },
        }),
    };

    /// <summary>
    /// A Bot Framework adapter that records what the bot sends and every proactive continuation, instead of calling the
    /// Bot Connector service.
    /// </summary>
    private sealed class RecordingAdapter : BotAdapter
    {
        public List<Activity> Sent { get; } = [];

        public ConcurrentQueue<(string AppId, ConversationReference Reference)> Continued { get; } = new();

        public async Task ProcessAsync(Activity activity, BotCallbackHandler bot)
        {
            using var turn = new TurnContext(this, activity);
            await RunPipelineAsync(turn, bot, CancellationToken.None);
        }

        public override Task ContinueConversationAsync(
            string botId, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken)
        {
            Continued.Enqueue((botId, reference));
            return base.ContinueConversationAsync(botId, reference, callback, cancellationToken);
        }

        public override Task<ResourceResponse[]> SendActivitiesAsync(
            ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
        {
            lock (Sent)
            {
                Sent.AddRange(activities);
            }

            return Task.FromResult(activities.Select(_ => new ResourceResponse(Guid.NewGuid().ToString("N"))).ToArray());
        }

        public override Task<ResourceResponse> UpdateActivityAsync(
            ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task DeleteActivityAsync(
            ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
