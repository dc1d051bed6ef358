using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using BackPainBot.Handoffs;
using BackPainBot.Hosting;
using Microsoft.Bot.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BackPainBot.Tests.Operations;

public sealed class DatabaseOutageTests
{
    /// <summary>Words a patient might type; they must never reach an answer or a log line.</summary>
    internal const string PatientWords = "my-secret-bladder-symptom";

    public static TheoryData<Exception> Outages => new()
    {
        new SqliteException($"database is locked {PatientWords}", 5),
        new SqliteException("database table is locked", 6),
        new SqliteException("attempt to write a readonly database", 8),
        new SqliteException("disk I/O error", 10),
        new SqliteException("database or disk is full", 13),
        new SqliteException("unable to open database file", 14),
        new NpgsqlException($"Failed to connect to 127.0.0.1:5432 {PatientWords}", new SocketException((int)SocketError.ConnectionRefused)),
        new NpgsqlException("Exception while reading from stream", new TimeoutException()),
        Postgres("57P01"),
        Postgres("08006"),
        Postgres("53300"),
        new InvalidOperationException("wrapped", new SqliteException("database is locked", 5)),
        new AggregateException(new InvalidOperationException("first"), new NpgsqlException("broken", new IOException())),
    };

    public static TheoryData<Exception> NotOutages => new()
    {
        new SqliteException("UNIQUE constraint failed", 19),
        new SqliteException("no such table", 1),
        Postgres("23505"),
        Postgres("42P01"),
        new InvalidOperationException("a bug"),
        new TimeoutException("something else timed out"),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void IsOutage_ConnectionAndFileFailures_True(Exception exception) => Assert.True(DatabaseOutage.IsOutage(exception));

    [Theory]
    [MemberData(nameof(NotOutages))]
    public void IsOutage_BugsAndConstraintViolations_False(Exception exception) => Assert.False(DatabaseOutage.IsOutage(exception));

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task StaffApi_StoreThrowsOutage_Returns503WithRetryAfterAndNoDetails(Exception outage)
    {
        using var host = new OperationsFactory(testServices: services => services.AddSingleton<IHandoffStore>(new ThrowingHandoffStore(outage)));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.StaffKey);

        var response = await client.GetAsync("/api/handoffs");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter!.Delta);
        var body = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrWhiteSpace(JsonNode.Parse(body)!["error"]!.GetValue<string>()));
        Assert.DoesNotContain(PatientWords, body);
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task StaffApi_StoreThrowsABug_Returns500WithoutStackTrace()
    {
        using var host = new OperationsFactory(testServices: services =>
            services.AddSingleton<IHandoffStore>(new ThrowingHandoffStore(new InvalidOperationException(PatientWords))));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.StaffKey);

        var response = await client.GetAsync("/api/handoffs");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(PatientWords, body);
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task Messages_BotStateStoreOut_Returns503WithRetryAfter()
    {
        using var host = new OperationsFactory(testServices: services =>
            services.AddSingleton<IStorage>(new ThrowingStorage(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)))));

        var response = await host.CreateClient().PostAsJsonAsync("/api/messages", Activities.Message("conv-" + Guid.NewGuid(), "hello"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Messages_RedFlagHandoffCannotBeSaved_PatientIsToldToCallTheClinic()
    {
        using var host = new OperationsFactory(testServices: services =>
            services.AddSingleton<IHandoffStore>(new ThrowingHandoffStore(new SqliteException("database is locked", 5))));
        var client = host.CreateClient();

        var replies = await client.SayAsync("conv-" + Guid.NewGuid(), "I suddenly can't control my bladder and my groin is numb");

        Assert.Contains("Please call the clinic at (801) 555-0142", replies.Texts());
    }

    private static PostgresException Postgres(string sqlState) =>
        new("message", "FATAL", "FATAL", sqlState);

    internal sealed class ThrowingHandoffStore(Exception exception) : IHandoffStore
    {
        public Task SaveAsync(Handoff handoff, CancellationToken cancellationToken = default) => Task.FromException(exception);

        public Task<Handoff?> GetAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromException<Handoff?>(exception);

        public Task<IReadOnlyList<Handoff>> ListAsync(int limit = 100, CancellationToken cancellationToken = default) =>
            Task.FromException<IReadOnlyList<Handoff>>(exception);
    }

    private sealed class ThrowingStorage(Exception exception) : IStorage
    {
        public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default) =>
            Task.FromException<IDictionary<string, object>>(exception);

        public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default) => Task.FromException(exception);

        public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) => Task.FromException(exception);
    }
}
