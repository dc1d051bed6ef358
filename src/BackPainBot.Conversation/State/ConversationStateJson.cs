using System.Text.Json.Serialization;

namespace BackPainBot.Conversation.State;

/// <summary>
/// System.Text.Json metadata for the bot's state, generated at build time: state is read and written on every turn,
/// and generated serializers skip the reflection a turn would otherwise pay for.
/// </summary>
[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversationData))]
internal sealed partial class ConversationStateJson : JsonSerializerContext;
