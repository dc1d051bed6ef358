using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using BackPainBot.Handoffs;
using Microsoft.Bot.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BackPainBot.Tests.Operations;

/// <summary>What the operations middleware logs when things fail: types, codes and endpoints, never a patient's words.</summary>
public sealed class LogPrivacyTests
{
    private const string Words = DatabaseOutageTests.PatientWords;

    [Fact]
    public async Task DatabaseOutageAndUnhandledErrors_LogNoPatientWords()
    {
        var outage = new SqliteException($"database is locked while saving '{Words}'", 5);
        using var host = new OperationsFactory(
            new Dictionary<string, string?> { ["RateLimits:Page:Burst"] = "1", ["RateLimits:Page:PerMinute"] = "1" },
            services => services.AddSingleton<IHandoffStore>(new DatabaseOutageTests.ThrowingHandoffStore(outage)));
        var client = host.CreateClient();
        var staff = host.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.StaffKey);

        await client.SayAsync("conv-" + Guid.NewGuid(), $"I can't control my bladder and my groin is numb {Words}");
        await staff.GetAsync("/api/handoffs");
        await client.PostAsync("/api/messages", new StringContent("{\"type\":\"message\",\"text\":\"" + Words + "\"", Encoding.UTF8, "application/json"));
        await client.PostAsync("/api/messages", new StringContent(new string('a', 300_000) + Words, Encoding.UTF8, "application/json"));
        await client.GetAsync("/?q=" + Words);
        await client.GetAsync("/?q=" + Words);

        Assert.Contains(host.Logs, l => l.Contains("Database unavailable", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs, l => l.Contains(Words, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BotStateOutageAndBug_LogNoPatientWords()
    {
        var turns = 0;
        using var host = new OperationsFactory(testServices: services => services.AddSingleton<IStorage>(
            new FailingStorage(() => Interlocked.Increment(ref turns) % 2 == 0
                ? new NpgsqlException($"Failed to connect while reading '{Words}'", new IOException(Words))
                : new InvalidOperationException($"a bug that quotes '{Words}'"))));
        var client = host.CreateClient();

        for (var i = 0; i < 4; i++)
        {
            await client.PostAsJsonAsync("/api/messages", Activities.Message("conv-" + Guid.NewGuid(), $"my back hurts {Words}"));
        }

        Assert.Contains(host.Logs, l => l.Contains("answered 503", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs, l => l.Contains(Words, StringComparison.Ordinal));
    }

    private sealed class FailingStorage(Func<Exception> failure) : IStorage
    {
        public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default) =>
            Task.FromException<IDictionary<string, object>>(failure());

        public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default) => Task.FromException(failure());

        public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) => Task.FromException(failure());
    }
}
