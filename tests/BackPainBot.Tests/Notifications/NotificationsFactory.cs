using System.Collections.Concurrent;
using BackPainBot.Handoffs;
using BackPainBot.Handoffs.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackPainBot.Tests.Notifications;

/// <summary>
/// The real host with a webhook pointing at a <see cref="WebhookReceiver"/>, fast retry settings, and a data folder the
/// test owns, so a second host can be started on the same database after the first stops. Captures every log line.
/// </summary>
internal sealed class NotificationsFactory(string dataDirectory, string webhookUrl, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public ConcurrentQueue<string> Logs { get; } = new();

    public IHandoffStore Store => Services.GetRequiredService<IHandoffStore>();

    public INotificationStatusReader Notifications => Services.GetRequiredService<INotificationStatusReader>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(BotFactory.RepoRoot);
        builder.UseSetting("Storage:DataDirectory", dataDirectory);
        builder.UseSetting("Staff:ApiKey", BotFactory.StaffKey);
        builder.UseSetting("Notifications:Webhooks:0:Name", "crm");
        builder.UseSetting("Notifications:Webhooks:0:Url", webhookUrl);
        builder.UseSetting("Notifications:Webhooks:0:Secret", WebhookReceiver.Secret);
        builder.UseSetting("Notifications:RetryDelay", "00:00:00.020");
        builder.UseSetting("Notifications:MaxRetryDelay", "00:00:00.100");
        builder.UseSetting("Notifications:RequestTimeout", "00:00:30");
        builder.UseSetting("Notifications:LeaseDuration", "00:05:00");
        builder.UseSetting("Notifications:PollInterval", "00:00:05");
        builder.UseSetting("Notifications:MaxAttempts", "50");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>Handoffs for notification tests, and a unique data folder deleted at the end.</summary>
internal static class NotificationTestData
{
    public static Handoff Handoff(string level, DateTimeOffset? createdAt = null)
    {
        var created = createdAt ?? DateTimeOffset.UtcNow;
        return new Handoff
        {
            Id = Guid.NewGuid(),
            ConversationId = "conv-" + Guid.NewGuid().ToString("N"),
            Channel = "webchat",
            Level = level,
            Flags = level == "emergency" ? ["cauda-equina"] : [],
            Contact = new ContactDetails("Jane Patient", "801-555-0142", null),
            Reason = level == "emergency" ? HandoffReason.RedFlag : HandoffReason.Booking,
            CreatedAt = created,
            UpdatedAt = created,
            Transcript = [new TranscriptEntry(created, "patient", "secret words of the patient")],
        };
    }
}

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "backpainbot-notify-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>Bounded polling for conditions the test cannot be told about directly (a row's status in the database).</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met in time; last value: {value}");
            }

            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null) =>
        ValueAsync(() => Task.FromResult(condition()), ok => ok, timeout);
}
