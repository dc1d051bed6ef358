using BackPainBot.Triage.Text;

namespace BackPainBot.Triage.Tests.Text;

public sealed class TokenizerTests
{
    [Fact]
    public void Tokenize_CurlyApostrophesAndMissingOnes_NormaliseToTheSameWord()
    {
        var words = Tokenizer.Tokenize("I can’t, I cant, I cannot, I can not").Select(t => t.Text);

        Assert.Equal(["i", "can't", "i", "can't", "i", "can't", "i", "can't"], words);
    }

    [Fact]
    public void Tokenize_Emoji_IsAWordBoundaryAndKeepsOffsets()
    {
        const string message = "numb😭legs";

        var tokens = Tokenizer.Tokenize(message);

        Assert.Equal(["numb", "legs"], tokens.Select(t => t.Text));
        Assert.Equal("legs", message[tokens[1].Start..tokens[1].End]);
        Assert.True(tokens[1].BreakBefore);
    }

    [Fact]
    public void Tokenize_Ampersand_IsTheWordAnd()
    {
        const string message = "pins & needles, bladder&bowels";

        var tokens = Tokenizer.Tokenize(message);

        Assert.Equal(["pins", "and", "needles", "bladder", "and", "bowels"], tokens.Select(t => t.Text));
        Assert.Equal("&", message[tokens[1].Start..tokens[1].End]);
        Assert.False(tokens[1].BreakBefore);
        Assert.False(tokens[2].BreakBefore);
    }

    [Fact]
    public void Tokenize_NumberWithLetters_IsTheNumberAndItsSuffixWithOffsets()
    {
        const string message = "55yo, fell 5m";

        var tokens = Tokenizer.Tokenize(message);

        Assert.Equal(["55", "yo", "fell", "5", "m"], tokens.Select(t => t.Text));
        Assert.Equal("yo", message[tokens[1].Start..tokens[1].End]);
        Assert.False(tokens[1].BreakBefore);
    }

    [Fact]
    public void Tokenize_QuestionMarkColonOrSpacedDash_MarkTheNextWordAsAPossibleAnswer()
    {
        var tokens = Tokenizer.Tokenize("numb? no. tingling: nope - weak. fine");

        Assert.Equal([false, true, false, true, true, false], tokens.Select(t => t.AnswerBefore));
    }

    [Fact]
    public void Tokenize_SentenceEnds_StartNewSentencesButDecimalsDoNot()
    {
        var tokens = Tokenizer.Tokenize("Ran 2.5 miles. Numb now!\nHelp");

        Assert.Equal([0, 0, 0, 1, 1, 2], tokens.Select(t => t.Sentence));
        Assert.Equal("2.5", tokens[1].Text);
    }

    [Fact]
    public void Tokenize_HyphenatedWords_SplitWithoutAPause()
    {
        var tokens = Tokenizer.Tokenize("pins-and-needles - fever");

        Assert.Equal(["pins", "and", "needles", "fever"], tokens.Select(t => t.Text));
        Assert.False(tokens[1].BreakBefore);
        Assert.True(tokens[3].BreakBefore);
    }

    [Fact]
    public void Tokenize_CapitalLetters_AreLowerCasedButOffsetsPointAtTheOriginal()
    {
        const string message = "I'M NUMB";

        var tokens = Tokenizer.Tokenize(message);

        Assert.Equal(["i'm", "numb"], tokens.Select(t => t.Text));
        Assert.Equal("NUMB", message[tokens[1].Start..tokens[1].End]);
    }
}
