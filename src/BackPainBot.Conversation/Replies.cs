using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace BackPainBot.Conversation;

/// <summary>Builds message activities. Buttons are suggested actions that post their own title back as text.</summary>
internal static class Replies
{
    public static IMessageActivity WithActions(string text, IEnumerable<string> actions)
    {
        var activity = MessageFactory.Text(text);
        var buttons = actions
            .Distinct(StringComparer.Ordinal)
            .Select(a => new CardAction(ActionTypes.ImBack, title: a, value: a))
            .ToList();
        if (buttons.Count > 0)
        {
            activity.SuggestedActions = new SuggestedActions { Actions = buttons };
        }

        return activity;
    }
}
