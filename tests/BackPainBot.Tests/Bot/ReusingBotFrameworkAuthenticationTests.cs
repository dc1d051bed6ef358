using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using BackPainBot.Bot;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackPainBot.Tests.Bot;

/// <summary>
/// Turns reuse the Bot Connector clients the configured authentication makes: replies, Teams calls and proactive
/// messages still reach the channel, a turn's end does not break the next turn, and the reuse is bounded and never
/// crosses bot identities.
/// </summary>
public sealed class ReusingBotFrameworkAuthenticationTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-30T09:00:00Z"));
    private FakeChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await FakeChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Fact]
    public async Task Turns_SameServiceUrl_ReuseOneClientAndBothRepliesReachTheChannel()
    {
        using var auth = Reusing(Anonymous());
        var adapter = new TestAdapter(auth);
        var clients = new List<IConnectorClient>();

        foreach (var text in new[] { "first", "second" })
        {
            await adapter.RunAsync(Message("conv-1", _channel.ServiceUrl()), async (turn, ct) =>
            {
                clients.Add(turn.TurnState.Get<IConnectorClient>());
                await turn.SendActivityAsync("reply to " + text, cancellationToken: ct);
            });
        }

        Assert.Same(clients[0], clients[1]);
        Assert.Equal(["reply to first", "reply to second"], _channel.Received.Select(r => r.Text));
        Assert.All(_channel.Received, r => Assert.Equal("conv-1", r.ConversationId));
    }

    [Fact]
    public async Task ReusedClient_UserAgent_NamesBotFrameworksConnectorClientAsBefore()
    {
        using var auth = Reusing(Anonymous());

        await new TestAdapter(auth).RunAsync(Message("conv-6", _channel.ServiceUrl()), (turn, ct) => turn.SendActivityAsync("hello", cancellationToken: ct));

        var userAgent = Assert.Single(_channel.Received).UserAgent;
        Assert.Contains(typeof(ConnectorClient).FullName + "/", userAgent);
        Assert.DoesNotContain("BackPainBot", userAgent);
    }

    [Fact]
    public async Task TurnEnded_ItsClient_StillSendsForTheNextTurn()
    {
        using var auth = Reusing(Anonymous());
        var adapter = new TestAdapter(auth);
        IConnectorClient? firstTurns = null;
        await adapter.RunAsync(Message("conv-2", _channel.ServiceUrl()), (turn, _) =>
        {
            firstTurns = turn.TurnState.Get<IConnectorClient>();
            return Task.CompletedTask;
        });

        // The adapter disposed the client when that turn ended; the kept one must not have gone with it.
        await firstTurns!.Conversations.SendToConversationAsync(
            new Activity { Type = ActivityTypes.Message, Text = "after the turn", Conversation = new ConversationAccount(id: "conv-2") });
        await adapter.RunAsync(Message("conv-2", _channel.ServiceUrl()), (turn, ct) => turn.SendActivityAsync("next turn", cancellationToken: ct));

        Assert.Equal(["after the turn", "next turn"], _channel.Received.Select(r => r.Text));
    }

    [Fact]
    public async Task Turns_DistinctServiceUrls_ReplyThroughTheirOwnClients()
    {
        using var auth = Reusing(Anonymous());
        var adapter = new TestAdapter(auth);
        var clients = new List<IConnectorClient>();

        foreach (var region in new[] { "amer", "emea" })
        {
            await adapter.RunAsync(Message("conv-3", _channel.ServiceUrl(region)), async (turn, ct) =>
            {
                clients.Add(turn.TurnState.Get<IConnectorClient>());
                await turn.SendActivityAsync("hello " + region, cancellationToken: ct);
            });
        }

        Assert.NotSame(clients[0], clients[1]);
        Assert.Equal(["/amer/v3/conversations/conv-3/activities/in-1", "/emea/v3/conversations/conv-3/activities/in-1"], _channel.Received.Select(r => r.Path));
    }

    [Fact]
    public async Task ServiceUrls_BeyondTheCap_KeepOnlyTheMostRecentlyUsed()
    {
        using var auth = Reusing(Anonymous(), maxConnectorClients: 4);
        var factory = auth.CreateConnectorFactory(new ClaimsIdentity());
        var first = await factory.CreateAsync(_channel.ServiceUrl("url-0"), null, default);

        for (var i = 1; i < 50; i++)
        {
            await factory.CreateAsync(_channel.ServiceUrl("url-" + i), null, default);
            Assert.True(auth.ConnectorClientCount <= 4);
        }

        Assert.Equal(4, auth.ConnectorClientCount);
        Assert.NotSame(first, await factory.CreateAsync(_channel.ServiceUrl("url-0"), null, default));
        Assert.Same(
            await factory.CreateAsync(_channel.ServiceUrl("url-49"), null, default),
            await factory.CreateAsync(_channel.ServiceUrl("url-49"), null, default));
    }

    [Fact]
    public async Task DifferentAppIdentities_SameServiceUrl_NeverShareAClient()
    {
        using var auth = Reusing(Anonymous());
        var url = _channel.ServiceUrl();

        var a = await auth.CreateConnectorFactory(Bot("app-a")).CreateAsync(url, null, default);
        var aAgain = await auth.CreateConnectorFactory(Bot("app-a")).CreateAsync(url, null, default);
        var b = await auth.CreateConnectorFactory(Bot("app-b")).CreateAsync(url, null, default);
        var anonymous = await auth.CreateConnectorFactory(new ClaimsIdentity()).CreateAsync(url, null, default);

        Assert.Same(a, aAgain);
        Assert.NotSame(a, b);
        Assert.NotSame(a, anonymous);
        Assert.NotSame(b, anonymous);
    }

    [Fact]
    public async Task DifferentAudiences_SameBotAndServiceUrl_NeverShareAClient()
    {
        using var auth = Reusing(Anonymous());
        var factory = auth.CreateConnectorFactory(Bot("app-a"));

        var channel = await factory.CreateAsync(_channel.ServiceUrl(), null, default);
        var skill = await factory.CreateAsync(_channel.ServiceUrl(), "api://skill", default);

        Assert.NotSame(channel, skill);
    }

    [Fact]
    public async Task OtherAppId_AfterTheBotsClientIsKept_IsRefusedAsBefore()
    {
        using var auth = Reusing(new ConfigurationBotFrameworkAuthentication(Settings(("MicrosoftAppId", "app-a"), ("MicrosoftAppPassword", "not-a-real-secret"))));
        var url = _channel.ServiceUrl();
        var kept = await auth.CreateConnectorFactory(Bot("app-a")).CreateAsync(url, null, default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => auth.CreateConnectorFactory(Bot("app-b")).CreateAsync(url, null, default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => auth.CreateUserTokenClientAsync(Bot("app-b"), default));
        Assert.Same(kept, await auth.CreateConnectorFactory(Bot("app-a")).CreateAsync(url, null, default));
    }

    [Fact]
    public async Task UserTokenClients_ReusedPerIdentityOnly()
    {
        using var auth = Reusing(Anonymous());

        var a = await auth.CreateUserTokenClientAsync(Bot("app-a"), default);
        a.Dispose();
        var aAgain = await auth.CreateUserTokenClientAsync(Bot("app-a"), default);
        var b = await auth.CreateUserTokenClientAsync(Bot("app-b"), default);

        Assert.Same(a, aAgain);
        Assert.NotSame(a, b);
    }

    [Fact]
    public async Task KeptClient_OlderThanMaxAge_IsMadeAnew()
    {
        using var auth = Reusing(Anonymous());
        var factory = auth.CreateConnectorFactory(new ClaimsIdentity());
        var first = await factory.CreateAsync(_channel.ServiceUrl(), null, default);

        _clock.Advance(ReusingBotFrameworkAuthentication.MaxAge);

        Assert.NotSame(first, await factory.CreateAsync(_channel.ServiceUrl(), null, default));
    }

    [Fact]
    public async Task HostStopped_KeptClientsAreDisposed()
    {
        var auth = Reusing(Anonymous());
        var client = await auth.CreateConnectorFactory(new ClaimsIdentity()).CreateAsync(_channel.ServiceUrl(), null, default);

        auth.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.Conversations.SendToConversationAsync(
            new Activity { Type = ActivityTypes.Message, Text = "too late", Conversation = new ConversationAccount(id: "conv-4") }));
        Assert.Empty(_channel.Received);
    }

    [Fact]
    public async Task TeamsTurns_TeamsInfoCallsAndRepliesReachTheChannelTurnAfterTurn()
    {
        using var auth = Reusing(Anonymous());
        var adapter = new TestAdapter(auth);
        var teamNames = new List<string>();

        for (var turnNumber = 1; turnNumber <= 2; turnNumber++)
        {
            var activity = Message("19:channel-thread", _channel.ServiceUrl(), channelId: Channels.Msteams);
            activity.ChannelData = JObjectOf(new TeamsChannelData { Team = new TeamInfo(id: "team-1") });
            await adapter.RunAsync(activity, async (turn, ct) =>
            {
                teamNames.Add((await TeamsInfo.GetTeamDetailsAsync(turn, cancellationToken: ct)).Name);
                var member = await TeamsInfo.GetMemberAsync(turn, "29:member", ct);
                await turn.SendActivityAsync("hello " + member.Name, cancellationToken: ct);
            });
        }

        Assert.Equal(["Front desk", "Front desk"], teamNames);
        Assert.Equal(4, _channel.Calls.Count);
        Assert.Equal(["hello Dr. Lee", "hello Dr. Lee"], _channel.Received.Select(r => r.Text));
    }

    [Fact]
    public async Task ProactiveMessages_ReuseOneClientAndReachTheChannel()
    {
        using var auth = Reusing(Anonymous());
        var adapter = new TestAdapter(auth);
        var reference = Message("conv-5", _channel.ServiceUrl()).GetConversationReference();
        var clients = new List<IConnectorClient>();

        for (var i = 1; i <= 2; i++)
        {
            var text = "reminder " + i;
            await adapter.ContinueConversationAsync("bot-app", reference, async (turn, ct) =>
            {
                clients.Add(turn.TurnState.Get<IConnectorClient>());
                await turn.SendActivityAsync(text, cancellationToken: ct);
            }, default);
        }

        Assert.Same(clients[0], clients[1]);
        Assert.Equal(["reminder 1", "reminder 2"], _channel.Received.Select(r => r.Text));
    }

    [Fact]
    public async Task Host_TwoTurnsWithoutExpectReplies_RepliesReachTheChannelThroughOneKeptClient()
    {
        await using var factory = new BotFactory();
        var http = factory.CreateClient();
        var auth = Assert.IsType<ReusingBotFrameworkAuthentication>(factory.Services.GetRequiredService<BotFrameworkAuthentication>());

        foreach (var text in new[] { "How often should I replace my walking shoes?", "thanks" })
        {
            var activity = Activities.Message("host-conv", text);
            activity.Remove("deliveryMode");
            activity["serviceUrl"] = _channel.ServiceUrl();
            var response = await http.PostAsJsonAsync("/api/messages", activity);
            response.EnsureSuccessStatusCode();
        }

        Assert.Contains(_channel.Received, r => r.Text?.Contains("300-500 miles") == true);
        Assert.All(_channel.Received, r => Assert.Equal("host-conv", r.ConversationId));
        Assert.Equal(1, auth.ConnectorClientCount);
    }

    private ReusingBotFrameworkAuthentication Reusing(BotFrameworkAuthentication configured, int maxConnectorClients = ReusingBotFrameworkAuthentication.MaxConnectorClients) =>
        new(configured, _clock, maxConnectorClients);

    private static ConfigurationBotFrameworkAuthentication Anonymous() => new(Settings());

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    /// <summary>The claims a channel's token for this bot carries, as the adapter makes them for proactive turns.</summary>
    private static ClaimsIdentity Bot(string appId) => new(
    [
        new Claim(AuthenticationConstants.AudienceClaim, appId),
        new Claim(AuthenticationConstants.AppIdClaim, appId),
    ]);

    private static Activity Message(string conversationId, string serviceUrl, string channelId = "webchat") => new()
    {
        Type = ActivityTypes.Message,
        Id = "in-1",
        ChannelId = channelId,
        ServiceUrl = serviceUrl,
        From = new ChannelAccount("patient-1", "Patient", RoleTypes.User),
        Recipient = new ChannelAccount("bot", "BackPainBot", RoleTypes.Bot),
        Conversation = new ConversationAccount(id: conversationId),
        Text = "hi",
    };

    private static Newtonsoft.Json.Linq.JObject JObjectOf(object value) => Newtonsoft.Json.Linq.JObject.FromObject(value);

    /// <summary>A <see cref="CloudAdapter"/> whose turns arrive without an authorization header, as on an anonymous bot.</summary>
    private sealed class TestAdapter(BotFrameworkAuthentication auth) : CloudAdapter(auth)
    {
        public Task RunAsync(Activity activity, BotCallbackHandler bot) => ProcessActivityAsync("", activity, bot, default);
    }
}
