using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Handoffs;

namespace BackPainBot.Conversation.Tests;

/// <summary>
/// Staff are told what the patient said about the time: a date and time, "as soon as possible", or no preference
/// (said so, declined, or unreadable). A handoff whose patient was never asked says nothing about it.
/// </summary>
public sealed class TimePreferenceTests
{
    [Theory]
    [InlineData("as soon as possible", TimePreferences.AsSoonAsPossible)]
    [InlineData("first available", TimePreferences.AsSoonAsPossible)]
    [InlineData("no preference", TimePreferences.NoPreference)]
    [InlineData("I don't mind", TimePreferences.NoPreference)]
    [InlineData("skip", TimePreferences.NoPreference)]
    [InlineData("I'd rather not say", TimePreferences.NoPreference)]
    public async Task Booking_NoDateAndTime_RecordsWhatThePatientSaid(string answer, string expected)
    {
        var bot = new BotHarness();

        await bot.SayAllAsync("book", "Sam Lee", "801-555-0142", answer, "yes");

        var handoff = Assert.Single(bot.Store.All);
        Assert.Null(handoff.PreferredTime);
        Assert.Equal(expected, handoff.TimePreference);
    }

    [Fact]
    public async Task Booking_TimeUnreadableUntilTheLimit_RecordsNoPreference()
    {
        var bot = new BotHarness();

        await bot.SayAllAsync("book", "Sam Lee", "801-555-0142", "purple", "purple", "purple", "yes");

        var handoff = Assert.Single(bot.Store.All);
        Assert.Null(handoff.PreferredTime);
        Assert.Equal(TimePreferences.NoPreference, handoff.TimePreference);
    }

    [Fact]
    public async Task Emergency_NothingAboutTheTimeUntilAsked_ThenWhatThePatientSaid()
    {
        var bot = new BotHarness();

        await bot.SayAllAsync("I have numbness in my groin and can't pee", "Jane Smith", "801-555-0142");
        var recorded = Assert.Single(bot.Store.All);
        Assert.Null(recorded.PreferredTime);
        Assert.Null(recorded.TimePreference);
        await bot.SayAllAsync("as soon as possible", "yes");

        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.Null(handoff.PreferredTime);
        Assert.Equal(TimePreferences.AsSoonAsPossible, handoff.TimePreference);
    }

    [Fact]
    public async Task SecondBooking_AsSoonAsPossibleAfterAnEarlierTime_ReplacesThatTime()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book", "Sam Lee", "801-555-0142", "tomorrow at 10am", "yes");
        var first = Assert.Single(bot.Store.All);
        Assert.NotNull(first.PreferredTime);
        Assert.Null(first.TimePreference);

        await bot.SayAllAsync("book", "Sam Lee", "801-555-0142", "as soon as possible", "yes");

        var handoff = Assert.Single(bot.Store.All);
        Assert.Null(handoff.PreferredTime);
        Assert.Equal(TimePreferences.AsSoonAsPossible, handoff.TimePreference);
    }
}
