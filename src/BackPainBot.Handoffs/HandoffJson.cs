using System.Text.Json;

namespace BackPainBot.Handoffs;

/// <summary>
/// JSON form of a handoff's list columns (flags, transcript, triage audit), shared by every store provider so that a
/// database written by one can be read by another.
/// </summary>
internal static class HandoffJson
{
    private static readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static string SerializeList<T>(IReadOnlyList<T>? items) =>
        JsonSerializer.Serialize(items ?? [], _options);

    public static string Serialize<T>(T item) => JsonSerializer.Serialize(item, _options);

    public static IReadOnlyList<T> DeserializeList<T>(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        // A literal "null" must not reach callers as a null list: the contract promises an empty one.
        return JsonSerializer.Deserialize<List<T>>(json, _options) ?? [];
    }
}
