using BackPainBot.Conversation.Tests.Support;

namespace BackPainBot.Conversation.Tests;

/// <summary>The learned second opinion as a patient meets it: an emergency in words no rule has still gets 911.</summary>
public sealed class SecondOpinionConversationTests
{
    private const string LeakInNewWords = "my back is bad and my wee keeps sneaking out";

    [Fact]
    public async Task Message_EmergencyInWordsNoRuleHas_Says911AndRecordsTheModelsDecision()
    {
        var bot = new BotHarness(secondOpinion: true);

        var replies = await bot.SayAsync(LeakInNewWords);

        Assert.StartsWith("This could be a medical emergency. Call 911", replies[0].Text);
        Assert.Equal("emergency", replies[0].TriageLevel());
        var handoff = Assert.Single(bot.Store.All);
        Assert.Equal("emergency", handoff.Level);
        Assert.Equal(["bladder-dysfunction"], handoff.Flags);
        // The audit says the model decided, with its score and where, never the words.
        var audit = Assert.Single(handoff.TriageAudit, a => a.Code == "bladder-dysfunction");
        Assert.Equal("model", audit.Source);
        Assert.Equal("reported", audit.Decision);
        Assert.InRange(audit.Score!.Value, 0.35, 1);
        Assert.Equal((0, LeakInNewWords.Length), (audit.Start, audit.Length));
    }

    [Fact]
    public async Task Message_EmergencyInWordsNoRuleHas_RulesAloneGiveNoEmergency()
    {
        var bot = new BotHarness();

        var replies = await bot.SayAsync(LeakInNewWords);

        Assert.DoesNotContain(replies, r => r.Text.StartsWith("This could be a medical emergency", StringComparison.Ordinal));
        Assert.Empty(bot.Store.All);
    }

    [Theory]
    [InlineData("no wee sneaking out or anything, just a stiff back, which stretches help?")]
    [InlineData("my wee doesn't keep sneaking out, my back is just a bit stiff")]
    public async Task Message_DeniedLookAlike_GetsNoEmergency(string message)
    {
        var bot = new BotHarness(secondOpinion: true);

        var replies = await bot.SayAsync(message);

        Assert.DoesNotContain(replies, r => r.Text.StartsWith("This could be a medical emergency", StringComparison.Ordinal));
        Assert.Empty(bot.Store.All);
    }

    [Fact]
    public async Task Message_SomeoneElsesEmergencyInNewWords_AdvisesForThatPerson()
    {
        var bot = new BotHarness(secondOpinion: true);

        var replies = await bot.SayAsync("my mum says her wee keeps sneaking out and her back is bad");

        Assert.Equal("emergency", replies[0].TriageLevel());
        Assert.Contains("for the person you describe", replies[0].Text);
        Assert.Contains("call 911", replies[0].Text, StringComparison.OrdinalIgnoreCase);
        var data = await bot.StoredDataAsync();
        Assert.Contains(data!.TriageAudit, a => a.Source == "model" && a.Decision == "other-person");
    }
}
