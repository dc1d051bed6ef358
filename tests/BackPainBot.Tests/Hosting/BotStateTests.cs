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
    public async Task Hosts_TwoInstancesOnOnePostgresDatabase_ABookingAlternatesBetweenThem()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var a = new Host(_dataDirectory, Postgres(test));
        await using var b = new Host(_dataDirectory, Postgres(test));
        var (toA, toB) = (a.CreateClient(), b.CreateClient());
        var responses = a.Services.GetRequiredService<Responses>();
        var conversation = Guid.NewGuid().ToString("N");

        Assert.Equal(responses.AskName, Text((await toA.SayAsync(conversation, "I'd like to book an appointment"))[^1]));
        Assert.Equal(responses.AskContact, Text(Assert.Single(await toB.SayAsync(conversation, "My name is Jane Smith"))));
        Assert.Equal(responses.AskTime, Text(Assert.Single(await toA.SayAsync(conversation, "(801) 555-0142"))));
        Assert.Contains("Name: Jane Smith", Text(Assert.Single(await toB.SayAsync(conversation, "as soon as possible"))));
        Assert.StartsWith("Thanks, Jane Smith.", Text(Assert.Single(await toA.SayAsync(conversation, "yes"))));

        var handoff = Assert.Single(await b.Services.GetRequiredService<IHandoffStore>().ListAsync());
        Assert.Equal("Jane Smith", handoff.Contact!.Name);
    }

    [PostgresFact]
    public async Task Hosts_TwoInstancesOnOnePostgresDatabase_TurnsAtOnceAllCount()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var a = new Host(_dataDirectory, Postgres(test));
        await using var b = new Host(_dataDirectory, Postgres(test));
        var conversation = Guid.NewGuid().ToString("N");

        await Task.WhenAll(
            Task.Run(() => ThankAsync(a.CreateClient(), conversation, "a")),
            Task.Run(() => ThankAsync(b.CreateClient(), conversation, "b")));

        var storage = b.Services.GetRequiredService<ConversationStateStorage>();
        var key = "webchat/conversations/" + conversation;
        var state = (IDictionary<string, object>)(await storage.ReadAsync([key]))[key];
        Assert.Equal(2 * HttpTurnsPerInstance, ((ConversationData)state[nameof(ConversationData)]).MessageCount);
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
        Assert.Same(storage.Store, provider.GetRequiredService<IConversationLock>());
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private const int HttpTurnsPerInstance = 10;

    private static Dictionary<string, string> Postgres(PostgresTestDatabase test) => new()
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = test.ConnectionString,
    };

    private static string Text(System.Text.Json.Nodes.JsonNode? activity) => activity!["text"]!.GetValue<string>();

    private static async Task ThankAsync(HttpClient client, string conversation, string instance)
    {
        for (var i = 1; i <= HttpTurnsPerInstance; i++)
        {
            Assert.Single(await client.SayAsync(conversation, $"thanks {instance}{i}"));
        }
    }

    /// <summary>
    /// The real host on the given data folder and settings: several in turn on one folder are restarts of one bot,
    /// several at once on one PostgreSQL database are instances behind a load balancer.
    /// </summary>
    private sealed class Host(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(BotFactory.RepoRoot);
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
