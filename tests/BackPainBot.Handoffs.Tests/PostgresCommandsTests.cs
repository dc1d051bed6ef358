namespace BackPainBot.Handoffs.Tests;

public sealed class PostgresCommandsTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("emoji 😣 kept", "emoji 😣 kept")]
    [InlineData("nul\0inside", "nul\uFFFDinside")]
    [InlineData("", "")]
    public void StorableText_Value_ReplacesOnlyWhatPostgresCannotHold(string value, string expected)
    {
        Assert.Equal(expected, PostgresCommands.StorableText(value));
    }

    [Fact]
    public void StorableText_UnpairedSurrogates_EachBecomesOneReplacementCharacter()
    {
        // Built here rather than in attributes: attribute data cannot carry an unpaired surrogate.
        var high = new string('\uD83D', 1);
        var low = new string('\uDE00', 1);

        Assert.Equal("a \uFFFD b \uFFFD c \uFFFD", PostgresCommands.StorableText($"a {high} b {low} c {high}"));
        Assert.Equal("pair 😀 kept", PostgresCommands.StorableText($"pair {high}{low} kept"));
    }

    [Fact]
    public void StorableText_NothingToReplace_ReturnsTheSameString()
    {
        const string text = "my back hurts 😣";

        Assert.Same(text, PostgresCommands.StorableText(text));
    }
}
