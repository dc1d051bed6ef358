using BackPainBot.Conversation;
using BackPainBot.Conversation.State;
using BackPainBot.Handoffs;
using BackPainBot.Handoffs.State;
using BackPainBot.Hosting;
using BackPainBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.Hosting;

/// <summary>The bot's state as the host wires it, per provider, and what outliving the process means to a patient.</summary>
public sealed class BotStateTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "backpainbot-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Host_SqliteProvider_KeepsStateInTheHandoffDatabaseWithAProcessLock()
    {
        await using var host = new Host(_dataDirectory);

        Assert.IsType<SqliteConversationStateStore>(host.Services.GetRequiredService<ConversationStateStorage>().Store);
        Assert.Same(host.Services.GetRequiredService<ConversationStateStorage>(), host.Services.GetRequiredService<IStorage>());
        Assert.IsType<InProcessConversationLock>(host.Services.GetRequiredService<IConversationLock>());
        Assert.True(File.Exists(Path.Combine(_dataDirectory, SqliteHandoffStore.DatabaseFileName)));
    }

    [Fact]
    public async Task Host_Restarted_PatientCarriesOnWhereTheyWere()
    {
        var conversation = Guid.NewGuid().ToString("N");
        await using (var before = new Host(_dataDirectory))
        {
            var replies = await before.CreateClient().SayAsync(conversation, "I'd like to book an appointment");
            Assert.Equal(before.Services.GetRequiredService<Responses>().AskName, replies[^1]!["text"]!.GetValue<string>());
        }

        await using var after = new Host(_dataDirectory);
        var next = await after.CreateClient().SayAsync(conversation, "My name is Jane Smith");

        Assert.Equal(after.Services.GetRequiredService<Responses>().AskContact, Assert.Single(next)!["text"]!.GetValue<string>());
    }

    [PostgresFact]
    public async Task AddBotState_PostgresProvider_KeepsStateInTheSharedDatabaseWithAnAdvisoryLock()
    {
        await using var test = PostgresTestDatabase.Create();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>().Configure(o =>
        {
            o.Provider = " Postgres ";
            o.ConnectionString = test.ConnectionString;
        });
        await using var provider = services.AddBotState().BuildServiceProvider();

        var storage = provider.GetRequiredService<ConversationStateStorage>();
        await storage.WriteAsync(new Dictionary<string, object>
        {
            ["webchat/conversations/c1"] = new Dictionary<string, object> { [nameof(ConversationData)] = new ConversationData() },
        });

        Assert.IsType<PostgresConversationStateStore>(storage.Store);
        Assert.Single(await storage.ReadAsync(["webchat/conversations/c1"]));
        Assert.IsType<PostgresConversationLock>(provider.GetRequiredService<IConversationLock>());
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>The real host on the given data folder; several in turn on one folder are restarts of one bot.</summary>
    private sealed class Host(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(BotFactory.RepoRoot);
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
        }
    }
}
