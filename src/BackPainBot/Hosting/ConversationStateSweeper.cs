using BackPainBot.Conversation.State;

namespace BackPainBot.Hosting;

/// <summary>
/// Forgets the bot state of idle conversations every few minutes (Storage:ConversationIdleHours), so the memory holding
/// patients' recent messages is given back and not kept longer than the conversation needs it.
/// </summary>
internal sealed class ConversationStateSweeper(
    ConversationStateStorage storage, TimeProvider clock, ILogger<ConversationStateSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var removed = storage.Sweep();
                if (removed > 0)
                {
                    logger.LogDebug("Forgot the state of {Count} idle conversations.", removed);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
