using BackPainBot.DirectLine;
using Microsoft.Extensions.Options;

namespace BackPainBot.Tests.DirectLine;

public sealed class InMemoryDirectLineStoreTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Append_PastTheActivityCap_DropsTheOldestAndKeepsNumbering()
    {
        var store = Store(new DirectLineOptions { MaxActivitiesPerConversation = 10 });
        await store.StartAsync("c", "u", default);

        string? last = null;
        for (var i = 0; i < 25; i++)
        {
            last = await store.AppendAsync("c", id => $"{{\"id\":\"{id}\"}}", default);
        }

        var page = (await store.ReadAsync("c", null, 100, default))!;
        Assert.Equal(10, page.Activities.Count);
        Assert.Contains("c|0000015", page.Activities[0]);
        Assert.Equal("c|0000024", last);
        Assert.Equal(24, page.Watermark);
    }

    [Fact]
    public async Task Append_PastTheByteCap_DropsTheOldest()
    {
        var store = Store(new DirectLineOptions { MaxConversationBytes = 64 * 1024, MaxActivityBytes = 1024 });
        await store.StartAsync("c", "u", default);
        var big = new string('x', 10_000);

        for (var i = 0; i < 10; i++)
        {
            await store.AppendAsync("c", id => $"{{\"id\":\"{id}\",\"text\":\"{big}\"}}", default);
        }

        var page = (await store.ReadAsync("c", null, 100, default))!;
        Assert.InRange(page.Activities.Sum(a => a.Length * 2), 1, 64 * 1024);
        Assert.Equal(9, page.Watermark);
    }

    [Fact]
    public async Task Read_PageSmallerThanTheBacklog_ReturnsTheWatermarkToContinueFrom()
    {
        var store = Store(new DirectLineOptions());
        await store.StartAsync("c", "u", default);
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync("c", id => $"\"{id}\"", default);
        }

        var first = (await store.ReadAsync("c", null, 2, default))!;
        var second = (await store.ReadAsync("c", first.Watermark, 2, default))!;

        Assert.Equal(["\"c|0000000\"", "\"c|0000001\""], first.Activities);
        Assert.Equal(["\"c|0000002\"", "\"c|0000003\""], second.Activities);
        Assert.Equal(3, second.Watermark);
    }

    [Fact]
    public async Task Touch_AfterTheIdleTimeout_ForgetsTheConversation()
    {
        var store = Store(new DirectLineOptions { IdleTimeout = TimeSpan.FromMinutes(10) });
        await store.StartAsync("c", "u", default);

        _clock.Advance(TimeSpan.FromMinutes(9));
        var stillThere = await store.TouchAsync("c", default);
        _clock.Advance(TimeSpan.FromMinutes(11));
        var gone = await store.TouchAsync("c", default);

        Assert.NotNull(stillThere);
        Assert.Null(gone);
        Assert.Null(await store.ReadAsync("c", null, 10, default));
    }

    [Fact]
    public async Task RemoveIdle_IdleAndActiveConversations_RemovesOnlyTheIdle()
    {
        var store = Store(new DirectLineOptions { IdleTimeout = TimeSpan.FromMinutes(10) });
        await store.StartAsync("idle", "u1", default);
        await store.StartAsync("active", "u2", default);

        _clock.Advance(TimeSpan.FromMinutes(8));
        await store.AppendAsync("active", id => "{}", default);
        _clock.Advance(TimeSpan.FromMinutes(8));
        var removed = await store.RemoveIdleAsync(default);

        Assert.Equal(1, removed);
        Assert.Equal(1, store.Count);
        Assert.NotNull(await store.TouchAsync("active", default));
    }

    [Fact]
    public async Task Start_AtTheConversationCap_IsFullUntilOneGoesIdle()
    {
        var store = Store(new DirectLineOptions { MaxConversations = 2, IdleTimeout = TimeSpan.FromMinutes(10) });
        await store.StartAsync("a", "u", default);
        await store.StartAsync("b", "u", default);

        var full = await store.StartAsync("c", "u", default);
        _clock.Advance(TimeSpan.FromMinutes(11));
        var afterIdle = await store.StartAsync("c", "u", default);

        Assert.Equal(ConversationStart.Full, full);
        Assert.Equal(ConversationStart.Created, afterIdle);
    }

    [Fact]
    public async Task WaitForActivities_Append_WakesTheWaiter()
    {
        var store = Store(new DirectLineOptions());
        await store.StartAsync("c", "u", default);
        await store.AppendAsync("c", id => "{}", default);

        var waiting = store.WaitForActivitiesAsync("c", 0, default);
        Assert.False(waiting.IsCompleted);
        await store.AppendAsync("c", id => "{}", default);

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task WaitForActivities_ConversationRemoved_ReturnsFalse()
    {
        var store = Store(new DirectLineOptions { IdleTimeout = TimeSpan.FromMinutes(1) });
        await store.StartAsync("c", "u", default);
        await store.AppendAsync("c", id => "{}", default);
        var waiting = store.WaitForActivitiesAsync("c", 0, default);

        _clock.Advance(TimeSpan.FromMinutes(2));
        await store.RemoveIdleAsync(default);

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private InMemoryDirectLineStore Store(DirectLineOptions options) => new(Options.Create(options), _clock);
}
