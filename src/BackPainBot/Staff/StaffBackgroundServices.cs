using BackPainBot.Conversation.Takeover;
using BackPainBot.Handoffs;
using Microsoft.Extensions.Options;

namespace BackPainBot.Staff;

/// <summary>Removes transcripts older than <see cref="RetentionOptions.TranscriptDays"/>: at start-up, then every <see cref="RetentionOptions.SweepInterval"/>.</summary>
internal sealed class TranscriptRetentionService(
    IHandoffWorkflow workflow, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<TranscriptRetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        try
        {
            do
            {
                try
                {
                    var now = clock.GetUtcNow();
                    var purged = await workflow.PurgeTranscriptsAsync(now.AddDays(-options.Value.TranscriptDays), now, stoppingToken);
                    if (purged > 0)
                    {
                        logger.LogInformation("Retention removed the transcripts of {Count} handoffs", purged);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Tried again at the next sweep; the error type is enough to diagnose it.
                    logger.LogError("Transcript retention failed: {ErrorType}", ex.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

/// <summary>Takes up the takeovers that were live when the host stopped, so the bot stays quiet in those conversations.</summary>
internal sealed class TakeoverRestorer(IHandoffWorkflow workflow, TakeoverSessions sessions, TimeProvider clock, ILogger<TakeoverRestorer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var handoff in await workflow.TakeoversAsync(cancellationToken))
        {
            sessions.TryStart(new TakeoverSession(handoff.Id, handoff.ConversationId, handoff.TakeoverBy!, clock.GetUtcNow()));
            logger.LogInformation("Takeover of handoff {HandoffId} resumed after a restart", handoff.Id);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
