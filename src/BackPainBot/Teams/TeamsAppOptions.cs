namespace BackPainBot.Teams;

/// <summary>
/// The Teams app's listing (section <c>Teams</c>): what a clinic's staff see when they install the bot in Teams. Read
/// by the <c>teams-package</c> command; validated at start-up with the manifest's own rules.
/// </summary>
public sealed class TeamsAppOptions
{
    public const string SectionName = "Teams";

    /// <summary>
    /// The Teams app's id, a GUID. Keep it for the app's whole life: Teams treats a new id as a different app. It is
    /// not the bot's id (that is <c>MicrosoftAppId</c>).
    /// </summary>
    public string AppId { get; set; } = "";

    /// <summary>The package version, <c>major.minor.patch</c>. Raise it for every package uploaded to Teams.</summary>
    public string Version { get; set; } = "1.0.0";

    /// <summary>The app's name in Teams, at most 30 characters.</summary>
    public string ShortName { get; set; } = "";

    /// <summary>The app's full name, at most 100 characters.</summary>
    public string FullName { get; set; } = "";

    /// <summary>One line for the app store and the install dialog, at most 80 characters.</summary>
    public string ShortDescription { get; set; } = "";

    /// <summary>The install dialog's description, at most 4000 characters.</summary>
    public string FullDescription { get; set; } = "";

    /// <summary>Who publishes the app, at most 32 characters. Empty: <c>Clinic:Name</c>.</summary>
    public string DeveloperName { get; set; } = "";

    /// <summary>The clinic's website (https).</summary>
    public string WebsiteUrl { get; set; } = "";

    /// <summary>The clinic's privacy statement (https); Teams shows it before installing.</summary>
    public string PrivacyUrl { get; set; } = "";

    /// <summary>The clinic's terms of use (https).</summary>
    public string TermsOfUseUrl { get; set; } = "";

    /// <summary>Background colour behind the app's icon in Teams, <c>#RRGGBB</c>.</summary>
    public string AccentColor { get; set; } = "#1B6F8A";

    /// <summary>Domains the app may open inside Teams (host names, no scheme), e.g. the clinic's website.</summary>
    public List<string> ValidDomains { get; set; } = [];

    /// <summary>
    /// The clinic's own colour icon: a 192x192 PNG, path relative to the content root. Empty: a built-in spine symbol
    /// on the accent colour.
    /// </summary>
    public string ColorIcon { get; set; } = "";

    /// <summary>
    /// The clinic's own outline icon: a 32x32 PNG, white on transparent, path relative to the content root. Empty: the
    /// built-in spine symbol.
    /// </summary>
    public string OutlineIcon { get; set; } = "";
}

/// <summary>
/// The Azure Bot registration, read from the root keys the Bot Framework itself reads (<c>MicrosoftAppId</c>). Empty
/// for local use; the Teams package needs it.
/// </summary>
public sealed class BotRegistrationOptions
{
    /// <summary>The Azure Bot's Microsoft App ID, a GUID; it becomes <c>bots[0].botId</c> in the Teams manifest.</summary>
    public string MicrosoftAppId { get; set; } = "";
}
