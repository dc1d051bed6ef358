using System.Globalization;

namespace BackPainBot.Handoffs.State;

/// <summary>
/// Where the bot keeps each conversation's state between turns: an opaque UTF-8 JSON document per key, with an ETag
/// for optimistic concurrency and idle expiry. Knows nothing of Bot Framework; the conversation layer maps its
/// storage interface onto this.
/// </summary>
/// <remarks>
/// ETag rules (Bot Framework's): a write whose expected ETag is a value and differs from the stored one throws
/// <see cref="StateConflictException"/>; <c>null</c> or <c>*</c> writes unconditionally. A write that expects an ETag
/// for a key no longer stored (deleted, or forgotten after being idle) stores it, as Bot Framework's own storage does.
/// A state idle for longer than the store's idle lifetime reads as absent, whether or not it has been swept yet.
/// </remarks>
public interface IConversationStateStore
{
    /// <summary>The stored states of <paramref name="keys"/>; keys with no state (or only an idle one) are left out.</summary>
    Task<IReadOnlyDictionary<string, StoredState>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="json"/> under <paramref name="key"/> if <paramref name="expectedETag"/> allows it.</summary>
    /// <param name="key">The state's key, e.g. <c>msteams/conversations/19:abc</c>.</param>
    /// <param name="json">The state as UTF-8 JSON; the store keeps the array, so the caller must not change it.</param>
    /// <param name="expectedETag">The ETag the state had when read; <c>null</c> or <c>*</c> to write unconditionally.</param>
    /// <returns>The new ETag.</returns>
    /// <exception cref="StateConflictException">The stored state has another ETag: someone else wrote it since.</exception>
    Task<string> WriteAsync(string key, byte[] json, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Forgets the states of <paramref name="keys"/>, unconditionally; unknown keys are ignored.</summary>
    Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Forgets the states idle for longer than the idle lifetime; returns how many.</summary>
    Task<int> SweepAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes every completed write durable now: the host calls it on shutdown, once requests have finished. A no-op
    /// for stores that write through.
    /// </summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}

/// <summary>A stored conversation state.</summary>
/// <param name="Json">UTF-8 JSON; shared, never to be changed.</param>
/// <param name="ETag">Changes on every write.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record StoredState(byte[] Json, string ETag, DateTimeOffset UpdatedAt);

/// <summary>
/// A conditional write lost a race: the state was written by another turn (on this instance or another) since it was
/// read. Nothing was written. The message names the key, never the state.
/// </summary>
public sealed class StateConflictException(string key)
    : InvalidOperationException($"The state of '{key}' was changed by another turn since it was read; nothing was written.")
{
    /// <summary>The state's key.</summary>
    public string Key { get; } = key;
}

/// <summary>ETag values shared by the stores.</summary>
public static class StateETags
{
    /// <summary>The ETag that matches any stored state.</summary>
    public const string Any = "*";

    /// <summary>Whether a write expecting <paramref name="expected"/> is unconditional.</summary>
    public static bool IsUnconditional(string? expected) => expected is null or Any;

    /// <summary>A fresh ETag: 64 random bits, so a state deleted and written again never repeats an old one.</summary>
    public static string New() => Random.Shared.NextInt64().ToString("x16", CultureInfo.InvariantCulture);
}
