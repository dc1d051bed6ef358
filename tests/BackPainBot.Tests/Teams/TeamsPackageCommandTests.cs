using System.Text.Json.Nodes;
using BackPainBot.Cli;
using BackPainBot.Teams;

namespace BackPainBot.Tests.Teams;

public sealed class TeamsPackageCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "backpainbot-teams-" + Guid.NewGuid().ToString("N"));

    private string OutputPath => Path.Combine(_folder, "out", "package.zip");

    [Fact]
    public void Run_MicrosoftAppIdSet_WritesAPackageThatPassesTheTeamsRules()
    {
        using var services = TeamsTestSettings.Services(("MicrosoftAppId", TeamsTestSettings.BotId));
        var output = new StringWriter();

        var exitCode = TeamsPackageCommand.Run(["--output", OutputPath], services, output);

        Assert.Equal(0, exitCode);
        var package = File.ReadAllBytes(OutputPath);
        Assert.Empty(TeamsManifestValidator.ValidatePackage(package));
        var manifest = JsonNode.Parse(TeamsPackageTests.Entry(package, "manifest.json"))!;
        Assert.Equal(TeamsTestSettings.BotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Contains(OutputPath, output.ToString());
    }

    [Theory]
    [InlineData("", "MicrosoftAppId is not set.")]
    [InlineData("backpainbot", "MicrosoftAppId 'backpainbot' is not a GUID.")]
    [InlineData("28:3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "MicrosoftAppId '28:3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' is not a GUID.")]
    public void Run_MicrosoftAppIdMissingOrNotAGuid_FailsNamingTheSettingAndWritesNothing(string appId, string expected)
    {
        using var services = TeamsTestSettings.Services(("MicrosoftAppId", appId));
        var output = new StringWriter();

        var exitCode = TeamsPackageCommand.Run(["--output", OutputPath], services, output);

        Assert.Equal(1, exitCode);
        Assert.StartsWith(expected, output.ToString());
        Assert.False(File.Exists(OutputPath));
    }

    [Theory]
    [InlineData("Teams:AccentColor", "teal", "Teams:AccentColor 'teal' must be a colour as #RRGGBB")]
    [InlineData("Teams:AppId", "", "Teams:AppId is required")]
    [InlineData("Teams:ShortName", "Pain and Injury Clinic of Utah Bot", "Teams:ShortName is 34 characters; Teams allows 30")]
    [InlineData("Teams:PrivacyUrl", "http://example.com/privacy", "Teams:PrivacyUrl 'http://example.com/privacy' must be an absolute https:// URL")]
    [InlineData("Teams:ValidDomains:0", "https://example.com", "Teams:ValidDomains:0 'https://example.com' must be a host name")]
    [InlineData("Teams:OutlineIcon", "no/such/icon.png", "Teams:OutlineIcon 'no/such/icon.png' does not exist")]
    [InlineData("Clinic:Name", "The Pain and Injury Clinic of Salt Lake City", "Clinic:Name (the Teams developer name) is 44 characters; Teams allows 32")]
    public void Run_BadTeamsSetting_FailsNamingTheSetting(string key, string value, string expected)
    {
        using var services = TeamsTestSettings.Services(("MicrosoftAppId", TeamsTestSettings.BotId), (key, value));
        var output = new StringWriter();

        var exitCode = TeamsPackageCommand.Run(["--output", OutputPath], services, output);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, output.ToString());
        Assert.False(File.Exists(OutputPath));
    }

    [Fact]
    public void Run_ClinicIconOfTheWrongSize_FailsWithTheRuleAndWritesNothing()
    {
        var icon = Path.GetRelativePath(TeamsTestSettings.RepoRoot, TeamsTestSettings.DataFile("outline-white.png"));
        using var services = TeamsTestSettings.Services(("MicrosoftAppId", TeamsTestSettings.BotId), ("Teams:ColorIcon", icon));
        var output = new StringWriter();

        var exitCode = TeamsPackageCommand.Run(["--output", OutputPath], services, output);

        Assert.Equal(1, exitCode);
        Assert.Contains("color.png: is 32x32; Teams requires 192x192 [icon-size]", output.ToString());
        Assert.False(File.Exists(OutputPath));
    }

    [Theory]
    [InlineData("--output")]
    [InlineData("--zip", "x.zip")]
    public void Run_BadArguments_PrintsUsage(params string[] args)
    {
        using var services = TeamsTestSettings.Services(("MicrosoftAppId", TeamsTestSettings.BotId));
        var output = new StringWriter();

        var exitCode = TeamsPackageCommand.Run(args, services, output);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("usage: teams-package", output.ToString());
    }

    [Fact]
    public void IsCommand_TeamsPackage_IsACommand()
    {
        Assert.True(Commands.IsCommand(["teams-package", "--output", "x.zip"]));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
