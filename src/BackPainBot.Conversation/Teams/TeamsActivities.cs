using System.Text.RegularExpressions;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace BackPainBot.Conversation.Teams;

/// <summary>
/// What differs when a message comes from Microsoft Teams: mentions in the text, and where buttons can be shown.
/// Other channels pass through unchanged.
/// </summary>
internal static partial class TeamsActivities
{
    /// <summary>Teams' <c>conversation.conversationType</c> values for a team channel and a group chat.</summary>
    private static readonly string[] SharedConversations = ["channel", "groupChat"];

    /// <summary>Most buttons a card shows in Teams; more are dropped from the middle, keeping the last (book, staff).</summary>
    public const int MaxCardButtons = 6;

    /// <summary>
    /// The message's text as the patient meant it: the bot's own <c>&lt;at&gt;</c> mention removed, anyone else's
    /// mention reduced to the name ("<c>&lt;at&gt;Jane&lt;/at&gt; has numbness</c>" is about Jane). Not the SDK's
    /// <c>RemoveRecipientMention</c>, which throws on a mention entity without a <c>mentioned</c> account.
    /// </summary>
    public static string PatientText(IMessageActivity message)
    {
        var text = message.Text ?? "";
        if (text.IndexOf("<at>", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return text.Trim();
        }

        var botMentions = message.GetMentions()
            .Where(m => m.Mentioned is not null && m.Mentioned.Id == message.Recipient?.Id && !string.IsNullOrEmpty(m.Text))
            .Select(m => m.Text)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var botName = message.Recipient?.Name;

        return AtMention().Replace(text, match =>
        {
            var name = match.Groups["name"].Value.Trim();
            var isBot = botMentions.Contains(match.Value)
                || (!string.IsNullOrEmpty(botName) && string.Equals(name, botName, StringComparison.OrdinalIgnoreCase));
            return isBot ? " " : name;
        }).Trim();
    }

    /// <summary>
    /// Teams shows suggested actions only in a personal chat; in a channel or group chat the reply becomes a hero card
    /// with the text and the same buttons, which post their title back as the patient's message. The text goes on the
    /// card, not beside it, so that every Teams client shows it once.
    /// </summary>
    public static void AdaptReply(IActivity incoming, Activity reply)
    {
        if (incoming.ChannelId != Channels.Msteams
            || !SharedConversations.Contains(incoming.Conversation?.ConversationType, StringComparer.Ordinal)
            || reply.SuggestedActions?.Actions is not { Count: > 0 } actions)
        {
            return;
        }

        var buttons = actions.Count <= MaxCardButtons
            ? actions.ToList()
            : [.. actions.Take(MaxCardButtons - 1), actions[^1]];
        reply.Attachments ??= [];
        reply.Attachments.Add(new HeroCard(text: reply.Text, buttons: buttons).ToAttachment());
        reply.SuggestedActions = null;
        reply.Text = null;
    }

    [GeneratedRegex("<at>(?<name>[^<]*)</at>", RegexOptions.IgnoreCase)]
    private static partial Regex AtMention();
}
