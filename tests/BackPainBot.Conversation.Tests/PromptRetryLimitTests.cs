using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Triage;

namespace BackPainBot.Conversation.Tests;

/// <summary>
/// Every prompt re-asks an answer it cannot read at most twice (three tries in all). After that the booking questions
/// are skipped as if declined, and a screening question about a red flag counts as "not sure", a yes: when in doubt,
/// escalate. The limit counts per question, and an answer it can read within the limit is used as before.
/// </summary>
public sealed class PromptRetryLimitTests
{
    private const string Emergency = "my back hurts and I had a little accident on the way to the loo";
    private const string LegSymptoms = "My lower back hurts and I get tingling down my leg";
    private const string Unreadable = "purple";

    // ---- Name ----

    [Fact]
    public async Task Booking_NameUnreadableThreeTimes_SkipsItGivesTheClinicPhoneAndStaffNeverGetTheText()
    {
        var bot = new BotHarness();
        await bot.SayAsync("book");

        Assert.Equal(bot.Responses.RetryName, Assert.Single(await bot.SayAsync("12345")).Text);
        Assert.Equal(bot.Responses.RetryName, Assert.Single(await bot.SayAsync("12345")).Text);
        var skipped = await bot.SayAsync("12345");

        Assert.Equal([bot.Responses.NameUnanswered, bot.Responses.AskContact], skipped.Select(r => r.Text));
        Assert.Contains(bot.Clinic.Phone, skipped[0].Text);
        await bot.SayAsync("801-555-0142");
        var confirm = Assert.Single(await bot.SayAsync("tomorrow at 10am"));
        Assert.Contains($"Name: {Responses.NotGiven}", confirm.Text);
        await bot.SayAsync("yes");

        var handoff = Assert.Single(bot.Store.All);
        Assert.EndsWith("8015550142", handoff.Contact!.Phone);
        Assert.NotEqual("12345", handoff.Contact.Name);
        Assert.Equal(bot.Adapter.Conversation.User.Name, handoff.Contact.Name);
    }

