using BackPainBot.Bot;
using BackPainBot.Conversation;
using BackPainBot.Conversation.State;
using BackPainBot.Handoffs.State;
using BackPainBot.Triage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackPainBot.Tests.Bot;

/// <summary>The adapter's turn lock and its turn-error policy for state: what a failed turn does to the saved state.</summary>
public sealed class ClinicBotAdapterTests
{
    private const string ConversationId = "adapter-test";
    private const string Key = "webchat/conversations/" + ConversationId;

    private readonly InMemoryConversationStateStore _store = new(TimeProvider.System, TimeSpan.FromHours(24));
    private readonly InProcessConversationLock _lock = new();
    private readonly Responses _responses = new(new ClinicOptions());
    private readonly ConversationStateStorage _storage;
    private readonly ClinicBotAdapter _adapter;

    public ClinicBotAdapterTests()
    {
        _storage = ConversationStateStorage.ForConversationData(_store);
        _adapter = new ClinicBotAdapter(
            new ConfigurationBotFrameworkAuthentication(new ConfigurationBuilder().Build()),
            new ConversationState(_storage),
            new ConversationTurnLock(_lock),
            _responses,
            NullLogger<ClinicBotAdapter>.Instance);
    }

    [Fact]
    public async Task Turn_LostTheRaceForTheState_TellsThePersonAndKeepsTheOtherTurnsState()
    {
        await SaveMessageCountAsync(5);

        var replies = await RunAsync((_, _) => throw new StateConflictException(Key));

        Assert.Equal(_responses.SomethingWentWrong, Assert.Single(replies).Text);
        Assert.Equal(5, await StoredMessageCountAsync());
    }

    [Fact]
    public async Task Turn_FailedOtherwise_TellsThePersonAndClearsTheState()
    {
        await SaveMessageCountAsync(5);

        var replies = await RunAsync((_, _) => throw new InvalidOperationException("a bug"));

        Assert.Equal(_responses.SomethingWentWrong, Assert.Single(replies).Text);
        Assert.Null(await StoredMessageCountAsync());
    }

    [Fact]
    public async Task Turn_ConversationInATurnAlready_WaitsForThatTurnToEnd()
    {
        var held = await _lock.AcquireAsync(Key);
        var ran = false;

        var turn = RunAsync((_, _) =>
        {
            ran = true;
            return Task.CompletedTask;
        });
        await Task.Delay(200);
        Assert.False(ran);

        await held.DisposeAsync();
        await turn.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(ran);
    }

    private async Task<IList<Activity>> RunAsync(BotCallbackHandler bot)
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = "webchat",
            ServiceUrl = "http://127.0.0.1:1/",
            DeliveryMode = DeliveryModes.ExpectReplies,
            From = new ChannelAccount("patient-1", "Patient", RoleTypes.User),
            Recipient = new ChannelAccount("bot", "BackPainBot", RoleTypes.Bot),
            Conversation = new ConversationAccount(id: ConversationId),
            Text = "hello",
        };
        var response = await _adapter.ProcessParsedActivityAsync("", activity, bot, CancellationToken.None);
        return ((ExpectedReplies)response.Body).Activities;
    }

    private Task SaveMessageCountAsync(int count) => _storage.WriteAsync(new Dictionary<string, object>
    {
        [Key] = new Dictionary<string, object> { [nameof(ConversationData)] = new ConversationData { MessageCount = count } },
    });

    private async Task<int?> StoredMessageCountAsync()
    {
        var items = await _storage.ReadAsync([Key]);
        return items.TryGetValue(Key, out var state)
            ? ((ConversationData)((IDictionary<string, object>)state)[nameof(ConversationData)]).MessageCount
            : null;
    }
}
