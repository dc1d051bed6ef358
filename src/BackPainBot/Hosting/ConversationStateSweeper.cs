using BackPainBot.Conversation.State;

namespace BackPainBot.Hosting;

/// <summary>
/// Looks after the bot's conversation state while the host runs: forgets the state of idle conversations every few
/// minutes (Storage:ConversationIdleHours), so patients' recent messages are not kept longer than the conversation
/// needs them, and on shutdown makes every saved state durable (the SQLite store writes behind).
/// </summary>
/// <remarks>
/// Idle states already read as absent before the sweep; the sweep gives back the space. With PostgreSQL every instance
/// sweeps, which is harmless. The web server stops before this service, so requests in flight have saved their state
/// by the time it flushes.
/// </remarks>
internal sealed class ConversationStateSweeper(
    ConversationStateStorage storage, TimeProvider clock, ILogger<ConversationStateSweeper> logger)
    : PeriodicSweeper(TimeSpan.FromMinutes(5), clock)
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await storage.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError("Conversation state not written on shutdown: {ErrorType}", ex.GetType().Name);
        }
    }

    protected override Task<int> SweepOnceAsync(CancellationToken cancellationToken) => storage.SweepAsync(cancellationToken);

    protected override void LogRemoved(int count) => logger.LogDebug("Forgot the state of {Count} idle conversations.", count);

    protected override void LogFailed(Exception exception) =>
        logger.LogWarning("Sweeping idle conversation state failed: {ErrorType}", exception.GetType().Name);
}
