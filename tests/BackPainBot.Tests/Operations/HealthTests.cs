using System.Net;
using BackPainBot.Handoffs;
using BackPainBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.Operations;

public sealed class HealthTests
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/healthz/ready")]
    [InlineData("/healthz/live")]
    public async Task Health_IndexLoadedAndDatabaseAnswers_Returns200(string path)
    {
        using var host = new OperationsFactory();

        var response = await host.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_SqliteFileGone_ReadinessIs503AndLivenessStays200()
    {
        using var host = new OperationsFactory();
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);

        // The store's own connections stay open on the deleted file; a new connection cannot find it.
        foreach (var file in Directory.GetFiles(host.DataDirectory, SqliteHandoffStore.DatabaseFileName + "*"))
        {
            File.Delete(file);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
    }

    [Fact]
    public async Task Health_KnowledgeEmpty_ReadinessIs503AndLivenessStays200()
    {
        using var host = new OperationsFactory(testServices: services =>
            services.AddSingleton<BackPainBot.Knowledge.IKnowledgeSearch>(new EmptyKnowledge()));
        var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
    }

    [PostgresFact]
    public async Task Health_PostgresRegistered_ReadyWhileItAnswersAndNotAfterItGoes()
    {
        var database = PostgresTestDatabase.Create();
        var postgres = PostgresDatabase.Open(database.ConnectionString);
        using var host = new OperationsFactory(testServices: services =>
        {
            // The whole host on PostgreSQL, as an operator configures it.
            services.PostConfigure<StorageOptions>(o =>
            {
                o.Provider = HandoffStoreFactory.Postgres;
                o.ConnectionString = database.ConnectionString;
            });
            services.AddSingleton(postgres);
        });
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);

        database.Dispose();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        await postgres.DisposeAsync();
    }

    private sealed class EmptyKnowledge : BackPainBot.Knowledge.IKnowledgeSearch
    {
        public IReadOnlyList<BackPainBot.Knowledge.KnowledgeSection> Sections => [];

        public BackPainBot.Knowledge.SearchResult Search(string question, int maxHits = 3) => throw new NotSupportedException();

        public BackPainBot.Knowledge.KnowledgeSection? Find(string sectionId) => null;

        public IReadOnlyList<BackPainBot.Knowledge.KnowledgeSection> Related(string sectionId, int max = 3) => [];
    }
}
