using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Triage;

namespace BackPainBot.Conversation.Tests;

/// <summary>A patient may decline any contact question; a refusal is never taken for the answer.</summary>
public sealed class DecliningDetailsTests
{
    private const string Emergency = "my back hurts and I had a little accident on the way to the loo";

    [Fact]
    public async Task Emergency_NoToTheName_AcknowledgesAndAsksForAWayToReachThem()
    {
        var bot = new BotHarness();
        var first = await bot.SayAsync(Emergency);
        Assert.StartsWith("This could be a medical emergency. Call 911", first[0].Text);
        Assert.Equal(bot.Responses.AskName, first[^1].Text);
        Assert.Contains("\"skip\"", first[^1].Text);
        Assert.Equal([Responses.SkipAction], first[^1].Buttons());

        var replies = await bot.SayAsync("no");

        Assert.Equal([bot.Responses.NameDeclined, bot.Responses.AskContact], replies.Select(r => r.Text));
        Assert.All(replies, r => Assert.Equal("emergency", r.TriageLevel()));
    }

    [Theory]
    [InlineData("no")]
    [InlineData("no thanks")]
    [InlineData("rather not")]
    [InlineData("I'd rather not say")]
    [InlineData("skip")]
    [InlineData("Skip")]
    [InlineData("pass")]
    [InlineData("don't want to")]
    [InlineData("nope")]
    [InlineData("prefer not to")]
    [InlineData("none")]
    [InlineData("noo")]
    [InlineData("rathr not")]
    [InlineData("perfer not to say")]
    [InlineData("dont wanna")]
    [InlineData("I don’t want to give my name")]
    public async Task Booking_DeclinesTheName_AcknowledgesAndAsksForContact(string refusal)
    {
        var bot = new BotHarness();
        await bot.SayAsync("book");

        var replies = await bot.SayAsync(refusal);

        Assert.Equal([bot.Responses.NameDeclined, bot.Responses.AskContact], replies.Select(r => r.Text));
    }

    [Theory]
    [InlineData("Noah", "Noah")]
    [InlineData("Nona Smith", "Nona Smith")]
    [InlineData("Noelle", "Noelle")]
    [InlineData("my name is Skip", "Skip")]
    [InlineData("Skip Johnson", "Skip Johnson")]
    public async Task Booking_ANameThatLooksLikeARefusal_IsKeptAsTheName(string answer, string name)
    {
        var bot = new BotHarness();
        await bot.SayAsync("book");

        var reply = Assert.Single(await bot.SayAsync(answer));
        Assert.Equal(bot.Responses.AskContact, reply.Text);
        Assert.Equal([Responses.SkipAction], reply.Buttons());
        await bot.SayAllAsync("801-555-0142", "as soon as possible", "yes");

        Assert.Equal(name, Assert.Single(bot.Store.All).Contact!.Name);
    }

    [Fact]
    public async Task Emergency_DeclinesTheNameThenBooks_StaffSeeNoNameFromThePatientAndTheReadBackSaysNotGiven()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync(Emergency, "no", "801-555-0142");

        var confirm = Assert.Single(await bot.SayAsync("as soon as possible"));
        var done = Assert.Single(await bot.SayAsync("yes"));

        Assert.Contains($"Name: {Responses.NotGiven}", confirm.Text);
        Assert.StartsWith("Thanks. We've got it", done.Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.EndsWith("8015550142", handoff.Contact!.Phone);
        // Only what the channel itself says about the person, never the refusal.
        Assert.Equal(bot.Adapter.Conversation.User.Name, handoff.Contact.Name);
    }

    [Fact]
    public async Task Emergency_DeclinesTheNameAndThePhone_RemindsThemToCall911AndStaffKeepTheHandoffWithoutDetails()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync(Emergency, "no");

        var reply = Assert.Single(await bot.SayAsync("no"));

        Assert.Equal(bot.Responses.DetailsDeclined(TriageLevel.Emergency, staffTold: true), reply.Text);
        Assert.Contains("call 911 now or go to the nearest emergency department", reply.Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.NotEqual("no", handoff.Contact?.Name);
        Assert.Null(handoff.Contact?.Phone);
        Assert.Null(handoff.Contact?.Email);
        Assert.Equal(reply.Text, handoff.Transcript[^1].Text);
    }

