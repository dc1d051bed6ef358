using System.Text.RegularExpressions;
using BackPainBot.Handoffs.Notifications;
using Microsoft.Extensions.Options;

namespace BackPainBot.Notifications;

/// <summary>Settings for staff notifications (section <c>Notifications</c>).</summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Attempts per notification before it is marked failed and the handoff shows "notification failed". Default 10.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Median wait before the first retry; later ones grow exponentially, with jitter. Default 10 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between two attempts, also for a destination's Retry-After. Default 30 min.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one delivery may take before it counts as a failed attempt. Default 15 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a worker owns a notification it is delivering; another worker or instance takes it over only after this.
    /// At least twice <see cref="RequestTimeout"/>. Default 2 min.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the worker looks for due notifications when nothing wakes it. Default 30 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries in progress at once, plus one slot kept free for emergencies. Default 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Link to a handoff in staff notifications: an absolute URL with <c>{id}</c> where the handoff id goes (the staff
    /// console's page). Empty: notifications carry the id only.
    /// </summary>
    public string HandoffLinkTemplate { get; set; } = "";

    /// <summary>Webhooks told about every handoff (subject to each one's minimum level).</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>The Teams channel of the staff team that the bot posts handoffs to.</summary>
    public StaffChannelOptions StaffChannel { get; set; } = new();
}

/// <summary>One webhook destination (an item of <c>Notifications:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Signed JSON (the default).</summary>
    public const string JsonFormat = "json";

    /// <summary>An Adaptive Card in the Teams incoming-webhook envelope.</summary>
    public const string TeamsFormat = "teams";

    /// <summary>Unique, stable name: lower-case letters, digits and dashes. Part of every idempotency key, so never rename one.</summary>
    public string Name { get; set; } = "";

    /// <summary>Where to POST: https, or http to this machine only (local testing).</summary>
    public string Url { get; set; } = "";

    /// <summary>
    /// HMAC-SHA256 key for the signature header, at least 32 characters; required for <c>json</c>. Keep it out of
    /// appsettings.json: set <c>Notifications__Webhooks__0__Secret</c>.
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary><c>json</c> (default) or <c>teams</c>.</summary>
    public string Format { get; set; } = JsonFormat;

    /// <summary>The destination may receive the patient's name, phone and email. Default false: it is told only whether they were given.</summary>
    public bool Trusted { get; set; }

    /// <summary>Lowest handoff level sent: <c>none</c> (all, the default), <c>routine</c>, <c>urgent</c> or <c>emergency</c>.</summary>
    public string MinimumLevel { get; set; } = "none";
}

/// <summary>The Teams staff channel (section <c>Notifications:StaffChannel</c>).</summary>
public sealed class StaffChannelOptions
{
    /// <summary>Post handoffs to a Teams channel of the staff team. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Destination name, part of idempotency keys. Default <c>staff-channel</c>.</summary>
    public string Name { get; set; } = "staff-channel";

    /// <summary>
    /// The staff team: its Teams id (<c>19:...@thread.tacv2</c>) or its Microsoft 365 group id. Installing the bot in this
    /// team chooses its General channel; anyone in the team can type "notify here" in another of its channels.
    /// </summary>
    public string TeamId { get; set; } = "";

    /// <summary>Microsoft Entra object ids of people who may type "notify here" in a channel of any team.</summary>
    public List<string> AuthorizedUsers { get; set; } = [];

    /// <summary>The channel may see the patient's name, phone and email. Default false.</summary>
    public bool Trusted { get; set; }

    /// <summary>Lowest handoff level posted: <c>none</c> (all, the default), <c>routine</c>, <c>urgent</c> or <c>emergency</c>.</summary>
    public string MinimumLevel { get; set; } = "none";
}

/// <summary>The bot's own Microsoft App id (root setting <c>MicrosoftAppId</c>), which proactive messages are sent as.</summary>
public sealed class BotIdentityOptions
{
    /// <summary>Empty for local use without Bot Framework authentication.</summary>
    public string MicrosoftAppId { get; set; } = "";
}

