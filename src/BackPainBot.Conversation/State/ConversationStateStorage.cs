using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackPainBot.Handoffs.State;
using Microsoft.Bot.Builder;

namespace BackPainBot.Conversation.State;

/// <summary>
/// The bot's state storage: each state dictionary <see cref="BotState"/> saves is written as UTF-8 JSON with
/// System.Text.Json to an <see cref="IConversationStateStore"/> (in memory, SQLite or PostgreSQL), with optimistic
/// concurrency. Every read deserializes a fresh copy, so concurrent turns never share objects, at a fraction of the cost
/// of Bot Framework's Newtonsoft-based storages, which build trees with type names for every object.
/// </summary>
/// <remarks>
/// <para>
/// ETags follow Bot Framework's convention for state dictionaries: a read puts the stored ETag under
/// <see cref="ETagKey"/> in the dictionary, and a write sends the dictionary's <see cref="ETagKey"/> back as the ETag the
/// state is expected to still have. A state saved at the end of a turn is therefore written only if no other turn wrote
/// it since this turn read it; otherwise <see cref="StateConflictException"/> is thrown and nothing is written. A state
/// with no ETag (a new conversation, or one cleared in the turn) or with <c>*</c> is written unconditionally. After a
/// write the dictionary carries the new ETag, so saving twice in a turn is not a conflict with itself.
/// </para>
/// <para>
/// Only the property types registered at construction can be stored: state is deserialized to those types, never to a
/// type named in the data. <see cref="ConversationData.Transcript"/> is stored here but hidden from Newtonsoft (see its
/// remarks), so this storage, not a Newtonsoft-based one, must back <see cref="ConversationState"/>.
/// </para>
/// </remarks>
public sealed class ConversationStateStorage : IStorage
{
    /// <summary>The state dictionary's entry holding its ETag, named as <see cref="IStoreItem.ETag"/> is in JSON.</summary>
    public const string ETagKey = "eTag";

    // Generated metadata for the registered types (ConversationStateJson), reflection for any other registered type.
    private static readonly JsonSerializerOptions Options = new(ConversationStateJson.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ConversationStateJson.Default, new DefaultJsonTypeInfoResolver()),
    };

    private readonly IReadOnlyDictionary<string, Type> _propertyTypes;

    /// <summary>Creates the storage for the state properties the bot uses.</summary>
    /// <param name="propertyTypes">Each state property's name (as given to <c>CreateProperty</c>) and type.</param>
    /// <param name="store">Where the states are kept.</param>
    public ConversationStateStorage(IReadOnlyDictionary<string, Type> propertyTypes, IConversationStateStore store)
    {
        ArgumentNullException.ThrowIfNull(propertyTypes);
        ArgumentNullException.ThrowIfNull(store);
        if (propertyTypes.ContainsKey(ETagKey))
        {
            throw new ArgumentException($"'{ETagKey}' is the state's ETag and cannot be a property.", nameof(propertyTypes));
        }

        _propertyTypes = propertyTypes;
        Store = store;
    }

    /// <summary>Where the states are kept.</summary>
    public IConversationStateStore Store { get; }

    /// <summary>The storage for <see cref="ConversationData"/>, the bot's only state property, in <paramref name="store"/>.</summary>
    public static ConversationStateStorage ForConversationData(IConversationStateStore store) =>
        new(new Dictionary<string, Type>(StringComparer.Ordinal) { [nameof(ConversationData)] = typeof(ConversationData) }, store);

    /// <summary>The storage for <see cref="ConversationData"/> in process memory only (tests).</summary>
    /// <param name="clock">Clock for idle expiry.</param>
    /// <param name="idleLifetime">How long a conversation's state is kept after its last turn.</param>
    public static ConversationStateStorage ForConversationData(TimeProvider clock, TimeSpan idleLifetime) =>
        ForConversationData(new InMemoryConversationStateStore(clock, idleLifetime));

    /// <inheritdoc />
    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var stored = await Store.ReadAsync(keys, cancellationToken);
        var result = new Dictionary<string, object>(stored.Count, StringComparer.Ordinal);
        foreach (var (key, state) in stored)
        {
            var values = Deserialize(state.Json);
            values[ETagKey] = state.ETag;
            result[key] = values;
        }

        return result;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A value is not a state dictionary of registered property types.</exception>
    /// <exception cref="StateConflictException">A state was written by another turn since it was read.</exception>
    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);

        // Serialize everything first, so a value that cannot be stored leaves every key as it was.
        var writes = changes.Select(change => (change.Key, State: AsState(change.Key, change.Value))).ToList();
        var serialized = writes.Select(write => Serialize(write.State)).ToList();
        for (var i = 0; i < writes.Count; i++)
        {
            var (key, state) = writes[i];
            var expected = state.TryGetValue(ETagKey, out var etag) ? etag?.ToString() : null;
            var written = await Store.WriteAsync(key, serialized[i], expected, cancellationToken);
            if (!state.IsReadOnly)
            {
                state[ETagKey] = written;
            }
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Store.DeleteAsync(keys, cancellationToken);
    }

    /// <summary>Forgets conversations whose last turn is older than the idle lifetime; returns how many.</summary>
    public Task<int> SweepAsync(CancellationToken cancellationToken = default) => Store.SweepAsync(cancellationToken);

    /// <summary>Makes every state saved so far durable (<see cref="IConversationStateStore.FlushAsync"/>).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Store.FlushAsync(cancellationToken);

    private static IDictionary<string, object> AsState(string key, object value) =>
        value as IDictionary<string, object> ?? throw new InvalidOperationException(
            $"State for '{key}' is a {value?.GetType().Name ?? "null"}; this storage keeps BotState dictionaries only.");

    private byte[] Serialize(IDictionary<string, object> state)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, property) in state)
            {
                if (name == ETagKey)
                {
                    continue;
                }

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

        return buffer.WrittenSpan.ToArray();
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

            // A property this build no longer has (state saved by an older one) is skipped, not fatal.
            if (!_propertyTypes.TryGetValue(name, out var type))
            {
                reader.Skip();
                continue;
            }

            var value = JsonSerializer.Deserialize(ref reader, type, Options);
            if (value is not null)
            {
                state[name] = value;
            }
        }

        return state;
    }
}
