using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace BackPainBot.DirectLine;

/// <summary>
/// Conversations in this process's memory, bounded by <see cref="DirectLineOptions"/>: a cap on conversations, on
/// activities and bytes per conversation (oldest dropped first), and an idle timeout. Lost on restart, and not shared
/// between instances.
/// </summary>
public sealed class InMemoryDirectLineStore(IOptions<DirectLineOptions> options, TimeProvider clock) : IDirectLineStore
{
    private readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly DirectLineOptions _options = options.Value;
    private readonly Lock _startLock = new();

    /// <summary>How many conversations are held now, idle ones not yet removed included.</summary>
    internal int Count => _conversations.Count;

    public Task<ConversationStart> StartAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        // One lock for starts keeps the cap exact; starts are rare next to reads and appends.
        lock (_startLock)
        {
            if (Find(conversationId) is not null)
            {
                return Task.FromResult(ConversationStart.AlreadyExists);
            }

            if (_conversations.Count >= _options.MaxConversations)
            {
                RemoveIdle();
                if (_conversations.Count >= _options.MaxConversations)
                {
                    return Task.FromResult(ConversationStart.Full);
                }
            }

            _conversations[conversationId] = new Conversation(conversationId, userId, clock.GetUtcNow());
            return Task.FromResult(ConversationStart.Created);
        }
    }

    public Task<DirectLineConversation?> TouchAsync(string conversationId, CancellationToken cancellationToken)
    {
        var conversation = Find(conversationId);
        conversation?.Touch(clock.GetUtcNow());
        return Task.FromResult(conversation is null ? null : new DirectLineConversation(conversation.Id, conversation.UserId));
    }

    public Task<string?> AppendAsync(string conversationId, Func<string, string> render, CancellationToken cancellationToken)
    {
        var conversation = Find(conversationId);
        return Task.FromResult(conversation?.Append(render, clock.GetUtcNow(), _options));
    }

    public Task<ActivityPage?> ReadAsync(string conversationId, long? watermark, int max, CancellationToken cancellationToken)
    {
        var conversation = Find(conversationId);
        return Task.FromResult(conversation?.Read(watermark, max, clock.GetUtcNow()));
    }

    public Task<bool> WaitForActivitiesAsync(string conversationId, long? watermark, CancellationToken cancellationToken) =>
        Find(conversationId) is { } conversation ? conversation.WaitAsync(watermark, cancellationToken) : Task.FromResult(false);

    public Task<int> RemoveIdleAsync(CancellationToken cancellationToken) => Task.FromResult(RemoveIdle());

    private int RemoveIdle()
    {
        var removed = 0;
        foreach (var conversation in _conversations.Values)
        {
            if (IsIdle(conversation) && Remove(conversation))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>The live conversation with this id; an idle one is removed on the way, as if the sweep had run.</summary>
    private Conversation? Find(string conversationId)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation))
        {
            return null;
        }

        if (IsIdle(conversation))
        {
            Remove(conversation);
            return null;
        }

        return conversation;
    }

    private bool IsIdle(Conversation conversation) => clock.GetUtcNow() - conversation.LastActive > _options.IdleTimeout;

    private bool Remove(Conversation conversation)
    {
        if (!_conversations.TryRemove(new KeyValuePair<string, Conversation>(conversation.Id, conversation)))
        {
            return false;
        }

        conversation.End();
        return true;
    }

    private sealed class Conversation(string id, string userId, DateTimeOffset now)
    {
        private readonly Lock _gate = new();
        private readonly List<Entry> _entries = [];
        private long _nextNumber;
        private long _bytes;
        private bool _ended;
        private long _lastActiveTicks = now.UtcTicks;

        // Replaced on every append; waiters hold the old one, so each append wakes everyone waiting at that moment.
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Id { get; } = id;

        public string UserId { get; } = userId;

        public DateTimeOffset LastActive => new(Interlocked.Read(ref _lastActiveTicks), TimeSpan.Zero);

        public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActiveTicks, now.UtcTicks);

        public string? Append(Func<string, string> render, DateTimeOffset now, DirectLineOptions limits)
        {
            TaskCompletionSource changed;
            string activityId;
            lock (_gate)
            {
                if (_ended)
                {
                    return null;
                }

                var number = _nextNumber++;
                activityId = ActivityId(Id, number);
                var json = render(activityId);
                _entries.Add(new Entry(number, json));
                _bytes += SizeOf(json);

                var drop = 0;
                var bytes = _bytes;
                while (_entries.Count - drop > limits.MaxActivitiesPerConversation
                       || (bytes > limits.MaxConversationBytes && _entries.Count - drop > 1))
                {
                    bytes -= SizeOf(_entries[drop].Json);
                    drop++;
                }

                _entries.RemoveRange(0, drop);
                _bytes = bytes;
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            Touch(now);
            changed.TrySetResult();
            return activityId;
        }

        public ActivityPage Read(long? watermark, int max, DateTimeOffset now)
        {
            Touch(now);
            lock (_gate)
            {
                var start = 0;
                if (watermark is { } after && _entries.Count > 0)
                {
                    start = (int)Math.Clamp(after - _entries[0].Number + 1, 0, _entries.Count);
                }

                var count = Math.Min(max, _entries.Count - start);
                if (count <= 0)
                {
                    return new ActivityPage([], watermark ?? (_nextNumber > 0 ? _nextNumber - 1 : null));
                }

                var page = new string[count];
                for (var i = 0; i < count; i++)
                {
                    page[i] = _entries[start + i].Json;
                }

                return new ActivityPage(page, _entries[start + count - 1].Number);
            }
        }

        public async Task<bool> WaitAsync(long? watermark, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (_ended)
                    {
                        return false;
                    }

                    if (_nextNumber > 0 && (watermark is null || _nextNumber - 1 > watermark))
                    {
                        return true;
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(cancellationToken);
            }
        }

        public void End()
        {
            lock (_gate)
            {
                _ended = true;
                _entries.Clear();
                _bytes = 0;
                _changed.TrySetResult();
            }
        }

        // Strings are UTF-16 in memory.
        private static long SizeOf(string json) => json.Length * 2L;
    }

    private readonly record struct Entry(long Number, string Json);

    internal static string ActivityId(string conversationId, long number) =>
        conversationId + "|" + number.ToString("D7", CultureInfo.InvariantCulture);
}
