using System.Security.Claims;
using BackPainBot.Bot;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace BackPainBot.DirectLine;

/// <summary>
/// Hands activities to the bot in this process, through the host's adapter so that its turn-error policy applies.
/// The bot answers through its usual Bot Connector client, which <see cref="BotConnectorHandler"/> serves.
/// </summary>
internal sealed class DirectLineBot
{
    // Turns of one conversation run one at a time, so its state is never saved by two turns at once. Striped locks
    // bound the memory whatever the number of conversations; two conversations rarely share a stripe, and then wait
    // only for each other's few milliseconds.
    private const int TurnStripes = 64;

    private readonly SemaphoreSlim[] _turnGates = Enumerable.Range(0, TurnStripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly ClinicBotAdapter _adapter;
    private readonly IServiceScopeFactory _scopes;
    private readonly ClaimsIdentity _identity;
    private readonly CancellationToken _stopping;
    private readonly ILogger<DirectLineBot> _logger;

    public DirectLineBot(
        ClinicBotAdapter adapter,
        IServiceScopeFactory scopes,
        DirectLineBotIdentity identity,
        IHostApplicationLifetime lifetime,
        ILogger<DirectLineBot> logger)
    {
        _adapter = adapter;
        _scopes = scopes;
        _identity = identity.Claims;
        _stopping = lifetime.ApplicationStopping;
        _logger = logger;
    }

    /// <summary>Runs the bot's turn for <paramref name="activity"/>; false when the turn could not run.</summary>
    public async Task<bool> DeliverAsync(Activity activity)
    {
        var gate = _turnGates[(uint)StringComparer.Ordinal.GetHashCode(activity.Conversation.Id) % TurnStripes];

        // Neither the request's token nor the host's stopping one: a patient closing the tab, or the host draining on
        // SIGTERM, must not cut a turn off halfway through saving state. Operations:ShutdownTimeout bounds the drain.
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var bot = scope.ServiceProvider.GetRequiredService<IBot>();

            // ContinueConversationAsync is CloudAdapter's public way to run a turn for an activity that did not come
            // over HTTP; the turn itself is an ordinary one, for whatever type the activity has.
            await _adapter.ContinueConversationAsync(_identity, activity, bot.OnTurnAsync, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            // The adapter's error handler has already dealt with failures inside the turn; this is the rest.
            _logger.LogError("Direct Line turn failed ({ActivityType}): {ErrorType}", activity.Type, ex.GetType().FullName);
            return false;
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>
/// Who the bot is on its own Direct Line: the claims a channel's token would carry. With <c>MicrosoftAppId</c> set
/// the bot's replies carry its credentials as on any channel; without it, none.
/// </summary>
internal sealed record DirectLineBotIdentity(ClaimsIdentity Claims)
{
    public static DirectLineBotIdentity For(string? microsoftAppId) =>
        new(string.IsNullOrWhiteSpace(microsoftAppId)
            ? new ClaimsIdentity()
            : new ClaimsIdentity(
                [
                    new Claim(AuthenticationConstants.AudienceClaim, microsoftAppId),
                    new Claim(AuthenticationConstants.AppIdClaim, microsoftAppId),
                ]));
}
