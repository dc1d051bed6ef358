using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests.Caching;

public sealed class AnalysisCacheTests
{
    [Fact]
    public void GetOrAdd_SameMessageTwice_AnalysesItOnce()
    {
        var cache = new AnalysisCache<string>(capacity: 4);
        var calls = 0;

        var first = cache.GetOrAdd("my leg is numb", Analyze);
        var second = cache.GetOrAdd("my leg is numb", Analyze);

        Assert.Same(first, second);
        Assert.Equal(1, calls);

        string Analyze(string message)
        {
            calls++;
            return message.ToUpperInvariant();
        }
    }

    [Fact]
    public void GetOrAdd_ManyDifferentMessages_HoldsAtMostTwiceTheCapacity()
    {
        var cache = new AnalysisCache<string>(capacity: 10);

        for (var i = 0; i < 1000; i++)
        {
            cache.GetOrAdd($"message {i}", m => m);
        }

        Assert.InRange(cache.Count, 10, 20);
    }

    [Fact]
    public void GetOrAdd_RecentlyUsedMessage_SurvivesARotation()
    {
        var cache = new AnalysisCache<string>(capacity: 3);
        var calls = 0;
        cache.GetOrAdd("kept", Count);
        for (var i = 0; i < 5; i++)
        {
            // Used again between the others, as a conversation's recent messages are on every turn.
            cache.GetOrAdd("kept", Count);
            cache.GetOrAdd($"other {i}", m => m);
        }

        Assert.Equal(1, calls);

        string Count(string message)
        {
            calls++;
            return message;
        }
    }

    [Fact]
    public void AssessConversation_RepeatedTurns_GivesTheSameResultAsAFreshEngine()
    {
        var engine = TriageEngine.Load(RepoPaths.RedFlags);
        string[] conversation = ["my back hurts", "and my legs are weak", "both of them"];

        var first = engine.AssessConversation(conversation);
        var again = engine.AssessConversation(conversation);
        var fresh = TriageEngine.Load(RepoPaths.RedFlags).AssessConversation(conversation);

        Assert.Equal(TriageLevel.Emergency, again.Level);
        Assert.Equal(fresh.Flags.Select(f => f.Code), again.Flags.Select(f => f.Code));
        Assert.Equal(first.Flags.Select(f => f.Code), again.Flags.Select(f => f.Code));

        // The combination belongs to that conversation, not to the words "both of them" wherever they come again.
        Assert.Equal(TriageLevel.None, engine.Assess("both of them").Level);
    }
}