    [Fact]
    public async Task Booking_NameReadOnTheThirdTry_IsKeptAndTheContactQuestionGetsItsOwnThreeTries()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "12345", "???");

        Assert.Equal(bot.Responses.AskContact, Assert.Single(await bot.SayAsync("Jane Smith")).Text);
        Assert.Equal(bot.Responses.RetryContact, Assert.Single(await bot.SayAsync(Unreadable)).Text);
        Assert.Equal(bot.Responses.RetryContact, Assert.Single(await bot.SayAsync(Unreadable)).Text);
        var skipped = Assert.Single(await bot.SayAsync(Unreadable));

        // A plain booking without a way to reach the patient sends nothing; the patient is told to call instead.
        Assert.Equal(bot.Responses.DetailsUnanswered(atConfirm: false, TriageLevel.None, staffTold: false), skipped.Text);
        Assert.Contains(bot.Clinic.Phone, skipped.Text);
        Assert.Empty(bot.Store.All);
        Assert.Empty((await bot.StoredDataAsync())!.DialogStack);
    }

    // ---- Contact ----

    [Fact]
    public async Task Emergency_ContactUnreadableThreeTimes_Says911AndTheClinicPhoneAndStaffKeepTheHandoffWithTheName()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync(Emergency, "Jane Smith", Unreadable, Unreadable);

        var reply = Assert.Single(await bot.SayAsync(Unreadable));

        Assert.Equal(bot.Responses.DetailsUnanswered(atConfirm: false, TriageLevel.Emergency, staffTold: true), reply.Text);
        Assert.Contains("call 911 now", reply.Text);
        Assert.Contains(bot.Clinic.Phone, reply.Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.Equal("Jane Smith", handoff.Contact!.Name);
        Assert.Null(handoff.Contact.Phone);
        Assert.Null(handoff.Contact.Email);
        Assert.Equal("bot", handoff.Transcript[^1].From);
        Assert.StartsWith("Sorry, I still couldn't read a phone number", handoff.Transcript[^1].Text);

        // The questions are over: the next message is answered, not taken for a phone number.
        var next = Assert.Single(await bot.SayAsync("how often should I replace my shoes?"));
        Assert.Contains("300-500 miles", next.Text);
    }

    [Fact]
    public async Task Urgent_ContactReadOnTheThirdTry_IsSavedAndTheTimeQuestionGetsItsOwnThreeTries()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("I've had a fever and chills with this back pain", "Sam Lee", Unreadable, Unreadable);

        Assert.Equal(bot.Responses.AskTime, Assert.Single(await bot.SayAsync("sam.lee@example.com")).Text);
        Assert.Equal(bot.Responses.RetryTime, Assert.Single(await bot.SayAsync(Unreadable)).Text);
        Assert.Equal(bot.Responses.RetryTime, Assert.Single(await bot.SayAsync("yesterday at 3pm")).Text);
        var replies = await bot.SayAsync(Unreadable);

        Assert.Equal(bot.Responses.TimeUnanswered, replies[0].Text);
        Assert.Contains(bot.Clinic.Phone, replies[0].Text);
        Assert.Contains("Preferred time: no preference", replies[^1].Text);
        Assert.Equal([Responses.YesAction, Responses.NoAction], replies[^1].Buttons());
        await bot.SayAsync("yes");

        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("urgent", handoff.Level);
        Assert.Equal("sam.lee@example.com", handoff.Contact!.Email);
        Assert.Null(handoff.PreferredTime);
    }

    // ---- Preferred time ----

    [Fact]
    public async Task Booking_TimeReadOnTheThirdTry_IsSavedAndAnUnreadableReadBackSendsNothing()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "Jane Smith", "801-555-0142", Unreadable, Unreadable);

        var confirm = Assert.Single(await bot.SayAsync("tomorrow at 10am"));
        Assert.StartsWith("Here's what I'll send to the clinic", confirm.Text);
        Assert.DoesNotContain("no preference", confirm.Text);
        Assert.Equal(bot.Responses.RetryConfirm, Assert.Single(await bot.SayAsync(Unreadable)).Text);
        Assert.Equal(bot.Responses.RetryConfirm, Assert.Single(await bot.SayAsync(Unreadable)).Text);
        var reply = Assert.Single(await bot.SayAsync(Unreadable));

        // Not a yes: details the patient never agreed to send stay unsent, and the patient is told how to call.
        Assert.Equal(bot.Responses.DetailsUnanswered(atConfirm: true, TriageLevel.None, staffTold: false), reply.Text);
        Assert.Contains("haven't sent them", reply.Text);
        Assert.Contains(bot.Clinic.Phone, reply.Text);
        Assert.Empty(bot.Store.All);
    }

    // ---- Read-back ----

    [Fact]
    public async Task Emergency_ReadBackUnreadableThreeTimes_StaffKeepTheHandoffButGetNoUnconfirmedDetails()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync(Emergency, "Jane Smith", "801-555-0142", "as soon as possible", Unreadable, Unreadable);

        var reply = Assert.Single(await bot.SayAsync(Unreadable));

        Assert.Equal(bot.Responses.DetailsUnanswered(atConfirm: true, TriageLevel.Emergency, staffTold: true), reply.Text);
        Assert.Contains("call 911 now", reply.Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.Null(handoff.Contact?.Phone);
        Assert.NotEqual(Unreadable, handoff.Contact?.Name);
        Assert.Contains(Unreadable, handoff.Transcript.Where(t => t.From == "patient").Select(t => t.Text));
    }

    [Fact]
    public async Task Booking_ReadBackAnsweredYesOnTheThirdTry_SendsTheBooking()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "Jane Smith", "801-555-0142", Unreadable, Unreadable, Unreadable);

        var confirmReplies = await bot.SayAllAsync(Unreadable, Unreadable);
        Assert.Equal(bot.Responses.RetryConfirm, Assert.Single(confirmReplies).Text);
        var done = Assert.Single(await bot.SayAsync("yes"));

        Assert.StartsWith("Thanks, Jane Smith. We've got it", done.Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.EndsWith("8015550142", handoff.Contact!.Phone);
        Assert.Null(handoff.PreferredTime);
    }

    // ---- Screening (red-flag yes/no questions) ----

    [Fact]
    public async Task Screening_SaddleQuestionUnreadableThreeTimes_IsTreatedAsNotSureAndEscalatesWithAHandoff()
    {
        var bot = new BotHarness();
        await bot.SayAsync(LegSymptoms);
        Assert.Equal(bot.Responses.RetryScreening, Assert.Single(await bot.SayAsync(Unreadable)).Text);
        Assert.Equal(bot.Responses.RetryScreening, Assert.Single(await bot.SayAsync(Unreadable)).Text);

        var replies = await bot.SayAsync(Unreadable);

        // 911 first and plainly, then why: the answer could not be read, so it counts as a yes.
        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.Equal("emergency", replies[0].TriageLevel());
        Assert.Equal(bot.Responses.ScreeningUnanswered, replies[1].Text);
        Assert.Equal(bot.Responses.AskName, replies[^1].Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.Contains("saddle-numbness", handoff.Flags);
        Assert.Contains(handoff.TriageAudit, a => a.Code == "saddle-numbness" && a.Decision == "screening-unanswered");
        Assert.DoesNotContain(handoff.TriageAudit, a => a.Decision == "screening-yes");
    }

    [Fact]
    public async Task Screening_NoOnTheThirdTry_MovesToTheBladderQuestionWhichGetsItsOwnThreeTries()
    {
        var bot = new BotHarness();
        var bladder = Assert.Single(bot.Triage.Screening, q => q.Code == "bladder-dysfunction");
        await bot.SayAllAsync(LegSymptoms, Unreadable, Unreadable);

        Assert.Equal(bladder.Question, Assert.Single(await bot.SayAsync("no")).Text);
        Assert.Equal(bot.Responses.RetryScreening, Assert.Single(await bot.SayAsync(Unreadable)).Text);
        Assert.Equal(bot.Responses.RetryScreening, Assert.Single(await bot.SayAsync(Unreadable)).Text);
        var replies = await bot.SayAsync(Unreadable);

        Assert.Equal("emergency", replies[0].TriageLevel());
        Assert.Equal(bot.Responses.ScreeningUnanswered, replies[1].Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Contains("bladder-dysfunction", handoff.Flags);
        Assert.DoesNotContain("saddle-numbness", handoff.Flags);
        Assert.Contains(handoff.TriageAudit, a => a.Code == "saddle-numbness" && a.Decision == "screening-no");
        Assert.Contains(handoff.TriageAudit, a => a.Code == "bladder-dysfunction" && a.Decision == "screening-unanswered");
    }

    [Fact]
    public async Task DoubtScreening_UnreadableThreeTimes_EscalatesInsteadOfAnsweringTheQuestion()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("my back is sore since the crash. How often should I replace my shoes?", Unreadable, Unreadable);

        var replies = await bot.SayAsync(Unreadable);

        Assert.Equal("emergency", replies[0].TriageLevel());
        Assert.DoesNotContain("300-500 miles", replies.AllText());
        Assert.Contains("major-trauma", Assert.Single(bot.Store.All).Flags);
    }

    [Fact]
    public async Task HelpDuringAPrompt_IsNotCountedAsATry()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "12345");

        Assert.Equal([bot.Responses.Help, bot.Responses.AskName], (await bot.SayAsync("help")).Select(r => r.Text));
        Assert.Equal(bot.Responses.RetryName, Assert.Single(await bot.SayAsync("12345")).Text);
        Assert.Equal(bot.Responses.NameUnanswered, (await bot.SayAsync("12345"))[0].Text);
    }
}
