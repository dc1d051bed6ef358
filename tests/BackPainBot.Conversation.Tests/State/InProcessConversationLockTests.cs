using BackPainBot.Handoffs.State;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>
/// The lock contract on the single-instance lock; its two "instances" are one object, as every turn of the process
/// shares it.
/// </summary>
public sealed class InProcessConversationLockTests : ConversationLockContract
{
    [Fact]
    public async Task AcquireAsync_AllReleased_KeepsNothingForTheConversation()
    {
        var conversationLock = new InProcessConversationLock();
        var held = await conversationLock.AcquireAsync(Key);
        var waiting = conversationLock.AcquireAsync(Key).AsTask();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => conversationLock.AcquireAsync(Key, cancel.Token).AsTask());

        await held.DisposeAsync();
        await (await waiting).DisposeAsync();

        Assert.Equal(0, conversationLock.ActiveKeys);
    }

    protected override Task<(IConversationLock One, IConversationLock Other)> CreateAsync(TimeSpan? waitLimit = null)
    {
        var conversationLock = new InProcessConversationLock(waitLimit);
        return Task.FromResult<(IConversationLock, IConversationLock)>((conversationLock, conversationLock));
    }
}
