namespace BackPainBot.Conversation.Tests;

public sealed class IntentsTests
{
    [Theory]
    [InlineData("no")]
    [InlineData("No.")]
    [InlineData("n")]
    [InlineData("no thanks")]
    [InlineData("No thank you")]
    [InlineData("no thx")]
    [InlineData("nope")]
    [InlineData("noo")]
    [InlineData("nop")]
    [InlineData("nah")]
    [InlineData("none")]
    [InlineData("n/a")]
    [InlineData("skip")]
    [InlineData("Skip it")]
    [InlineData("skp")]
    [InlineData("pass")]
    [InlineData("rather not")]
    [InlineData("I'd rather not say")]
    [InlineData("I’d rather not say")]
    [InlineData("id rather not")]
    [InlineData("rathr not")]
    [InlineData("prefer not to")]
    [InlineData("I'd prefer not to say")]
    [InlineData("perfer not to say")]
    [InlineData("don't want to")]
    [InlineData("I dont want to")]
    [InlineData("dont wanna")]
    [InlineData("dnt want to say")]
    [InlineData("not telling")]
    [InlineData("sorry, I'd rather not give my name")]
    [InlineData("can I not give my name?")]
    [InlineData("I don't have a phone")]
    [InlineData("rather not share my number, thanks")]
    [InlineData("that's private")]
    public void IsDeclining_Refusal_IsTrue(string text)
    {
        Assert.True(Intents.IsDeclining(text));
    }

    [Theory]
    [InlineData("Noah")]
    [InlineData("Nona")]
    [InlineData("Noelle Park")]
    [InlineData("Norah Jones")]
    [InlineData("Skip Johnson")]
    [InlineData("my name is Skip")]
    [InlineData("Will Nott")]
    [InlineData("Jane, no phone though")]
    [InlineData("Passmore")]
    [InlineData("801-555-0142")]
    [InlineData("next Tuesday at 3pm")]
    public void IsDeclining_AnAnswer_IsFalse(string text)
    {
        Assert.False(Intents.IsDeclining(text));
    }

    [Theory]
    [InlineData("I don't want to give my details")]
    [InlineData("I'd rather not give any details")]
    [InlineData("no details thanks")]
    [InlineData("not giving you any info")]
    [InlineData("don't contact me")]
    [InlineData("I don't want anyone to call me")]
    [InlineData("skip all of it")]
    [InlineData("I dont want to give my personal information")]
    public void IsDecliningAll_RefusalOfEverything_IsTrue(string text)
    {
        Assert.True(Intents.IsDecliningAll(text));
    }

    [Theory]
    [InlineData("no")]
    [InlineData("skip")]
    [InlineData("I'd rather not say")]
    [InlineData("Noah")]
    [InlineData("Jane Smith")]
    [InlineData("where can I find details of the clinic's opening hours? I don't know them and my shoes are worn")]
    public void IsDecliningAll_OneQuestionOrAnAnswer_IsFalse(string text)
    {
        Assert.False(Intents.IsDecliningAll(text));
    }
}
