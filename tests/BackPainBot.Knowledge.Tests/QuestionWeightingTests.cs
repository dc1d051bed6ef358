using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>
/// How a question's words are weighed once it is read whole: a long story around a question still gets its answer, a
/// short question about something else is still refused, and "is X linked to back pain" is about X.
/// </summary>
public sealed class QuestionWeightingTests(ShippedKnowledge knowledge) : IClassFixture<ShippedKnowledge>
{
    private readonly KnowledgeIndex _index = knowledge.Index;

    [Theory]
    [InlineData("so over the winter i put on a fair bit of extra weight, takeaways and no gym, and now my lower back aches on my evening strolls, could the weight be doing it", "healthy-weight")]
    [InlineData("every lunch break i do laps of the business park on the tarmac with a colleague and afterwards my back is sore, could the hard ground be to blame", "softer-surfaces")]
    public void Search_LongStoryAroundAQuestion_AnswersIt(string question, string expectedId)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.Answer, result.Decision);
        Assert.Equal(expectedId, Assert.Single(result.Selected).Section.Id);
    }

    [Theory]
    [InlineData("how do i train my puppy to walk on a lead")]
    [InlineData("what time does the gym open")]
    public void Search_ShortQuestionAboutSomethingElse_SaysNoMatch(string question)
    {
        Assert.Equal(SearchDecision.NoMatch, _index.Search(question).Decision);
    }

    [Theory]
    [InlineData("is being overweight linked to back pain?", "healthy-weight")]
    [InlineData("weight and lower back ache, any connection?", "healthy-weight")]
    [InlineData("is there a connection between my feet and my lower back", "why-ankles-cause-back-pain")]
    public void Search_AskingWhetherSomethingIsLinked_AnswersAboutThatThing(string question, string expectedId)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.Answer, result.Decision);
        Assert.Equal(expectedId, Assert.Single(result.Selected).Section.Id);
    }

    [Theory]
    [InlineData("list every way to avoid back pain from my ankles")]
    [InlineData("give me every tip to protect my back")]
    public void Search_EveryWayOrEveryTip_ListsTheTips(string question)
    {
        Assert.Equal(SearchDecision.List, _index.Search(question).Decision);
    }
}
