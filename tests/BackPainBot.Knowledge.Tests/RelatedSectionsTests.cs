using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>Looking a section up by id, and the follow-up sections offered after an answer.</summary>
public sealed class RelatedSectionsTests(ShippedKnowledge knowledge) : IClassFixture<ShippedKnowledge>
{
    private readonly KnowledgeIndex _index = knowledge.Index;

    [Fact]
    public void Find_KnownId_ReturnsTheSection()
    {
        Assert.Equal("Replace old shoes", _index.Find("replace-shoes")?.Title);
    }

    [Fact]
    public void Find_UnknownId_ReturnsNull()
    {
        Assert.Null(_index.Find("no-such-section"));
    }

    [Fact]
    public void Related_SectionInAGroup_OffersItsNearestGroupMatesFirst()
    {
        var related = _index.Related("area-of-impact");

        Assert.Equal(["engage-core", "shorter-steps", "healthy-weight"], related.Select(s => s.Id));
    }

    [Fact]
    public void Related_SectionInNoGroup_OffersItsNeighboursInTheArticle()
    {
        var related = _index.Related("get-a-consultation", max: 2);

        Assert.Equal(["replace-shoes", "why-ankles-cause-back-pain"], related.Select(s => s.Id));
    }

    [Theory]
    [InlineData("why-ankles-cause-back-pain")]
    [InlineData("replace-shoes")]
    [InlineData("stop-and-seek-care")]
    public void Related_AnySection_OffersOneToThreeOtherSections(string id)
    {
        var related = _index.Related(id);

        Assert.InRange(related.Count, 1, 3);
        Assert.DoesNotContain(related, s => s.Id == id);
        Assert.Equal(related.Count, related.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Related_UnknownId_IsEmpty()
    {
        Assert.Empty(_index.Related("no-such-section"));
    }

    [Fact]
    public void Related_MaxOne_OffersOne()
    {
        Assert.Single(_index.Related("replace-shoes", max: 1));
    }
}
