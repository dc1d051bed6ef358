using BackPainBot.Conversation.Takeover;
using BackPainBot.Handoffs;

namespace BackPainBot.Conversation.Tests;

public sealed class TakeoverTests : IDisposable
{
    private const string Staff = "Dana";
    private const string ShoeQuestion = "How often should I replace my walking shoes?";

    private readonly TakeoverHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private async Task<Handoff> TakenOverAsync()
    {
        var handoff = await _harness.EscalateAsync();
        Assert.Equal(TakeoverOutcome.Done, await _harness.Service.StartAsync(handoff.Id, Staff, CancellationToken.None));
        _harness.Replies();
        return handoff;
    }

    [Fact]
    public async Task StartAsync_Escalated_PatientIsToldAPersonJoined()
    {
        var handoff = await _harness.EscalateAsync();
        _harness.Replies();

        var outcome = await _harness.Service.StartAsync(handoff.Id, Staff, CancellationToken.None);

        Assert.Equal(TakeoverOutcome.Done, outcome);
        Assert.Equal([_harness.Responses.StaffJoined(Staff)], _harness.Replies());
        Assert.Equal(Staff, (await _harness.Workflow.GetSummaryAsync(handoff.Id))!.TakeoverBy);
    }

    [Fact]
    public async Task SendAsync_InTakeover_ReachesThePatientWithTheStaffName()
    {
        var handoff = await TakenOverAsync();

        var outcome = await _harness.Service.SendAsync(handoff.Id, Staff, "Are you somewhere safe?", CancellationToken.None);

        Assert.Equal(TakeoverOutcome.Done, outcome);
        Assert.Equal(["Dana (clinic staff): Are you somewhere safe?"], _harness.Replies());
        var stored = (await _harness.Handoffs.GetAsync(handoff.Id))!.Transcript[^1];
        Assert.Equal(("staff", "Dana: Are you somewhere safe?"), (stored.From, stored.Text));
    }

    [Fact]
    public async Task PatientMessage_DuringTakeover_BotStaysQuietAndStaffSeeIt()
    {
        var handoff = await TakenOverAsync();

        var replies = await _harness.SayAsync(ShoeQuestion);

        Assert.Empty(replies);
        var (id, line) = _harness.Listener.Lines[^1];
        Assert.Equal((handoff.Id, "patient", ShoeQuestion), (id, line.From, line.Text));
        Assert.Equal(ShoeQuestion, (await _harness.Handoffs.GetAsync(handoff.Id))!.Transcript[^1].Text);
    }

    [Fact]
    public async Task PatientMessage_DuringTakeoverCancelOrBook_BotStillStaysQuiet()
    {
        await TakenOverAsync();

        Assert.Empty(await _harness.SayAsync("cancel"));
        Assert.Empty(await _harness.SayAsync("I'd like to book an appointment"));
    }

    [Fact]
    public async Task EmptyMessage_DuringTakeover_BotStaysQuiet()
    {
        await TakenOverAsync();

        Assert.Empty(await _harness.SayAsync("   "));
    }

    [Fact]
    public async Task EmergencyRedFlag_DuringTakeover_StillGetsThe911Reply()
    {
        await _harness.SayAsync("I'd like to book an appointment");
        await _harness.SayAsync("Jane Smith");
        await _harness.SayAsync("801-555-0142");
        await _harness.SayAsync("next Tuesday at 3pm");
        await _harness.SayAsync("yes");
        var handoff = Assert.Single(await _harness.Handoffs.ListAsync());
        Assert.Equal("none", handoff.Level);
        await _harness.Service.StartAsync(handoff.Id, Staff, CancellationToken.None);
        _harness.Replies();

        var replies = await _harness.SayAsync("now my legs are both weak and I can't feel my groin");

        var reply = Assert.Single(replies);
        Assert.Contains("Call 911 now", reply);
        var saved = await _harness.Handoffs.GetAsync(handoff.Id);
        Assert.Equal("emergency", saved!.Level);
        Assert.Contains(_harness.Listener.Lines, l => l.Entry.From == "bot" && l.Entry.Text.Contains("Call 911 now"));
    }

    [Fact]
    public async Task UrgentRedFlag_DuringTakeover_BotQuietButHandoffRaised()
    {
        await _harness.SayAsync("I'd like to book an appointment");
        var handoff = await BookedAsync();
        await _harness.Service.StartAsync(handoff.Id, Staff, CancellationToken.None);
        _harness.Replies();

        var replies = await _harness.SayAsync("I've had a fever and chills with this back pain");

        Assert.Empty(replies);
        Assert.Equal("urgent", (await _harness.Handoffs.GetAsync(handoff.Id))!.Level);
    }

    [Fact]
    public async Task EndAsync_AfterTakeover_BotSaysSoAndAnswersTheNextQuestion()
    {
        var handoff = await TakenOverAsync();
        await _harness.SayAsync("Thanks, I'm at home");

        var outcome = await _harness.Service.EndAsync(handoff.Id, Staff, force: false, CancellationToken.None);

        Assert.Equal(TakeoverOutcome.Done, outcome);
        Assert.Equal([_harness.Responses.StaffLeft(Staff)], _harness.Replies());
        var answer = await _harness.SayAsync(ShoeQuestion);
        Assert.Contains(answer, r => r.Contains("300-500 miles"));
        Assert.Null((await _harness.Workflow.GetSummaryAsync(handoff.Id))!.TakeoverBy);
    }

