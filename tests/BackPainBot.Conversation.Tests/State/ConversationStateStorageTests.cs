using BackPainBot.Conversation.Dialogs;
using BackPainBot.Conversation.State;
using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Handoffs;
using BackPainBot.Triage;

namespace BackPainBot.Conversation.Tests.State;

public sealed class ConversationStateStorageTests
{
    private const string Key = "test/conversations/c1";

    [Fact]
    public async Task ReadAsync_AfterWrite_ReturnsEverythingTheBotRemembers()
    {
        var storage = NewStorage(new MovableClock());
        var data = SampleData();

        await storage.WriteAsync(State(data));
        var read = (ConversationData)(await ReadStateAsync(storage))[nameof(ConversationData)];

        Assert.Equal(data.Transcript, read.Transcript);
        Assert.Equal(TriageLevel.Urgent, read.Level);
        Assert.Equal(["leg-weakness-one"], read.Flags);
        Assert.Equal(data.TriageAudit, read.TriageAudit);
        Assert.Equal(data.HandoffId, read.HandoffId);
        var step = Assert.Single(read.DialogStack);
        Assert.Equal("booking", step.Id);
        Assert.Equal(2, step.Step);
        Assert.Equal("Ana", step.Values["name"]);
        Assert.Null(step.Values["prompt.choices"]);
    }

    [Fact]
    public async Task ReadAsync_ChangingWhatWasRead_DoesNotChangeTheStoredState()
    {
        var storage = NewStorage(new MovableClock());
        await storage.WriteAsync(State(SampleData()));

        var first = (ConversationData)(await ReadStateAsync(storage))[nameof(ConversationData)];
        first.Transcript.Clear();
        first.Level = TriageLevel.Emergency;
        var second = (ConversationData)(await ReadStateAsync(storage))[nameof(ConversationData)];

        Assert.Equal(3, second.Transcript.Count);
        Assert.Equal(TriageLevel.Urgent, second.Level);
    }

    [Fact]
    public async Task WriteAsync_UnregisteredProperty_ThrowsAndKeepsEveryKeyAsItWas()
    {
        var storage = NewStorage(new MovableClock());
        await storage.WriteAsync(State(SampleData()));

        var changes = new Dictionary<string, object>
        {
            [Key] = new Dictionary<string, object> { [nameof(ConversationData)] = new ConversationData() },
            ["test/conversations/c2"] = new Dictionary<string, object> { ["Other"] = "not registered" },
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteAsync(changes));
        var kept = (ConversationData)(await ReadStateAsync(storage))[nameof(ConversationData)];
        Assert.Equal(3, kept.Transcript.Count);
        Assert.Empty(await storage.ReadAsync(["test/conversations/c2"]));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheConversation()
    {
        var storage = NewStorage(new MovableClock());
        await storage.WriteAsync(State(SampleData()));

        await storage.DeleteAsync([Key]);

        Assert.Empty(await storage.ReadAsync([Key]));
    }

    [Fact]
    public async Task Sweep_ConversationIdleLongerThanTheLifetime_IsForgotten()
    {
        var clock = new MovableClock();
        var storage = NewStorage(clock);
        await storage.WriteAsync(State(SampleData()));
        clock.Advance(TimeSpan.FromHours(23));
        await storage.WriteAsync(new Dictionary<string, object>
        {
            ["test/conversations/recent"] = new Dictionary<string, object> { [nameof(ConversationData)] = new ConversationData() },
        });

        clock.Advance(TimeSpan.FromHours(2));
        var removed = await storage.SweepAsync();

        Assert.Equal(1, removed);
        Assert.Empty(await storage.ReadAsync([Key]));
        Assert.Single(await storage.ReadAsync(["test/conversations/recent"]));
    }

    [Fact]
    public async Task Transcript_KeptAcrossTurnsOfARealConversation()
    {
        var bot = new BotHarness();

        await bot.SayAsync("How often should I replace my walking shoes?");
        await bot.SayAsync("my legs are weak and I can't control my bladder");

        var handoff = Assert.Single(bot.Store.All);
        Assert.Contains(handoff.Transcript, t => t.From == "patient" && t.Text == "How often should I replace my walking shoes?");
        Assert.Contains(handoff.Transcript, t => t.From == "bot" && t.Text.StartsWith("Replace old shoes", StringComparison.Ordinal));
    }

    private static ConversationStateStorage NewStorage(TimeProvider clock) =>
        ConversationStateStorage.ForConversationData(clock, TimeSpan.FromHours(24));

    private static async Task<IDictionary<string, object>> ReadStateAsync(ConversationStateStorage storage) =>
        (IDictionary<string, object>)(await storage.ReadAsync([Key]))[Key];

    private static Dictionary<string, object> State(ConversationData data) =>
        new() { [Key] = new Dictionary<string, object> { [nameof(ConversationData)] = data } };

    private static ConversationData SampleData()
    {
        var at = FixedClock.Default;
        var data = new ConversationData
        {
            Level = TriageLevel.Urgent,
            Flags = ["leg-weakness-one"],
            TriageAudit = [new TriageAuditEntry("leg-weakness-one", 2, 10, 4, "reported")],
            HandoffId = Guid.Parse("0b8f6a43-6f5e-4a47-9c3a-1f0e0c5f2d11"),
            DialogStack =
            [
                new DialogInstance
                {
                    Id = "booking",
                    Step = 2,
                    Values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["name"] = "Ana", ["prompt.choices"] = null },
                },
            ],
        };
        data.AddToTranscript(at, "patient", "my left leg is weak");
        data.AddToTranscript(at.AddSeconds(1), "bot", "Please see a clinician within 24 to 48 hours.");
        data.AddToTranscript(at.AddSeconds(2), "patient", "ok");
        return data;
    }
}
