namespace BackPainBot.Handoffs.Tests;

public sealed class HandoffJsonTests
{
    [Fact]
    public void SerializeList_TranscriptEntry_UsesCamelCaseNames()
    {
        var json = HandoffJson.SerializeList<TranscriptEntry>(
            [new TranscriptEntry(TestHandoffs.Monday9am, "patient", "hi")]);

        Assert.Equal("""[{"timestamp":"2025-03-10T09:00:00+10:00","from":"patient","text":"hi"}]""", json);
    }

    [Fact]
    public void SerializeList_Null_WritesEmptyArray()
    {
        Assert.Equal("[]", HandoffJson.SerializeList<string>(null));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    public void DeserializeList_NullOrEmpty_ReturnsEmpty(string json)
    {
        Assert.Empty(HandoffJson.DeserializeList<string>(json));
    }
}
