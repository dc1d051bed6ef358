using BackPainBot.Handoffs.State;

namespace BackPainBot.Conversation.Tests.State;

/// <summary>The store contract on the in-memory store the conversation tests run on.</summary>
public sealed class InMemoryConversationStateStoreTests : ConversationStateStoreContract
{
    protected override Task<IConversationStateStore> CreateStoreAsync() =>
        Task.FromResult<IConversationStateStore>(new InMemoryConversationStateStore(Clock, IdleLifetime));
}
