using BackPainBot.Cli;
using BackPainBot.Handoffs;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackPainBot.Tests.Staff;

public sealed class StaffCommandTests : IDisposable
{
    private const string Password = "a-long-enough-password";

    private readonly StaffConsoleFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private int Run(string input, params string[] args) => Run(input, out _, args);

    private int Run(string input, out string output, params string[] args)
    {
        var writer = new StringWriter();
        var code = Commands.Run(args, _factory.Services, writer, new StringReader(input));
        output = writer.ToString();
        return code;
    }

    private StaffUser? Find(string name) =>
        _factory.Services.GetRequiredService<IStaffUserStore>().FindByNameAsync(name).GetAwaiter().GetResult();

    private bool Verifies(StaffUser user, string password) =>
        _factory.Services.GetRequiredService<IPasswordHasher<StaffUser>>().VerifyHashedPassword(user, user.PasswordHash, password)
            != PasswordVerificationResult.Failed;

    [Fact]
    public void StaffAdd_PasswordOnStandardInput_AddsAStaffAccountWithAHashedPassword()
    {
        var code = Run(Password + "\n", "staff", "add", "Morgan");

        Assert.Equal(0, code);
        var user = Find("morgan");
        Assert.NotNull(user);
        Assert.Equal(StaffRoles.Staff, user.Role);
        Assert.DoesNotContain(Password, user.PasswordHash);
        Assert.True(Verifies(user, Password));
    }

    [Fact]
    public void StaffAdd_AdminOption_AddsAnAdministrator()
    {
        Run(Password, "staff", "add", "morgan", "--admin");

        Assert.Equal(StaffRoles.Admin, Find("morgan")!.Role);
    }

    [Fact]
    public void StaffAdd_PasswordTooShort_AddsNothing()
    {
        var code = Run("short", out var output, "staff", "add", "morgan");

        Assert.Equal(1, code);
        Assert.Contains("12", output);
        Assert.Null(Find("morgan"));
    }

    [Fact]
    public void StaffAdd_NameTaken_Fails()
    {
        Run(Password, "staff", "add", "morgan");

        var code = Run(Password, out var output, "staff", "add", "MORGAN");

        Assert.Equal(1, code);
        Assert.Contains("already exists", output);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("-dash")]
    [InlineData("")]
    public void StaffAdd_InvalidName_PrintsUsage(string name)
    {
        var code = Run(Password, out var output, "staff", "add", name);

        Assert.Equal(2, code);
        Assert.StartsWith("usage:", output);
    }

    [Fact]
    public void StaffPasswd_KnownAccount_ReplacesThePassword()
    {
        Run(Password, "staff", "add", "morgan");

        var code = Run("another-long-password", "staff", "passwd", "morgan");

        Assert.Equal(0, code);
        Assert.False(Verifies(Find("morgan")!, Password));
        Assert.True(Verifies(Find("morgan")!, "another-long-password"));
    }

    [Fact]
    public void StaffDisable_KnownAccount_DisablesIt()
    {
        Run(Password, "staff", "add", "morgan");

        Assert.Equal(0, Run("", "staff", "disable", "morgan"));

        Assert.True(Find("morgan")!.Disabled);
        Assert.Equal(1, Run("", "staff", "disable", "nobody"));
    }

    [Theory]
    [InlineData("purge")]
    [InlineData("retention", "purge")]
    public async Task Purge_OldAndRecentHandoffs_RemovesOnlyTheOldTranscripts(params string[] args)
    {
        var store = _factory.Services.GetRequiredService<IHandoffStore>();
        var now = DateTimeOffset.UtcNow;
        Handoff Make(int daysAgo) => new()
        {
            Id = Guid.NewGuid(), ConversationId = "c", Channel = "webchat", Level = "urgent",
            CreatedAt = now.AddDays(-daysAgo), UpdatedAt = now.AddDays(-daysAgo),
            Transcript = [new TranscriptEntry(now.AddDays(-daysAgo), "patient", "my back")],
        };
        var old = Make(91);
        var recent = Make(89);
        await store.SaveAsync(old);
        await store.SaveAsync(recent);

        var code = Run("", out var output, args);

        Assert.Equal(0, code);
        Assert.Contains("of 1 handoff", output);
        Assert.Empty((await store.GetAsync(old.Id))!.Transcript);
        Assert.Single((await store.GetAsync(recent.Id))!.Transcript);
    }

    [Fact]
    public void IsCommand_StaffAndPurge_AreCommands()
    {
        Assert.True(Commands.IsCommand(["staff", "add", "x"]));
        Assert.True(Commands.IsCommand(["purge"]));
        Assert.True(Commands.IsCommand(["retention", "purge"]));
    }
}

public sealed class StaffRetentionTests
{
    [Fact]
    public async Task RetentionService_HostStarts_PurgesTranscriptsOlderThanTheSetting()
    {
        using var factory = new StaffConsoleFactory(new Dictionary<string, string> { ["Retention:TranscriptDays"] = "30" });
        Directory.CreateDirectory(factory.DataDirectory);
        var old = new Handoff
        {
            Id = Guid.NewGuid(), ConversationId = "c", Channel = "webchat", Level = "urgent",
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-31), UpdatedAt = DateTimeOffset.UtcNow.AddDays(-31),
            Transcript = [new TranscriptEntry(DateTimeOffset.UtcNow.AddDays(-31), "patient", "my back")],
        };
        using (var before = SqliteHandoffStore.OpenDataDirectory(factory.DataDirectory))
        {
            await before.SaveAsync(old);
        }

        factory.Client();
        var store = factory.Services.GetRequiredService<IHandoffStore>();
        for (var i = 0; i < 100 && (await store.GetAsync(old.Id))!.Transcript.Count > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Empty((await store.GetAsync(old.Id))!.Transcript);
    }

    [Theory]
    [InlineData("Retention:TranscriptDays", "0")]
    [InlineData("Retention:SweepInterval", "00:00:01")]
    [InlineData("Staff:SessionLifetime", "00:00:10")]
    [InlineData("Staff:MinimumPasswordLength", "4")]
    public void Start_BadSetting_StopsWithTheSettingsName(string key, string value)
    {
        using var factory = new StaffConsoleFactory(new Dictionary<string, string> { [key] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.Client());

        Assert.Contains(key, error.Message);
    }
}
