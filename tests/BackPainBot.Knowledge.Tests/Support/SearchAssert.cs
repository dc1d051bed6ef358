namespace BackPainBot.Knowledge.Tests.Support;

/// <summary>The two outcomes most search tests check: one section given as the answer, or no answer at all.</summary>
internal static class SearchAssert
{
    /// <summary>The question is answered with exactly the section <paramref name="expectedId"/>.</summary>
    public static void Answers(KnowledgeIndex index, string question, string expectedId)
    {
        var result = index.Search(question);

        Assert.Equal(SearchDecision.Answer, result.Decision);
        Assert.Equal(expectedId, Assert.Single(result.Selected).Section.Id);
    }

    /// <summary>The question gets no answer and no section is offered.</summary>
    public static void NoMatch(KnowledgeIndex index, string question)
    {
        var result = index.Search(question);

        Assert.Equal(SearchDecision.NoMatch, result.Decision);
        Assert.Empty(result.Selected);
    }
}
