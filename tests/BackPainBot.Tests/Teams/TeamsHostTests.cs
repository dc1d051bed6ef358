using BackPainBot.Cli;
using BackPainBot.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackPainBot.Tests.Teams;

/// <summary>The Teams settings as the real host registers them.</summary>
public sealed class TeamsHostTests(BotFactoryFixture fixture) : IClassFixture<BotFactoryFixture>
{
    [Fact]
    public void Host_ShippedTeamsSettings_AreBoundAndValid()
    {
        var app = fixture.Factory.Services.GetRequiredService<IOptions<TeamsAppOptions>>().Value;

        Assert.True(Guid.TryParse(app.AppId, out _));
        Assert.Equal(["www.painandinjuryclinic.com"], app.ValidDomains);
    }

    [Fact]
    public void CommandsRun_TeamsPackageWithoutMicrosoftAppId_ExitsWithTheSettingsMessage()
    {
        var output = new StringWriter();
        var path = Path.Combine(fixture.Factory.DataDirectory, "teams.zip");

        var exitCode = Commands.Run(["teams-package", "--output", path], fixture.Factory.Services, output);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("MicrosoftAppId is not set", output.ToString());
        Assert.False(File.Exists(path));
    }
}
