using System.Text.Json.Nodes;
using BackPainBot.Triage;

namespace BackPainBot.Teams;

/// <summary>Writes the Teams app manifest (schema <see cref="ManifestVersion"/>) from the clinic's settings.</summary>
public static class TeamsManifest
{
    /// <summary>The manifest schema version written; 1.17 is current for bots and accepted by every Teams client.</summary>
    public const string ManifestVersion = "1.17";

    public const string FileName = "manifest.json";
    public const string ColorIconFile = "color.png";
    public const string OutlineIconFile = "outline.png";

    /// <summary>Where Microsoft publishes the schema of a manifest version.</summary>
    public static string SchemaUrl(string manifestVersion) =>
        $"https://developer.microsoft.com/en-us/json-schemas/teams/v{manifestVersion}/MicrosoftTeams.schema.json";

    /// <summary>Scopes the bot is offered in: a personal chat, team channels, and group chats.</summary>
    public static readonly IReadOnlyList<string> BotScopes = ["personal", "team", "groupChat"];

    /// <summary>The commands Teams suggests under the compose box; each is a word the bot already understands.</summary>
    private static readonly (string Title, string Description)[] Commands =
    [
        ("help", "What I can help with"),
        ("book", "Ask the clinic for a consultation"),
        ("cancel", "Stop a booking in progress"),
        ("start over", "Begin the conversation again"),
    ];

    /// <summary>The manifest for the Teams app of the bot whose Microsoft App ID is <paramref name="botId"/>.</summary>
    public static JsonObject Build(TeamsAppOptions app, ClinicOptions clinic, string botId) => new()
    {
        ["$schema"] = SchemaUrl(ManifestVersion),
        ["manifestVersion"] = ManifestVersion,
        ["version"] = app.Version,
        ["id"] = app.AppId,
        ["developer"] = new JsonObject
        {
            ["name"] = string.IsNullOrWhiteSpace(app.DeveloperName) ? clinic.Name : app.DeveloperName,
            ["websiteUrl"] = app.WebsiteUrl,
            ["privacyUrl"] = app.PrivacyUrl,
            ["termsOfUseUrl"] = app.TermsOfUseUrl,
        },
        ["name"] = new JsonObject { ["short"] = app.ShortName, ["full"] = app.FullName },
        ["description"] = new JsonObject { ["short"] = app.ShortDescription, ["full"] = app.FullDescription },
        ["icons"] = new JsonObject { ["color"] = ColorIconFile, ["outline"] = OutlineIconFile },
        ["accentColor"] = app.AccentColor,
        ["bots"] = new JsonArray(new JsonObject
        {
            ["botId"] = botId,
            ["scopes"] = Strings(BotScopes),
            ["supportsFiles"] = false,
            ["isNotificationOnly"] = false,
            ["commandLists"] = new JsonArray(new JsonObject
            {
                ["scopes"] = Strings(BotScopes),
                ["commands"] = new JsonArray([.. Commands.Select(c => new JsonObject { ["title"] = c.Title, ["description"] = c.Description })]),
            }),
        }),
        ["validDomains"] = Strings(app.ValidDomains),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
