using BackPainBot.Cli;

namespace BackPainBot.Tests;

public sealed class CommandTests(BotFactoryFixture fixture) : IClassFixture<BotFactoryFixture>
{
    [Fact]
    public void Ask_ShoeQuestion_PrintsTheShoeSectionFirstWithItsScoreAndWhy()
    {
        var output = new StringWriter();

        var exitCode = Commands.Run(["ask", "how often should I replace my sneakers?"], fixture.Factory.Services, output);

        Assert.Equal(0, exitCode);
        var lines = output.ToString().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("* ") && l.Contains("replace-shoes"));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("why:"));
    }

    [Fact]
    public void Ask_RedFlag_SaysTheBotWouldTriageIt()
    {
        var output = new StringWriter();

        Commands.Run(["ask", "I can't control my bladder"], fixture.Factory.Services, output);

        Assert.StartsWith("triage: emergency", output.ToString());
    }

    [Fact]
    public void Validate_ShippedKnowledge_IsValid()
    {
        var output = new StringWriter();

        var exitCode = Commands.Run(["validate"], fixture.Factory.Services, output);

        Assert.Equal(0, exitCode);
        Assert.Contains("valid", output.ToString());
    }

    [Theory]
    [InlineData("eval")]
    [InlineData("eval-triage")]
    public void Evaluate_MissingFile_SaysSoAndExits2(string command)
    {
        var output = new StringWriter();

        var exitCode = Commands.Run([command, "no-such-set.tsv"], fixture.Factory.Services, output);

        Assert.Equal(2, exitCode);
        Assert.Contains("no such file:", output.ToString());
        Assert.Contains("no-such-set.tsv", output.ToString());
    }

    [Fact]
    public void IsCommand_HostArguments_AreNotCommands()
    {
        Assert.False(Commands.IsCommand(["--urls", "http://127.0.0.1:5000"]));
        Assert.True(Commands.IsCommand(["ask", "shoes"]));
    }
}
