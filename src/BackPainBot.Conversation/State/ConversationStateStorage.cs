using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Bot.Builder;

namespace BackPainBot.Conversation.State;

/// <summary>
/// The bot's state storage in process memory: each conversation's state is kept as UTF-8 JSON written with
/// System.Text.Json, so every turn reads a fresh copy (concurrent turns never share objects) at a fraction of the cost of
/// Bot Framework's <see cref="MemoryStorage"/>, which builds Newtonsoft trees with type names for every object.
/// </summary>
/// <remarks>
/// Only the property types registered at construction can be stored: state is deserialized to those types, never to a
/// type named in the data. Like <see cref="MemoryStorage"/>, state lasts as long as the process and the last writer
/// wins; conversations idle for longer than <c>idleLifetime</c> are forgotten by <see cref="Sweep"/>.
/// <see cref="ConversationData.Transcript"/> is stored here but hidden from Newtonsoft (see its remarks), so this
/// storage, not a Newtonsoft-based one, must back <see cref="ConversationState"/>.
/// </remarks>
public sealed class ConversationStateStorage : IStorage
{
    // Generated metadata for the registered types (ConversationStateJson), reflection for any other registered type.
    private static readonly JsonSerializerOptions Options = new(ConversationStateJson.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ConversationStateJson.Default, new DefaultJsonTypeInfoResolver()),
    };

    private readonly ConcurrentDictionary<string, Entry> _items = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, Type> _propertyTypes;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _idleLifetime;

    /// <summary>Creates the storage for the state properties the bot uses.</summary>
    /// <param name="propertyTypes">Each state property's name (as given to <c>CreateProperty</c>) and type.</param>
    /// <param name="clock">Clock for idle expiry.</param>
    /// <param name="idleLifetime">How long a conversation's state is kept after its last turn.</param>
    public ConversationStateStorage(IReadOnlyDictionary<string, Type> propertyTypes, TimeProvider clock, TimeSpan idleLifetime)
    {
        ArgumentNullException.ThrowIfNull(propertyTypes);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleLifetime, TimeSpan.Zero);
        _propertyTypes = propertyTypes;
        _clock = clock;
        _idleLifetime = idleLifetime;
    }

    /// <summary>The storage for <see cref="ConversationData"/>, the bot's only state property.</summary>
    public static ConversationStateStorage ForConversationData(TimeProvider clock, TimeSpan idleLifetime) =>
        new(new Dictionary<string, Type>(StringComparer.Ordinal) { [nameof(ConversationData)] = typeof(ConversationData) },
            clock, idleLifetime);

    /// <summary>Conversations held now.</summary>
    public int Count => _items.Count;

    /// <inheritdoc />
    public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (_items.TryGetValue(key, out var entry))
            {
                result[key] = Deserialize(entry.Json);
            }
        }

        return Task.FromResult<IDictionary<string, object>>(result);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A value is not a state dictionary of registered property types.</exception>
    public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);

        // Serialize everything first, so a value that cannot be stored leaves every key as it was.
        var now = _clock.GetUtcNow();
        var entries = changes.Select(change => (change.Key, Entry: new Entry(Serialize(change.Key, change.Value), now))).ToList();
        foreach (var (key, entry) in entries)
        {
            _items[key] = entry;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            _items.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }

    /// <summary>Forgets conversations whose last turn is older than the idle lifetime; returns how many.</summary>
    public int Sweep()
    {
        var cutoff = _clock.GetUtcNow() - _idleLifetime;
        var removed = 0;
        foreach (var (key, entry) in _items)
        {
            if (entry.WrittenAt < cutoff && _items.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
            {
                removed++;
            }
        }

        return removed;
    }

    private byte[] Serialize(string key, object value)
    {
        if (value is not IDictionary<string, object> state)
        {
            throw new InvalidOperationException(
                $"State for '{key}' is a {value?.GetType().Name ?? "null"}; this storage keeps BotState dictionaries only.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, property) in state)
            {
                if (!_propertyTypes.TryGetValue(name, out var type) || (property is not null && !type.IsInstanceOfType(property)))
                {
                    throw new InvalidOperationException(
                        $"State property '{name}' ({property?.GetType().Name ?? "null"}) is not registered with the state storage.");
                }

                writer.WritePropertyName(name);
                JsonSerializer.Serialize(writer, property, type, Options);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private Dictionary<string, object> Deserialize(byte[] json)
    {
        var state = new Dictionary<string, object>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var value = JsonSerializer.Deserialize(ref reader, _propertyTypes[name], Options);
            if (value is not null)
            {
                state[name] = value;
            }
        }

        return state;
    }

    private sealed record Entry(byte[] Json, DateTimeOffset WrittenAt);
}