    [Fact]
    public async Task EndAsync_PendingBookingQuestion_IsNotResumedAfterThePatientTalkedToStaff()
    {
        // The emergency reply starts the booking ("What name should the clinic use?"); talking to staff supersedes it.
        var handoff = await TakenOverAsync();
        await _harness.SayAsync("My husband is driving me to the hospital");
        await _harness.Service.EndAsync(handoff.Id, Staff, force: false, CancellationToken.None);
        _harness.Replies();

        var answer = await _harness.SayAsync(ShoeQuestion);

        Assert.Contains(answer, r => r.Contains("300-500 miles"));
    }

    [Fact]
    public async Task StaffLines_BotSavesTheHandoffLater_AreKeptInTheTranscript()
    {
        var handoff = await TakenOverAsync();
        await _harness.Service.SendAsync(handoff.Id, Staff, "Are you somewhere safe?", CancellationToken.None);

        // A new red flag makes the bot save the whole handoff again from the conversation's own transcript.
        await _harness.SayAsync("and now I can't feel my groin either");

        var transcript = (await _harness.Handoffs.GetAsync(handoff.Id))!.Transcript;
        Assert.Contains(transcript, t => t.From == "staff" && t.Text == "Dana: Are you somewhere safe?");
        Assert.Contains(transcript, t => t.Text == _harness.Responses.StaffJoined(Staff));
    }

    [Fact]
    public async Task Questions_NoHandoffYet_NeverAskTheSharedStoreForStaffLines()
    {
        // Nobody can have joined a conversation that has no handoff, so its turns skip the shared store's round trip.
        await _harness.SayAsync("How often should I replace my walking shoes?");
        await _harness.SayAsync("thanks");

        Assert.Equal(0, _harness.PendingLines.Takes);
    }

    [Fact]
    public async Task StaffLines_AfterTheTakeoverEnded_StillReachTheTranscriptAtTheNextTurn()
    {
        var handoff = await TakenOverAsync();
        await _harness.Service.SendAsync(handoff.Id, Staff, "Call us if it gets worse.", CancellationToken.None);
        await _harness.Service.EndAsync(handoff.Id, Staff, force: false, CancellationToken.None);

        // The conversation is the bot's again, and its handoff is what tells the turn to collect what staff said.
        await _harness.SayAsync("and now I can't feel my groin either");

        var transcript = (await _harness.Handoffs.GetAsync(handoff.Id))!.Transcript;
        Assert.Contains(transcript, t => t.From == "staff" && t.Text == "Dana: Call us if it gets worse.");
        Assert.True(_harness.PendingLines.Takes > 0);
    }

    [Fact]
    public async Task StartAsync_SomeoneElseIsInTheChat_IsRefused()
    {
        var handoff = await TakenOverAsync();

        var outcome = await _harness.Service.StartAsync(handoff.Id, "Sam", CancellationToken.None);

        Assert.Equal(TakeoverOutcome.TakenOverByOther, outcome);
        Assert.Empty(_harness.Replies());
    }

    [Fact]
    public async Task SendAsync_NotTheStaffInTheChat_IsRefused()
    {
        var handoff = await TakenOverAsync();

        var outcome = await _harness.Service.SendAsync(handoff.Id, "Sam", "hello", CancellationToken.None);

        Assert.Equal(TakeoverOutcome.NotInTakeover, outcome);
        Assert.Empty(_harness.Replies());
    }

    [Fact]
    public async Task EndAsync_SomeoneElsesChat_RefusedUnlessForced()
    {
        var handoff = await TakenOverAsync();

        Assert.Equal(TakeoverOutcome.NotInTakeover, await _harness.Service.EndAsync(handoff.Id, "Sam", force: false, CancellationToken.None));
        Assert.Equal(TakeoverOutcome.Done, await _harness.Service.EndAsync(handoff.Id, "admin", force: true, CancellationToken.None));
        Assert.Equal([_harness.Responses.StaffLeft(Staff)], _harness.Replies());
    }

    [Fact]
    public async Task StartAsync_UnknownHandoff_ReturnsNotFound()
    {
        Assert.Equal(TakeoverOutcome.NotFound, await _harness.Service.StartAsync(Guid.NewGuid(), Staff, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_NoConversationReference_ReturnsNoConversation()
    {
        var handoff = new Handoff
        {
            Id = Guid.NewGuid(), ConversationId = "c", Channel = "webchat", Level = "routine", CreatedAt = DateTimeOffset.UtcNow,
        };
        await _harness.Handoffs.SaveAsync(handoff);

        Assert.Equal(TakeoverOutcome.NoConversation, await _harness.Service.StartAsync(handoff.Id, Staff, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_ChannelRefusesTheMessage_ReportsItAndLeavesTheBotInCharge()
    {
        using var harness = new TakeoverHarness(failSends: true);
        var handoff = await harness.EscalateAsync();

        var outcome = await harness.Service.StartAsync(handoff.Id, Staff, CancellationToken.None);

        Assert.Equal(TakeoverOutcome.ChannelUnavailable, outcome);
        Assert.Null(harness.Sessions.FindByHandoff(handoff.Id));
        Assert.Null((await harness.Workflow.GetSummaryAsync(handoff.Id))!.TakeoverBy);
        // The bot carries on with its booking questions: nobody joined, so it is not quiet.
        Assert.Contains(harness.Responses.AskContact, await harness.SayAsync("Jane Smith"));
    }

    private async Task<Handoff> BookedAsync()
    {
        await _harness.SayAsync("Jane Smith");
        await _harness.SayAsync("801-555-0142");
        await _harness.SayAsync("next Tuesday at 3pm");
        await _harness.SayAsync("yes");
        return Assert.Single(await _harness.Handoffs.ListAsync());
    }
}
