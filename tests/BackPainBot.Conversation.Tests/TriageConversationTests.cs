using BackPainBot.Conversation.Tests.Support;
using BackPainBot.Handoffs;

namespace BackPainBot.Conversation.Tests;

public sealed class TriageConversationTests
{
    [Theory]
    [InlineData("I suddenly can't control my bladder and my back hurts")]
    [InlineData("numb between my legs since this morning")]
    [InlineData("both my legs are weak and giving way")]
    [InlineData("I fell off a ladder and now my back is killing me")]
    public async Task Message_EmergencyRedFlag_Says911FirstWithNoTipsAndRecordsHandoffAtOnce(string message)
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync(message);

        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.DoesNotContain("Source:", replies.AllText());
        Assert.All(replies, r => Assert.Equal("emergency", r.TriageLevel()));
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.NotEmpty(handoff.Flags);
        Assert.Equal(replies[0].TriageFlags(), handoff.Flags);
        Assert.Contains(replies, r => r.Text.Contains(Responses.Reference(handoff.Id)));
        Assert.Contains(message, handoff.Transcript.Select(t => t.Text));
    }

    [Fact]
    public async Task Message_Fever_SaysSeeAClinicianWithin48HoursRecordsHandoffAndStartsBooking()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync("I've had a fever and chills with this back pain");

        Assert.Contains("within the next 24 to 48 hours", replies[0].Text);
        Assert.Equal("urgent", replies[0].TriageLevel());
        Assert.Equal("urgent", Assert.Single(bot.Store.All).Level);
        Assert.Equal(bot.Responses.AskName, replies[^1].Text);
    }

    [Fact]
    public async Task Message_TinglingAndNumbnessInLeg_AdvisesCareAndOffersBookingWithRoutineTriage()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync("I have tingling and numbness in my leg");

        Assert.Contains("seek medical attention and the long-term care of a chiropractor", replies[0].Text);
        Assert.All(replies, r => Assert.Equal("routine", r.TriageLevel()));
        Assert.Contains(bot.Responses.BookingIntro, replies.Select(r => r.Text));
        Assert.Equal(bot.Responses.AskName, replies[^1].Text);
        Assert.DoesNotContain("Source:", replies.AllText());
    }

    [Theory]
    [InlineData("I'm 58 and my lower back aches on long walks. How often should I replace my walking shoes?", "300-500 miles")]
    [InlineData("My daughter is 16 and runs on the balls of her feet. Could landing like that be why her lower back aches?", "mid-foot and heel")]
    public async Task Message_AgeWithAQuestion_SaysWhyACheckIsWorthItThenAnswersWithTheBookButton(string message, string answer)
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync(message);

        Assert.Equal(2, replies.Count);
        Assert.Contains("after the age of 50, or before 20", replies[0].Text);
        Assert.DoesNotContain("symptoms", replies[0].Text);
        Assert.Contains(answer, replies[1].Text);
        Assert.Contains("Source:", replies[1].Text);
        Assert.Contains(Responses.BookAction, replies[1].Buttons());
        Assert.All(replies, r => Assert.Equal("routine", r.TriageLevel()));
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task Message_AgeWithASymptom_GivesTheSymptomsAdviceInsteadOfTheTip()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync("I'm 58 and my calves cramp on long walks. How often should I replace my walking shoes?");

        Assert.Contains("should be checked by a clinician", replies[0].Text);
        Assert.DoesNotContain("300-500 miles", replies.AllText());
        Assert.DoesNotContain("Source:", replies.AllText());
    }

    [Fact]
    public async Task Message_AgeWithoutAQuestionTheKnowledgeAnswers_StartsTheBooking()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync("my mum is 81 and her back started hurting after she moved house, can she see someone this week");

        Assert.Contains("after the age of 50, or before 20", replies[0].Text);
        Assert.DoesNotContain("Source:", replies.AllText());
        Assert.Contains(bot.Responses.BookingIntro, replies.Select(r => r.Text));
    }

    [Fact]
    public async Task Message_TipAfterARedFlag_KeepsTheConversationLevel()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("my calves cramp when I jog", "cancel");

        var reply = Assert.Single(await bot.SayAsync("how often should I replace my shoes?"));

        Assert.Equal("routine", reply.TriageLevel());
        Assert.Contains("300-500 miles", reply.Text);
    }

    [Fact]
    public async Task Message_HypotheticalRedFlag_GivesSafetyInformationWithoutHandoffOrBooking()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync("What should I do if I ever lose control of my bladder?");

        var reply = Assert.Single(replies);
        Assert.StartsWith("If that happens, treat it as an emergency", reply.Text);
        Assert.Empty(bot.Store.All);
    }

    [Theory]
    [InlineData("when i wipe after the loo it feels like someone elses skin, and my lower back has been killing me since yesterday")]
    [InlineData("my legs keep buckeling when i stand up, both of them, and my back is sore as hell")]
    [InlineData("both legs are a bit numby today and my back hurts")]
    [InlineData("Yesterday I was limping, today I can't stand on my left leg at all. lower back pain started saturday")]
    [InlineData("temprature all week after a tooth infection, back pain bad, and this morning my foot started draging")]
    [InlineData("woke up and the bed was wet, im 34 and this never happens to me. back been awful for days")]
    [InlineData("wiping feels like paper on cardboard, i can barely feel it. back started hurting after we moved house")]
    public async Task Message_EmergencyInLayWordsOrTypos_Says911First(string message)
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync(message);

        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.Equal("emergency", Assert.Single(bot.Store.All).Level);
    }

    [Theory]
    [InlineData("what does cauda equina mean? saw it on a forum")]
    [InlineData("this article has me paralysed with indecision about which trainers to buy haha")]
    [InlineData("I've got a fever and a stuffy nose, no back pain at all, should I skip my walk today?")]
    [InlineData("numb lips after the dentist lol, unrelated but can I still go for my jog?")]
    [InlineData("the water bladder in my hiking pack leaks, would carrying a heavy pack hurt my back anyway?")]
    [InlineData("my arm went dead from sleeping on it, totally fine now. do you do posture assessments")]
    [InlineData("world cup fever has taken over the house, any stretches for a stiff back from the sofa?")]
    [InlineData("my old collie is getting weak in her back legs, do you know a good vet")]
    [InlineData("this year has been a total train wreck and my back is stiff, any stretches?")]
    public async Task Message_LookAlikeOfARedFlag_RecordsNoHandoff(string message)
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync(message);

        Assert.DoesNotContain(replies, r => r.Text.StartsWith("This could be a medical emergency", StringComparison.Ordinal));
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task Message_InfectionRiskWithAWeakLeg_Says911FirstAndTheHandoffKeepsTheWeakLeg()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync("i inject and my back has been agony for days, now my right leg wont hold me up");

        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.Contains("infection-with-neurological-signs", handoff.Flags);
        Assert.Contains("leg-weakness-one", handoff.Flags);
    }

    [Theory]
    [InlineData("my little fella has stopped working since I did my back in", "sexual-dysfunction")]
    [InlineData("there is no control of my bowels since the back injury", "bowel-dysfunction")]
    public async Task Message_EmergencyInPlainOrSlangWords_Says911FirstAndRecordsItsFlag(string message, string flag)
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync(message);

        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.Equal(flag, Assert.Single(Assert.Single(bot.Store.All).Flags));
    }

    [Fact]
    public async Task Message_CoachAboutALiftersWeakeningLeg_AdvisesForThatPersonAndRecordsAnEmergency()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync("one of my lifters has a quad that gets weaker every session since a back tweak last week");

        Assert.Contains("for the person you describe", replies[0].Text);
        Assert.Contains("call 911", replies[0].Text, StringComparison.OrdinalIgnoreCase);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.Contains("progressive-weakness", handoff.Flags);
    }

    [Theory]
    [InlineData("My husband can't control his bladder and has bad back pain")]
    [InlineData("My wife says both her legs feel weak and numb, she's had back pain all week")]
    [InlineData("my mums leg is getting weaker by the hour, she cant stand on it now. her back has been bad all week")]
    public async Task Message_SomeoneElsesEmergency_AdvisesForThatPerson(string message)
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync(message);

        Assert.Contains("for the person you describe", replies[0].Text);
        Assert.Contains("call 911", replies[0].Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Message_ConditionalQuestionAboutAnEmergency_GivesSafetyInformationWithoutHandoff()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync("if my legs gave out on me while walking with this back would that be serious or just muscle fatigue");

        Assert.StartsWith("If that happens, treat it as an emergency", replies[0].Text);
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task Message_RedFlagWhileStoreIsDown_TellsThePatientToCallTheClinic()
    {
        var bot = new BotHarness();
        bot.Store.FailWrites = true;

        var replies = await bot.SayAsync("I can't feel my legs and I've lost control of my bowels");

        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.Contains(bot.Responses.SaveFailed, replies.Select(r => r.Text));
        Assert.Contains(bot.Clinic.Phone, bot.Responses.SaveFailed);
    }

    [Fact]
    public async Task Message_RedFlagDuringBooking_GivesAdviceThenAsksThePendingQuestionAgain()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("book an appointment", "Jane Smith");

        var replies = await bot.SayAsync("actually now I can't feel anything down there");

        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.Equal(bot.Responses.AskContact, replies[^1].Text);
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal(HandoffStatus.New, handoff.Status);
        Assert.Equal("emergency", handoff.Level);
    }

    [Fact]
    public async Task Message_ReportedRoutineWithHypotheticalEmergency_RepliesAtTheReportedLevel()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync("My foot keeps tingling. What should I do if I ever lose control of my bladder?");

        Assert.Equal("routine", replies[0].TriageLevel());
        Assert.DoesNotContain("This could be a medical emergency", replies[0].Text);
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task Message_SymptomSaidToBeResolved_LevelDropsForLaterAnswers()
    {
        var bot = new BotHarness();
        await bot.SayAllAsync("I get leg cramps when I jog", "cancel");

        var reply = Assert.Single(await bot.SayAsync("the leg cramps are gone now. how often should I replace my shoes?"));

        Assert.Equal("none", reply.TriageLevel());
        Assert.Contains("300-500 miles", reply.Text);
    }
}
