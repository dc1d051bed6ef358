namespace BackPainBot.DirectLine;

/// <summary>
/// Settings for the self-hosted Direct Line that the web chat page talks to (section <c>DirectLine</c>). Conversations
/// live in the storage provider's database; worst-case space is about <see cref="MaxConversations"/> ×
/// <see cref="MaxConversationBytes"/>.
/// </summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>Shortest accepted <see cref="TokenSecret"/>: 32 characters give HMAC-SHA256 a full-strength key.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>Largest <see cref="MaxActivityBytes"/>: Kestrel refuses bigger request bodies before we see them.</summary>
    public const int MaxActivityBytesLimit = Bot.MessagesEndpoint.MaxBodyBytes;

    /// <summary>
    /// Key that signs the patients' tokens (env <c>DirectLine__TokenSecret</c>), at least
    /// <see cref="MinimumSecretLength"/> characters. Empty (the default): a random key is made at start-up, so tokens
    /// stop working on restart and several instances behind one address need this set to one shared value.
    /// </summary>
    public string TokenSecret { get; set; } = "";

    /// <summary>
    /// Shortest accepted <see cref="TokenLifetime"/>. Short enough for the browser and protocol tests to watch a token
    /// expire; a real deployment needs more than the client's 15-minute refresh interval.
    /// </summary>
    public static readonly TimeSpan MinimumTokenLifetime = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a token is valid. Web Chat refreshes it every 15 minutes, so anything under about 20 minutes ends
    /// patients' chats early (an expired token gets 403, which the client reports as an expired token). Default 30 minutes.
    /// </summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A conversation with no request, activity or open stream for this long is forgotten. Default 60 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Conversations held at once; past this, starting one answers 503. Default 1000.</summary>
    public int MaxConversations { get; set; } = 1000;

    /// <summary>Activities kept per conversation; older ones are dropped from history first. Default 500.</summary>
    public int MaxActivitiesPerConversation { get; set; } = 500;

    /// <summary>
    /// Activity text kept per conversation, in bytes counted as UTF-16 (two a character); older activities are dropped
    /// first. Default 1 MiB.
    /// </summary>
    public int MaxConversationBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest activity a client may post, in bytes of JSON; bigger gets 400. Default 32 KiB.</summary>
    public int MaxActivityBytes { get; set; } = 32 * 1024;

    /// <summary>Tokens one client IP address may generate per minute; more get 429. Default 10.</summary>
    public int TokensPerMinutePerClient { get; set; } = 10;
}
