using BackPainBot.Conversation.State;
using BackPainBot.Handoffs;
using BackPainBot.Handoffs.State;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackPainBot.Hosting;

/// <summary>Registers the bot's conversation state and the per-conversation turn lock for the configured provider.</summary>
public static class BotStateServiceCollectionExtensions
{
    /// <summary>
    /// Adds conversation state that outlives the process, behind <c>Storage:Provider</c>: with <c>sqlite</c>, the
    /// <c>bot_state</c> table of the handoff database, served from memory and written behind (one instance); with
    /// <c>postgres</c>, the shared database, read and written with ETags on every turn, and turns of one conversation
    /// serialized across instances by an advisory lock. Needs <c>AddHandoffs</c> (the <c>Storage</c> options) and
    /// <c>AddClinic</c> (the clock).
    /// </summary>
    public static IServiceCollection AddBotState(this IServiceCollection services)
    {
        // One pool per process, shared with the other PostgreSQL stores; whoever registers it first wins.
        services.TryAddSingleton(sp => PostgresDatabase.Open(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));

        services.AddSingleton<IConversationStateStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            var idleLifetime = TimeSpan.FromHours(options.ConversationIdleHours);
            if (IsPostgres(options))
            {
                return new PostgresConversationStateStore(sp.GetRequiredService<PostgresDatabase>(), clock, idleLifetime);
            }

            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SqliteConversationStateStore).FullName!);
            var dataDirectory = Path.GetFullPath(options.DataDirectory, sp.GetRequiredService<IHostEnvironment>().ContentRootPath);
            return SqliteConversationStateStore.OpenDataDirectory(
                dataDirectory,
                clock,
                idleLifetime,
                error => logger.LogError(
                    "Bot state not written to the database, will retry ({ErrorType}: {ErrorMessage})", error.GetType().Name, error.Message));
        });
        // With PostgreSQL the store is the lock too: a turn takes the conversation and reads its state in one round trip.
        services.AddSingleton<IConversationLock>(sp =>
            sp.GetRequiredService<IConversationStateStore>() as PostgresConversationStateStore
                ?? (IConversationLock)new InProcessConversationLock());

        services.AddSingleton(sp => ConversationStateStorage.ForConversationData(sp.GetRequiredService<IConversationStateStore>()));
        services.AddSingleton<IStorage>(sp => sp.GetRequiredService<ConversationStateStorage>());
        services.AddSingleton<ConversationState>();
        services.AddSingleton<ConversationTurnLock>();
        services.AddHostedService<ConversationStateSweeper>();
        return services;
    }

    private static bool IsPostgres(StorageOptions options) =>
        string.Equals(options.Provider?.Trim(), HandoffStoreFactory.Postgres, StringComparison.OrdinalIgnoreCase);
}
