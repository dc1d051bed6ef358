using System.Collections.Concurrent;
using BackPainBot.Handoffs;

namespace BackPainBot.Conversation.Tests.Support;

/// <summary>A handoff store that keeps records in memory and can be told to fail every write.</summary>
internal sealed class InMemoryHandoffStore : IHandoffStore
{
    private readonly ConcurrentDictionary<Guid, Handoff> _handoffs = new();

    public bool FailWrites { get; set; }

    public IReadOnlyList<Handoff> All => [.. _handoffs.Values];

    public Task SaveAsync(Handoff handoff, CancellationToken cancellationToken = default)
    {
        if (FailWrites)
        {
            throw new IOException("disk full");
        }

        _handoffs[handoff.Id] = handoff;
        return Task.CompletedTask;
    }

    public Task<Handoff?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_handoffs.GetValueOrDefault(id));

    public Task<IReadOnlyList<Handoff>> ListAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Handoff>>([.. _handoffs.Values.Take(limit)]);
}
