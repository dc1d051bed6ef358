using BackPainBot.Cli;
using BackPainBot.Handoffs;
using BackPainBot.Handoffs.Notifications;
using BackPainBot.Hosting;
using BackPainBot.Testing;
using BackPainBot.Tests.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.Hosting;

/// <summary>The host's stores follow Storage:Provider, even when a test host sets it after the services were registered.</summary>
public sealed class StorageProviderTests
{
    [Fact]
    public void Services_SqliteProvider_SqliteStoresAndNoPostgresDatabase()
    {
        using var factory = new StaffConsoleFactory();
        var services = factory.Services;

        Assert.IsType<SqliteHandoffStore>(services.GetRequiredKeyedService<IHandoffStore>(ServiceCollectionExtensions.ProviderHandoffStoreKey));
        Assert.IsType<SqliteStaffStore>(services.GetRequiredService<IStaffStore>());
        Assert.IsType<SqliteNotificationOutbox>(services.GetRequiredService<INotificationOutbox>());
        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<PostgresDatabase>());
        Assert.Contains("only when Storage:Provider is 'postgres'", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Services_PostgresProvider_EveryStoreOnTheOneSharedDatabase()
    {
        await using var test = PostgresTestDatabase.Create();
        using var factory = Postgres(test);
        var services = factory.Services;

        var database = services.GetRequiredService<PostgresDatabase>();
        var handoffs = services.GetRequiredKeyedService<IHandoffStore>(ServiceCollectionExtensions.ProviderHandoffStoreKey);

        Assert.Same(database, Assert.IsType<PostgresHandoffStore>(handoffs).Database);
        Assert.IsType<PostgresStaffStore>(services.GetRequiredService<IStaffStore>());
        Assert.IsType<PostgresNotificationOutbox>(services.GetRequiredService<INotificationOutbox>());
        Assert.Equal([1, 2], await database.AppliedVersionsAsync("handoffs"));
    }

    [PostgresFact]
    public async Task StaffAndPurgeCommands_PostgresProvider_WorkOnTheSharedDatabase()
    {
        await using var test = PostgresTestDatabase.Create();
        using var factory = Postgres(test);
        var output = new StringWriter();

        var added = Commands.Run(["staff", "add", "morgan", "--admin"], factory.Services, output, new StringReader("a-long-enough-password"));
        var disabled = Commands.Run(["staff", "disable", "MORGAN"], factory.Services, output);
        var purged = Commands.Run(["purge"], factory.Services, output);

        Assert.Equal((0, 0, 0), (added, disabled, purged));
        var user = await factory.Services.GetRequiredService<IStaffUserStore>().FindByNameAsync("morgan");
        Assert.Equal((StaffRoles.Admin, true), (user!.Role, user.Disabled));
    }

    private static StaffConsoleFactory Postgres(PostgresTestDatabase test) => new(new Dictionary<string, string>
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = test.ConnectionString,
    });
}
