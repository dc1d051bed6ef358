using System.Security.Claims;
using BackPainBot.Conversation.Booking;
using BackPainBot.Conversation.Screening;
using BackPainBot.Conversation.Takeover;
using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Handoffs;
using BackPainBot.Knowledge;
using BackPainBot.Triage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackPainBot.Conversation.Tests;

/// <summary>
/// The real bot with live takeover on a <see cref="TestAdapter"/>, over the real SQLite handoff and staff stores in an
/// in-memory database: staff messages go out through the adapter as proactive messages, just as they do on a channel.
/// </summary>
internal sealed class TakeoverHarness : IDisposable
{
    private static readonly Lazy<IKnowledgeSearch> SharedKnowledge = new(() => KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions()));
    private static readonly Lazy<ITriageEngine> SharedTriage = new(() => TriageEngine.Load(RepoPaths.RedFlags));

    private readonly SqliteConnection _keepAlive;
    private readonly IBot _bot;

    public TakeoverHarness(bool failSends = false)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = $"takeover-{Guid.NewGuid():N}",
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ToString();
        _keepAlive = new SqliteConnection(connectionString);
        _keepAlive.Open();
        Handoffs = new SqliteHandoffStore(connectionString);
        Workflow = new SqliteStaffStore(connectionString);

        var clock = new FixedClock(FixedClock.Default);
        var clinic = new ClinicOptions();
        Responses = new Responses(clinic);
        var recorder = new HandoffRecorder(Handoffs, clock, NullLogger<HandoffRecorder>.Instance);
        var entities = new EntityExtractor(clock, clinic);
        var booking = new BookingDialog(Responses, recorder, entities, NullLogger<BookingDialog>.Instance);
        var screening = new ScreeningDialog(SharedTriage.Value, Responses);
        Sessions = new TakeoverSessions(Workflow, Listener, PendingLines);
        _bot = new BackPainBotHandler(
            new ConversationState(new MemoryStorage()), SharedTriage.Value, SharedKnowledge.Value, entities, recorder, booking, screening,
            Responses, clock, NullLogger<BackPainBotHandler>.Instance, Sessions);
        Adapter = failSends ? new FailingAdapter() : new ProactiveTestAdapter();
        Service = new TakeoverService(
            Adapter, new ClaimsIdentity(), Sessions, Handoffs, Workflow, Responses, clock, NullLogger<TakeoverService>.Instance);
    }

    public TestAdapter Adapter { get; }

    public SqliteHandoffStore Handoffs { get; }

    public SqliteStaffStore Workflow { get; }

    public TakeoverSessions Sessions { get; }

    public TakeoverService Service { get; }

    public RecordingListener Listener { get; } = new();

    /// <summary>The pending-lines store the sessions use, counting how often turns ask it.</summary>
    public CountingPendingLines PendingLines { get; } = new();

    public Responses Responses { get; }

    /// <summary>Sends one patient message and returns the bot's replies in that turn.</summary>
    public async Task<IReadOnlyList<string>> SayAsync(string text)
    {
        await Adapter.SendTextToBotAsync(text, _bot.OnTurnAsync, CancellationToken.None);
        return Replies();
    }

    /// <summary>The patient escalates and the handoff is recorded; returns it.</summary>
    public async Task<Handoff> EscalateAsync()
    {
        await SayAsync("I suddenly can't control my bladder and my back hurts");
        return Assert.Single(await Handoffs.ListAsync());
    }

    /// <summary>Everything the patient has been sent since the last call (proactive messages included).</summary>
    public IReadOnlyList<string> Replies()
    {
        var texts = new List<string>();
        while (Adapter.GetNextReply() is { } reply)
        {
            if (reply.AsMessageActivity() is { Text: { } text })
            {
                texts.Add(text);
            }
        }

        return texts;
    }

    public void Dispose()
    {
        Handoffs.Dispose();
        _keepAlive.Dispose();
    }

    /// <summary>What the console would have been shown.</summary>
    internal sealed class RecordingListener : ITakeoverListener
    {
        public List<(Guid HandoffId, TranscriptEntry Entry)> Lines { get; } = [];

        public int Changes { get; private set; }

        public Task TranscriptAddedAsync(Guid handoffId, TranscriptEntry entry, CancellationToken cancellationToken)
        {
            Lines.Add((handoffId, entry));
            return Task.CompletedTask;
        }

        public Task TakeoverChangedAsync(Guid handoffId, CancellationToken cancellationToken)
        {
            Changes++;
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// TestAdapter runs proactive turns only for an app id; CloudAdapter, which the host uses, takes the bot's claims.
    /// This passes the claims' app id on, so the service's calls run as a proactive turn on the test channel.
    /// </summary>
    private class ProactiveTestAdapter : TestAdapter
    {
        public override Task ContinueConversationAsync(
            ClaimsIdentity claimsIdentity, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken) =>
            ContinueConversationAsync(claimsIdentity.FindFirst("appid")?.Value ?? "", reference, callback, cancellationToken);
    }

    /// <summary>A channel that takes the patient's messages but refuses every message sent to them outside a turn.</summary>
    private sealed class FailingAdapter : ProactiveTestAdapter
    {
        public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
        {
            if (turnContext.Activity.Type == ActivityTypes.Event)
            {
                throw new HttpRequestException("The conversation has ended.");
            }

            return base.SendActivitiesAsync(turnContext, activities, cancellationToken);
        }
    }
}

/// <summary>Pending takeover lines in memory that count the turns asking for them, as each costs a database round trip on PostgreSQL.</summary>
internal sealed class CountingPendingLines : IPendingTakeoverLines
{
    private readonly InMemoryPendingLines _inner = new();
    private int _takes;

    public int Takes => Volatile.Read(ref _takes);

    public Task AddAsync(string conversationId, TranscriptEntry entry, CancellationToken cancellationToken) =>
        _inner.AddAsync(conversationId, entry, cancellationToken);

    public Task<IReadOnlyList<TranscriptEntry>> TakeAsync(string conversationId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _takes);
        return _inner.TakeAsync(conversationId, cancellationToken);
    }
}
