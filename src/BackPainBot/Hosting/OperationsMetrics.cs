using System.Diagnostics;
using System.Diagnostics.Metrics;
using BackPainBot.Handoffs;
using BackPainBot.Triage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace BackPainBot.Hosting;

/// <summary>
/// The bot's own metrics, on the <c>BackPainBot</c> meter (exported to Prometheus when <c>Metrics:Enabled</c>). Every tag
/// value comes from a short fixed list or the clinic's rule file: never a patient's words, ids or addresses.
/// </summary>
public sealed class BackPainBotMetrics
{
    public const string MeterName = "BackPainBot";

    private const string Other = "other";

    // Channel ids and activity types arrive in the request; anything unknown is "other", so a client cannot make series.
    private static readonly HashSet<string> KnownChannels = new(StringComparer.OrdinalIgnoreCase)
    {
        "msteams", "webchat", "directline", "emulator", "test", "slack", "email", "sms", "telegram", "facebook", "line",
        "omnichannel", "directlinespeech", "webex",
    };

    private static readonly HashSet<string> KnownActivityTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.Event, ActivityTypes.Invoke,
        ActivityTypes.InstallationUpdate, ActivityTypes.MessageReaction, ActivityTypes.MessageUpdate, ActivityTypes.MessageDelete,
        ActivityTypes.EndOfConversation, ActivityTypes.Typing, ActivityTypes.ContactRelationUpdate,
    };

    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _triage;
    private readonly Counter<long> _redFlags;
    private readonly Counter<long> _handoffs;
    private readonly Counter<long> _notificationFailures;
    private readonly Counter<long> _databaseUnavailable;

    public BackPainBotMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _turns = meter.CreateCounter<long>("backpainbot.turns", "{turn}", "Bot turns run, by channel, activity type and outcome (ok or error).");
        _turnDuration = meter.CreateHistogram(
            "backpainbot.turn.duration", "s", "How long a bot turn took, from the adapter handing it to the bot to the bot's last reply.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _triage = meter.CreateCounter<long>("backpainbot.triage.assessments", "{message}", "Patient messages triaged, by the level they raised.");
        _redFlags = meter.CreateCounter<long>("backpainbot.triage.red_flags", "{flag}", "Red flags found, by rule code.");
        _handoffs = meter.CreateCounter<long>(
            "backpainbot.handoffs.recorded", "{handoff}", "Handoffs saved for staff, by level, reason and change (created or updated).");
        _notificationFailures = meter.CreateCounter<long>(
            "backpainbot.notifications.failures", "{attempt}", "Failed staff notification attempts, by destination and whether it was the last.");
        _databaseUnavailable = meter.CreateCounter<long>(
            "backpainbot.database.unavailable", "{request}", "Requests answered 503 because the database could not be used, by endpoint.");
    }

    public void TurnCompleted(string? channelId, string? activityType, TimeSpan elapsed, bool failed)
    {
        // The set's own spelling, so "WebChat" and "webchat" are one series.
        var channel = new KeyValuePair<string, object?>("channel", channelId is not null && KnownChannels.TryGetValue(channelId, out var known) ? known : Other);
        var type = new KeyValuePair<string, object?>(
            "activity_type", activityType is not null && KnownActivityTypes.TryGetValue(activityType, out var knownType) ? knownType : Other);
        _turns.Add(1, channel, type, new KeyValuePair<string, object?>("outcome", failed ? "error" : "ok"));
        _turnDuration.Record(elapsed.TotalSeconds, channel);
    }

    public void Triaged(TriageResult result)
    {
        _triage.Add(1, new KeyValuePair<string, object?>("level", HandoffLevelName(result.Level)));
        foreach (var flag in result.Flags)
        {
            // Codes come from the clinic's rule file, a short reviewed list.
            _redFlags.Add(1, new KeyValuePair<string, object?>("rule", flag.Code));
        }
    }

    public void HandoffSaved(Handoff handoff) =>
        _handoffs.Add(
            1,
            new KeyValuePair<string, object?>("level", handoff.Level is "emergency" or "urgent" or "routine" or "none" ? handoff.Level : Other),
            new KeyValuePair<string, object?>("reason", handoff.Reason is HandoffReason.RedFlag or HandoffReason.Booking or HandoffReason.Question ? handoff.Reason : Other),
            // HandoffRecorder stamps a new handoff's CreatedAt and UpdatedAt with the same instant.
            new KeyValuePair<string, object?>("change", handoff.CreatedAt == handoff.UpdatedAt ? "created" : "updated"));

    public void NotificationFailed(string destination, bool final) =>
        _notificationFailures.Add(
            1, new KeyValuePair<string, object?>("destination", destination), new KeyValuePair<string, object?>("final", final));

    internal void DatabaseUnavailable(EndpointKind endpoint) =>
        _databaseUnavailable.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint.ToString().ToLowerInvariant()));

    private static string HandoffLevelName(TriageLevel level) => level.ToString().ToLowerInvariant();
}

/// <summary>Counts and times every turn the adapter runs, whatever brought it: /api/messages, Direct Line, a takeover.</summary>
internal sealed class TurnMetricsMiddleware(BackPainBotMetrics metrics) : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            await next(cancellationToken);
            failed = false;
        }
        finally
        {
            metrics.TurnCompleted(turnContext.Activity?.ChannelId, turnContext.Activity?.Type, Stopwatch.GetElapsedTime(started), failed);
        }
    }
}

/// <summary>The triage engine, counting each conversation assessment's level and red flags.</summary>
internal sealed class MeteredTriageEngine(ITriageEngine inner, BackPainBotMetrics metrics) : ITriageEngine
{
    public IReadOnlyList<RedFlagRule> Rules => inner.Rules;

    public IReadOnlyList<ScreeningQuestion> Screening => inner.Screening;

    public TriageResult Assess(string message) => inner.Assess(message);

    /// <summary>The bot calls this once per patient message; <see cref="Assess"/> is for tools and tests.</summary>
    public TriageResult AssessConversation(IReadOnlyList<string> patientMessages)
    {
        var result = inner.AssessConversation(patientMessages);
        metrics.Triaged(result);
        return result;
    }

    public bool NeedsScreening(IReadOnlyList<string> patientMessages) => inner.NeedsScreening(patientMessages);

    public IReadOnlyList<ScreeningQuestion> PendingScreening(IReadOnlyList<string> patientMessages) => inner.PendingScreening(patientMessages);
}

/// <summary>The handoff store, counting each handoff saved.</summary>
internal sealed class MeteredHandoffStore(IHandoffStore inner, BackPainBotMetrics metrics) : IHandoffStore
{
    public async Task SaveAsync(Handoff handoff, CancellationToken cancellationToken = default)
    {
        await inner.SaveAsync(handoff, cancellationToken);
        metrics.HandoffSaved(handoff);
    }

    public Task<Handoff?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<Handoff>> ListAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        inner.ListAsync(limit, cancellationToken);
}
