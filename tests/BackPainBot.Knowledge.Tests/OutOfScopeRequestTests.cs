using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>
/// Requests the article cannot answer although its words match a tip (which product to buy, how much to walk, how much
/// weight to lose, where the nearest track is, how long healing takes, a child's feet), next to the questions on the
/// same topics that it does answer.
/// </summary>
public sealed class OutOfScopeRequestTests(ShippedKnowledge knowledge) : IClassFixture<ShippedKnowledge>
{
    private readonly KnowledgeIndex _index = knowledge.Index;

    [Theory]
    [InlineData("which treadmill should I buy for my garage")]
    [InlineData("what's a decent walking shoe to buy")]
    [InlineData("what make of trainers do physios like")]
    [InlineData("are orthotics a good idea for my back")]
    [InlineData("how many steps per day should I aim for")]
    [InlineData("how far should I jog each week")]
    [InlineData("is 8 miles a week too much for my back")]
    [InlineData("what's the quickest way to shed 15 lbs")]
    [InlineData("my 10 year old complains his heels hurt")]
    [InlineData("where can I recycle worn out sneakers")]
    [InlineData("how many stone do i need to lose for my back")]
    [InlineData("how much would i have to weigh for the ache to stop")]
    [InlineData("is there a rubber running track anywhere near me")]
    [InlineData("which park nearest to me has grass")]
    [InlineData("how long before my lower back heals")]
    public void Search_RequestTheArticleDoesNotAnswer_SaysNoMatch(string question)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.NoMatch, result.Decision);
        Assert.Empty(result.Selected);
    }

    [Theory]
    [InlineData("is it time to buy new running shoes", "replace-shoes")]
    [InlineData("how many miles should a pair of trainers last", "replace-shoes")]
    [InlineData("are my 3 year old trainers bad for my back", "replace-shoes")]
    [InlineData("would losing a few pounds help my lower back", "healthy-weight")]
    [InlineData("should I walk on a treadmill instead of the pavement", "softer-surfaces")]
    [InlineData("how much does shedding weight help my back", "healthy-weight")]
    [InlineData("the only place to walk near me is concrete, is that bad for my back", "softer-surfaces")]
    [InlineData("how long do trainers last before they need replacing", "replace-shoes")]
    public void Search_SameTopicTheArticleAnswers_StillAnswers(string question, string expectedId)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.Answer, result.Decision);
        Assert.Equal(expectedId, Assert.Single(result.Selected).Section.Id);
    }

    [Theory]
    [InlineData("why dose gaining weight strain my ankles", "healthy-weight")]
    [InlineData("dose the floor i walk on matter for my back", "softer-surfaces")]
    public void Search_DoseTypedForDoes_AnswersTheQuestion(string question, string expectedId)
    {
        var result = _index.Search(question);

        Assert.Equal(SearchDecision.Answer, result.Decision);
        Assert.Equal(expectedId, Assert.Single(result.Selected).Section.Id);
    }

    [Theory]
    [InlineData("what dose of naproxen is safe")]
    [InlineData("what dose should I take for back pain")]
    public void Search_DoseOfAMedicine_SaysNoMatch(string question)
    {
        Assert.Equal(SearchDecision.NoMatch, _index.Search(question).Decision);
    }
}