    [Fact]
    public async Task Emergency_GivesANameThenSkipsThePhone_StaffSeeTheNameAndNoContactQuestionFollows()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync(Emergency, "Jane Smith");

        var reply = Assert.Single(await bot.SayAsync("skip"));
        var next = Assert.Single(await bot.SayAsync("how often should I replace my shoes?"));

        Assert.Contains("call 911", reply.Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("Jane Smith", handoff.Contact!.Name);
        Assert.Null(handoff.Contact.Phone);
        Assert.Contains("300-500 miles", next.Text);
    }

    [Theory]
    [InlineData("I don't want to give my details")]
    [InlineData("I'd rather not give any details")]
    [InlineData("don't contact me")]
    public async Task Emergency_DeclinesEverything_EndsTheQuestionsAndStillSays911(string refusal)
    {
        var bot = new BotHarness();
        await bot.SayAsync(Emergency);

        var reply = Assert.Single(await bot.SayAsync(refusal));

        Assert.Equal(bot.Responses.DetailsDeclined(TriageLevel.Emergency, staffTold: true), reply.Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.NotEqual(refusal, handoff.Contact?.Name);
        Assert.Null(handoff.Contact?.Phone);
        Assert.Contains(refusal, handoff.Transcript.Select(t => t.Text));
    }

    [Fact]
    public async Task Booking_DeclinesThePhone_SaysStaffCannotCallBackGivesTheClinicNumberAndSendsNothing()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "Sam Lee");

        var reply = Assert.Single(await bot.SayAsync("I'd rather not"));

        Assert.Equal(bot.Responses.DetailsDeclined(TriageLevel.None, staffTold: false), reply.Text);
        Assert.Contains("can't call you back", reply.Text);
        Assert.Contains(bot.Clinic.Phone, reply.Text);
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task Urgent_DeclinesThePhone_SaysSeeAClinicianAndHowToReachTheClinic()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("I've had a fever and chills with this back pain", "Sam Lee");

        var reply = Assert.Single(await bot.SayAsync("no thanks"));

        Assert.Contains("can't call you back", reply.Text);
        Assert.Contains("within the next 24 to 48 hours", reply.Text);
        Assert.Contains(bot.Clinic.Phone, reply.Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("urgent", handoff.Level);
        Assert.Equal("Sam Lee", handoff.Contact!.Name);
        Assert.Null(handoff.Contact.Phone);
    }

    [Fact]
    public async Task Booking_SkipsThePreferredTime_ReadsBackNoPreferenceAndRecordsNoTime()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "Sam Lee", "801-555-0142");

        var confirm = Assert.Single(await bot.SayAsync("skip"));
        await bot.SayAsync("yes");

        Assert.Contains("Preferred time: no preference", confirm.Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("Sam Lee", handoff.Contact!.Name);
        Assert.Null(handoff.PreferredTime);
    }

    [Fact]
    public async Task Booking_RefusesAtTheReadBack_SendsNothing()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "Sam Lee", "801-555-0142", "tomorrow at 10am");

        var reply = Assert.Single(await bot.SayAsync("I'd rather not"));

        Assert.Equal(bot.Responses.DetailsDeclined(TriageLevel.None, staffTold: false), reply.Text);
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task Emergency_RedFlagAfterDecliningTheName_IsTriagedFirstThenTheContactQuestionIsAskedAgain()
    {
        var bot = new BotHarness();
        await bot.SayAsync(Emergency);
        Assert.Equal(bot.Responses.NameDeclined, (await bot.SayAsync("rather not"))[0].Text);

        var replies = await bot.SayAsync("and now both my legs have gone weak");

        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.Equal(bot.Responses.AskContact, replies[^1].Text);
        Assert.Contains("both-legs", Assert.Single(bot.Store.All).Flags);
    }

    [Fact]
    public async Task Emergency_CancelDuringTheContactQuestions_StillSays911()
    {
        var bot = new BotHarness();
        await bot.SayAsync(Emergency);

        var reply = Assert.Single(await bot.SayAsync("never mind"));

        Assert.Equal(bot.Responses.CancelledAfterEmergency, reply.Text);
        Assert.Contains("call 911", reply.Text);
    }
}
