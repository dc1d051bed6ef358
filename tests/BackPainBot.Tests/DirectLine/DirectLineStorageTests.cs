using BackPainBot.DirectLine;
using BackPainBot.Handoffs;
using BackPainBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace BackPainBot.Tests.DirectLine;

/// <summary><c>Storage:Provider</c> chooses where Direct Line conversations live.</summary>
public sealed class DirectLineStorageTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "backpainbot-directline-storage-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void AddDirectLine_SqliteProvider_KeepsConversationsInTheHandoffsFile()
    {
        using var services = Services(new() { ["Storage:Provider"] = "sqlite" });

        Assert.IsType<SqliteDirectLineStore>(services.GetRequiredService<IDirectLineStore>());
        Assert.True(File.Exists(Path.Combine(_dataDirectory, SqliteHandoffStore.DatabaseFileName)));
    }

    [PostgresFact]
    public async Task AddDirectLine_PostgresProvider_UsesTheSharedDatabaseAndStartsItsListener()
    {
        await using var database = PostgresTestDatabase.Create();
        await using var services = Services(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = database.ConnectionString,
        });
        var store = services.GetRequiredService<IDirectLineStore>();
        var listeners = services.GetServices<IHostedService>().ToList();
        foreach (var hosted in listeners)
        {
            await hosted.StartAsync(default);
        }

        await services.GetRequiredService<PostgresNotifications>().WhenListeningAsync(default).WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var hosted in listeners)
        {
            await hosted.StopAsync(default);
        }

        Assert.IsType<PostgresDirectLineStore>(store);
        Assert.Equal([1], await services.GetRequiredService<PostgresDatabase>().AppliedVersionsAsync(PostgresDirectLineStore.Component));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        settings["Storage:DataDirectory"] = _dataDirectory;
        settings["DirectLine:TokenSecret"] = DirectLineFactory.TokenSecret;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = Path.GetTempPath() });
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.AddDirectLine(configuration);
        return services.BuildServiceProvider();
    }
}
