using System.Text.RegularExpressions;
using BackPainBot.Handoffs.Notifications;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;

namespace BackPainBot.Notifications;

/// <summary>
/// Chooses the Teams channel staff notifications go to, ahead of the patient bot: when the bot is installed in the staff
/// team (<see cref="StaffChannelOptions.TeamId"/>) its General channel, and when someone types "notify here" in a
/// channel of that team, or of any team if they are one of <see cref="StaffChannelOptions.AuthorizedUsers"/>, that
/// channel. The conversation reference is stored in the database, so the choice survives restarts. Everything else goes
/// on to the patient bot.
/// </summary>
internal sealed partial class StaffChannelMiddleware(
    StaffChannelOptions options,
    INotificationOutbox outbox,
    NotificationSignal signal,
    TimeProvider time,
    ILogger<StaffChannelMiddleware> logger) : Microsoft.Bot.Builder.IMiddleware
{
    /// <summary>The command, after the bot's @mention is removed; compared ignoring case.</summary>
    public const string Command = "notify here";

    /// <summary>Chosen-by value when the channel came from installing the bot.</summary>
    public const string ChosenByInstallation = "installation";

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        var activity = turnContext.Activity;
        if (activity.ChannelId != Channels.Msteams)
        {
            await next(cancellationToken);
            return;
        }

        var teams = activity.GetChannelData<TeamsChannelData>();
        if (IsInstallation(activity) && IsStaffTeam(teams?.Team))
        {
            await ChooseAsync(turnContext, teams!, ChosenByInstallation, cancellationToken);
            return;
        }

        if (activity.Type == ActivityTypes.Message && IsCommand(activity.Text))
        {
            await HandleCommandAsync(turnContext, teams, cancellationToken);
            return;
        }

        await next(cancellationToken);
    }

    private async Task HandleCommandAsync(ITurnContext turn, TeamsChannelData? teams, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.Conversation?.ConversationType != "channel" || teams?.Team is null)
        {
            await turn.SendActivityAsync(StaffChannelWords.NotAChannel, cancellationToken: cancellationToken);
            return;
        }

        var user = activity.From?.AadObjectId;
        if (!IsStaffTeam(teams.Team) && !IsAuthorized(user))
        {
            logger.LogWarning(
                "Refused '{Command}' for {Destination} in team {TeamId}: not the staff team and user {UserId} is not authorized",
                Command, options.Name, teams.Team.Id, user ?? activity.From?.Id);
            await turn.SendActivityAsync(StaffChannelWords.NotAllowed, cancellationToken: cancellationToken);
            return;
        }

        await ChooseAsync(turn, teams, user ?? activity.From?.Id, cancellationToken);
    }

    private async Task ChooseAsync(ITurnContext turn, TeamsChannelData teams, string? chosenBy, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;

        // Post new top-level messages in the channel: the channel's id, not the thread ("...;messageid=...") the
        // command was typed in.
        var channelId = teams.Channel?.Id ?? StripThread(activity.Conversation.Id);
        var reference = activity.GetConversationReference();
        reference.ActivityId = null;
        reference.Conversation = new ConversationAccount(
            isGroup: true, conversationType: "channel", id: channelId, tenantId: activity.Conversation.TenantId);

        var now = time.GetUtcNow();
        await outbox.SaveStaffChannelAsync(
            new StaffChannel(options.Name, JsonConvert.SerializeObject(reference), teams.Team?.Id, channelId, chosenBy, now),
            cancellationToken);

        // Notifications that were waiting for a channel go now rather than at their next retry.
        await outbox.MakeDueAsync(options.Name, now, cancellationToken);
        signal.Notify();

        logger.LogInformation(
            "Staff channel for {Destination} chosen in team {TeamId} by {ChosenBy}", options.Name, teams.Team?.Id, chosenBy);
        await turn.SendActivityAsync(StaffChannelWords.Chosen, cancellationToken: cancellationToken);
    }

    private static bool IsInstallation(Activity activity) => activity.Type switch
    {
        ActivityTypes.ConversationUpdate =>
            activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true,
        ActivityTypes.InstallationUpdate => activity.Action is "add" or "add-upgrade",
        _ => false,
    };

    private bool IsStaffTeam(TeamInfo? team) =>
        team is not null && options.TeamId.Length > 0
        && (string.Equals(team.Id, options.TeamId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(team.AadGroupId, options.TeamId, StringComparison.OrdinalIgnoreCase));

    private bool IsAuthorized(string? aadObjectId) =>
        aadObjectId is not null && options.AuthorizedUsers.Contains(aadObjectId, StringComparer.OrdinalIgnoreCase);

    private static bool IsCommand(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var words = Whitespace().Replace(Mention().Replace(text, " "), " ").Trim();
        return string.Equals(words, Command, StringComparison.OrdinalIgnoreCase);
    }

    private static string StripThread(string conversationId)
    {
        var thread = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return thread < 0 ? conversationId : conversationId[..thread];
    }

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Mention();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>Every word the bot says in the staff channel.</summary>
internal static class StaffChannelWords
{
    public const string Chosen =
        "New handoffs will be posted in this channel. To move them, type \"notify here\" (mentioning me) in another channel of the staff team.";

    public const string NotAChannel =
        "Type \"notify here\" in a channel of the staff team, mentioning me, to have new handoffs posted there.";

    public const string NotAllowed =
        "Only the clinic's staff team can choose where handoffs are posted. Ask the administrator to add this team or you to the bot's settings.";
}