/// <summary>Checks the <c>Notifications</c> section at start-up; every message names the setting.</summary>
internal sealed partial class NotificationsOptionsValidator : IValidateOptions<NotificationsOptions>
{
    private const int MaxNameLength = 40;

    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        var errors = new List<string>();
        const string S = NotificationsOptions.SectionName;

        if (options.MaxAttempts is < 1 or > 100)
        {
            errors.Add($"{S}:MaxAttempts must be between 1 and 100.");
        }

        if (options.RetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{S}:RetryDelay must be positive.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            errors.Add($"{S}:MaxRetryDelay must be at least {S}:RetryDelay.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{S}:RequestTimeout must be positive.");
        }

        // A lease that could run out during a request would let a second worker send the same notification meanwhile.
        if (options.LeaseDuration < options.RequestTimeout * 2)
        {
            errors.Add($"{S}:LeaseDuration must be at least twice {S}:RequestTimeout.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"{S}:PollInterval must be positive.");
        }

        if (options.MaxConcurrency is < 1 or > 64)
        {
            errors.Add($"{S}:MaxConcurrency must be between 1 and 64.");
        }

        if (options.HandoffLinkTemplate.Length > 0
            && (!options.HandoffLinkTemplate.Contains(NotificationPayloadOptions.IdPlaceholder, StringComparison.Ordinal)
                || !Uri.TryCreate(options.HandoffLinkTemplate.Replace(NotificationPayloadOptions.IdPlaceholder, "x", StringComparison.Ordinal), UriKind.Absolute, out var link)
                || (link.Scheme != Uri.UriSchemeHttps && link.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add($"{S}:HandoffLinkTemplate must be an absolute http(s) URL containing {{id}}, or empty.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var webhook = options.Webhooks[i];
            var key = $"{S}:Webhooks:{i}";
            CheckName(webhook.Name, $"{key}:Name", names, errors);

            if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url)
                || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
            {
                // Handoffs are health information: plain http only to this machine, for testing.
                errors.Add($"{key}:Url must be an absolute https URL (http only to localhost).");
            }

            if (webhook.Format is not (WebhookOptions.JsonFormat or WebhookOptions.TeamsFormat))
            {
                errors.Add($"{key}:Format must be '{WebhookOptions.JsonFormat}' or '{WebhookOptions.TeamsFormat}'.");
            }

            var secretRequired = webhook.Format == WebhookOptions.JsonFormat;
            if ((secretRequired || webhook.Secret.Length > 0) && webhook.Secret.Length < WebhookSignature.MinimumSecretLength)
            {
                errors.Add($"{key}:Secret must be at least {WebhookSignature.MinimumSecretLength} characters" +
                    (secretRequired ? " (json webhooks are always signed)." : " or empty."));
            }

            if (!NotificationDestination.IsKnownLevel(webhook.MinimumLevel))
            {
                errors.Add($"{key}:MinimumLevel must be one of {string.Join(", ", NotificationDestination.Levels)}.");
            }
        }

        var channel = options.StaffChannel;
        if (channel.Enabled)
        {
            CheckName(channel.Name, $"{S}:StaffChannel:Name", names, errors);
            if (string.IsNullOrWhiteSpace(channel.TeamId) && channel.AuthorizedUsers.Count == 0)
            {
                errors.Add($"{S}:StaffChannel needs a TeamId or AuthorizedUsers: otherwise no one can choose the channel.");
            }

            if (!NotificationDestination.IsKnownLevel(channel.MinimumLevel))
            {
                errors.Add($"{S}:StaffChannel:MinimumLevel must be one of {string.Join(", ", NotificationDestination.Levels)}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckName(string name, string key, HashSet<string> names, List<string> errors)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !NamePattern().IsMatch(name))
        {
            errors.Add($"{key} must be 1-{MaxNameLength} lower-case letters, digits or dashes.");
        }
        else if (!names.Add(name))
        {
            errors.Add($"{key} '{name}' is used by another destination.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}
