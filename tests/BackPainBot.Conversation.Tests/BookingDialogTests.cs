using BackPainBot.Conversation.Booking;
using BackPainBot.Conversation.Tests.Support;

namespace BackPainBot.Conversation.Tests;

public sealed class BookingDialogTests
{
    [Fact]
    public async Task Booking_FullDialogWithInvalidPhone_ReasksThenRecordsHandoffWithContactAndResolvedTime()
    {
        var bot = new BotHarness();

        Assert.Equal(bot.Responses.AskName, (await bot.SayAsync("I'd like to book an appointment"))[^1].Text);
        Assert.Equal(bot.Responses.AskContact, Assert.Single(await bot.SayAsync("My name is Jane Smith")).Text);
        Assert.Equal(bot.Responses.RetryContact, Assert.Single(await bot.SayAsync("call me whenever")).Text);
        Assert.Equal(bot.Responses.AskTime, Assert.Single(await bot.SayAsync("(801) 555-0142")).Text);
        var confirm = Assert.Single(await bot.SayAsync("next Tuesday at 3pm"));
        Assert.Contains("Name: Jane Smith", confirm.Text);
        Assert.Contains("Contact: (801) 555-0142", confirm.Text);
        Assert.Contains("Tuesday, December 1 at 3:00 PM", confirm.Text);
        Assert.Equal([Responses.YesAction, Responses.NoAction], confirm.Buttons());
        Assert.Empty(bot.Store.All);

        var done = Assert.Single(await bot.SayAsync("yes"));

        var handoff = Assert.Single(bot.Store.All);
        Assert.StartsWith("Thanks, Jane Smith. We've got it", done.Text);
        Assert.Contains(Responses.Reference(handoff.Id), done.Text);
        Assert.Equal("Jane Smith", handoff.Contact!.Name);
        Assert.EndsWith("8015550142", handoff.Contact.Phone);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.FromHours(-7)), handoff.PreferredTime);
        Assert.Equal(TimeSpan.FromHours(-7), handoff.PreferredTime!.Value.Offset);
        Assert.Equal("none", handoff.Level);
        Assert.Equal("test", handoff.Channel);
        Assert.Contains("call me whenever", handoff.Transcript.Select(t => t.Text));
    }

    [Fact]
    public async Task Booking_EmailAndAsSoonAsPossible_RecordsEmailAndNoPreferredTime()
    {
        var bot = new BotHarness();

        await bot.SayAllAsync("book", "Sam Lee", "sam.lee@example.com", "as soon as possible", "yes");

        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("sam.lee@example.com", handoff.Contact!.Email);
        Assert.Null(handoff.PreferredTime);
    }

    [Fact]
    public async Task Booking_PastTime_IsReasked()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "Sam Lee", "801-555-0142");

        var reply = Assert.Single(await bot.SayAsync("yesterday at 3pm"));

        Assert.Equal(bot.Responses.RetryTime, reply.Text);
    }

    [Fact]
    public async Task Booking_CancelMidway_RecordsNothingAndAnswersTheNextQuestion()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("I want to make an appointment", "Jane Smith");

        var cancelled = Assert.Single(await bot.SayAsync("cancel"));
        var next = Assert.Single(await bot.SayAsync("how often should I replace my shoes?"));

        Assert.Equal(bot.Responses.Cancelled, cancelled.Text);
        Assert.Empty(bot.Store.All);
        Assert.Contains("300-500 miles", next.Text);
    }

    [Fact]
    public async Task Booking_AnswerNoAtConfirmation_StartsAgainFromTheName()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "Jane Smith", "801-555-0142", "tomorrow at 10am");

        var replies = await bot.SayAsync("no");

        Assert.Equal([bot.Responses.BookingRedo, bot.Responses.AskName], replies.Select(r => r.Text));
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task Booking_HelpMidway_ExplainsAndAsksTheSameQuestionAgain()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "Jane Smith");

        var replies = await bot.SayAsync("help");

        Assert.Equal([bot.Responses.Help, bot.Responses.AskContact], replies.Select(r => r.Text));
    }

    [Fact]
    public async Task Booking_StoreFails_TellsThePatientToCallTheClinicAndRecordsNothing()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "Jane Smith", "801-555-0142", "tomorrow at 10am");
        bot.Store.FailWrites = true;

        var reply = Assert.Single(await bot.SayAsync("yes"));

        Assert.Equal(bot.Responses.SaveFailed, reply.Text);
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task Booking_AfterEmergency_UpdatesTheSameHandoffWithContactDetails()
    {
        var bot = new BotHarness();
        await bot.SayAsync("I have numbness in my groin and can't pee");

        await bot.SayAllAsync("Jane Smith", "801-555-0142", "as soon as possible", "yes");

        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.EndsWith("8015550142", handoff.Contact!.Phone);
    }

    [Theory]
    [InlineData("Jane Smith", "Jane Smith")]
    [InlineData("my name is Jane", "Jane")]
    [InlineData("I'm Mary-Ann O'Neil.", "Mary-Ann O'Neil")]
    [InlineData("12345", null)]
    [InlineData("", null)]
    [InlineData("this is a very long sentence that is surely not a name at all", null)]
    public void RecognizeName_Input_ReturnsNameOrNull(string input, string? expected)
    {
        Assert.Equal(expected, BookingDialog.RecognizeName(input));
    }
}
