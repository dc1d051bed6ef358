using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>The Markdown article format, and the file-and-line errors a clinic editor sees for each mistake.</summary>
public sealed class ArticleParserTests
{
    private const string File = "articles/test.md";

    [Fact]
    public void Parse_ValidArticle_ReadsFrontMatterAndSections()
    {
        var article = ArticleParser.Parse(File, Articles.Sleep).Article;

        Assert.Equal("sleep-and-back-pain", article.Id);
        Assert.Equal("Sleeping Without Back Pain", article.Title);
        Assert.Null(article.SourceUrl);
        Assert.Equal(["sleep", "back pain"], article.Keywords);
        Assert.Equal(["supportive-mattress", "side-sleeping"], article.Sections.Select(s => s.Id));
        var mattress = article.Sections[0];
        Assert.Equal("Choose a supportive mattress", mattress.Title);
        Assert.Equal(["mattress", "bed"], mattress.Keywords);
        Assert.Equal("sleep-and-back-pain", mattress.ArticleId);
        Assert.Equal("Sleeping Without Back Pain", mattress.ArticleTitle);
        Assert.Empty(article.Sections[1].Keywords);
    }

    [Fact]
    public void Parse_SoftLineBreaks_JoinsLinesIntoOneParagraph()
    {
        var section = ArticleParser.Parse(File, Articles.Sleep).Article.Sections[0];

        Assert.Equal("A mattress that sags lets your spine bend all night. Replace it when it no longer springs back.", section.Text);
    }

    [Fact]
    public void Parse_BlankLineBetweenParagraphs_KeepsParagraphsApart()
    {
        var text = Articles.With("a", "## One {#one}\nFirst paragraph.\n\nSecond paragraph.\n");

        var section = ArticleParser.Parse(File, text).Article.Sections[0];

        Assert.Equal("First paragraph.\n\nSecond paragraph.", section.Text);
    }

    [Fact]
    public void Parse_SourceInFrontMatter_SetsSourceUrlOnEverySection()
    {
        var text = "---\nid: a\ntitle: A\nsource: https://example.org/a\n---\n## One {#one}\nText.\n";

        var article = ArticleParser.Parse(File, text).Article;

        Assert.Equal("https://example.org/a", article.SourceUrl);
        Assert.Equal("https://example.org/a", article.Sections[0].SourceUrl);
    }

    [Fact]
    public void Parse_WindowsLineEndings_ParsesTheSame()
    {
        var article = ArticleParser.Parse(File, Articles.Sleep.Replace("\n", "\r\n")).Article;

        Assert.Equal(2, article.Sections.Count);
        Assert.DoesNotContain('\r', article.Sections[0].Text);
    }

    [Fact]
    public void Parse_MissingFrontMatter_ThrowsNamingLineOne()
    {
        var error = Assert.Throws<KnowledgeFormatException>(() => ArticleParser.Parse(File, "## One {#one}\nText.\n"));

        Assert.Equal(File, error.FilePath);
        Assert.Equal(1, error.LineNumber);
        Assert.StartsWith($"{File}(1): Missing front matter", error.Message);
    }

    [Fact]
    public void Parse_UnclosedFrontMatter_Throws()
    {
        var error = Assert.Throws<KnowledgeFormatException>(() => ArticleParser.Parse(File, "---\nid: a\ntitle: A\n## One {#one}\n"));

        Assert.Contains("never closed", error.Message);
    }

    [Fact]
    public void Parse_FrontMatterWithoutTitle_ThrowsNamingTheClosingLine()
    {
        var error = Assert.Throws<KnowledgeFormatException>(() => ArticleParser.Parse(File, "---\nid: a\n---\n## One {#one}\nText.\n"));

        Assert.Equal(3, error.LineNumber);
        Assert.Contains("'title:'", error.Message);
    }

    [Theory]
    [InlineData("---\nid: a\ntitle: A\ntitel: typo\n---\n", 4, "Unknown front matter key 'titel'")]
    [InlineData("---\nid: a\ntitle: A\nid: b\n---\n", 4, "appears twice")]
    [InlineData("---\nid: Not_Valid\ntitle: A\n---\n", 2, "lowercase")]
    [InlineData("---\nid: a\ntitle: A\nsource: not a url\n---\n", 4, "absolute URL")]
    [InlineData("---\nid: a\njust words\n---\n", 3, "'key: value'")]
    public void Parse_BadFrontMatterLine_ThrowsNamingTheLine(string frontMatter, int line, string message)
    {
        var error = Assert.Throws<KnowledgeFormatException>(() => ArticleParser.Parse(File, frontMatter + "## One {#one}\nText.\n"));

        Assert.Equal(line, error.LineNumber);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Parse_HeadingWithoutId_ThrowsNamingTheLine()
    {
        var text = "---\nid: a\ntitle: A\n---\n\n## Shoes\nText.\n";

        var error = Assert.Throws<KnowledgeFormatException>(() => ArticleParser.Parse(File, text));

        Assert.Equal(6, error.LineNumber);
        Assert.Contains("{#stable-id}", error.Message);
    }

    [Fact]
    public void Parse_DuplicateSectionId_ThrowsNamingBothLines()
    {
        var text = "---\nid: a\ntitle: A\n---\n## One {#tip}\nText.\n## Two {#tip}\nMore.\n";

        var error = Assert.Throws<KnowledgeFormatException>(() => ArticleParser.Parse(File, text));

        Assert.Equal(7, error.LineNumber);
        Assert.Contains("Duplicate section id 'tip' (first used on line 5)", error.Message);
    }

    [Theory]
    [InlineData("## Empty {#empty}\n\n## Next {#next}\nText.\n")]
    [InlineData("## Empty {#empty}\nkeywords: a, b\n\n## Next {#next}\nText.\n")]
    [InlineData("## Next {#next}\nText.\n## Empty {#empty}\n   \n")]
    public void Parse_EmptySection_ThrowsNamingItsHeading(string body)
    {
        var text = "---\nid: a\ntitle: A\n---\n" + body;
        var headingLine = 5 + body.Split('\n').TakeWhile(l => !l.Contains("{#empty}")).Count();

        var error = Assert.Throws<KnowledgeFormatException>(() => ArticleParser.Parse(File, text));

        Assert.Equal(headingLine, error.LineNumber);
        Assert.Contains("Section 'empty' has no text", error.Message);
    }

    [Fact]
    public void Parse_TextBeforeFirstSection_ThrowsNamingTheLine()
    {
        var error = Assert.Throws<KnowledgeFormatException>(() => ArticleParser.Parse(File, "---\nid: a\ntitle: A\n---\nIntro.\n## One {#one}\nText.\n"));

        Assert.Equal(5, error.LineNumber);
        Assert.Contains("would never be shown", error.Message);
    }

    [Fact]
    public void Parse_NoSections_Throws()
    {
        var error = Assert.Throws<KnowledgeFormatException>(() => ArticleParser.Parse(File, "---\nid: a\ntitle: A\n---\n\n"));

        Assert.Contains("no sections", error.Message);
    }

    [Fact]
    public void Parse_Groups_ReadsDeclarationsAndMembers()
    {
        var text = "---\nid: a\ntitle: A\ngroup walking-form: walk, run\n---\n## One {#one}\nkeywords: x\ngroup: walking-form\nText.\n## Two {#two}\ngroup: walking-form\nMore.\n## Three {#three}\nOther.\n";

        var parsed = ArticleParser.Parse(File, text);

        var group = Assert.Single(parsed.Article.Groups);
        Assert.Equal("walking-form", group.Id);
        Assert.Equal(["walk", "run"], group.Triggers);
        Assert.Equal(4, parsed.GroupLines["walking-form"]);
        Assert.Equal(["walking-form"], parsed.Article.Sections[0].Groups);
        Assert.Equal(["x"], parsed.Article.Sections[0].Keywords);
        Assert.Equal("Text.", parsed.Article.Sections[0].Text);
        Assert.Empty(parsed.Article.Sections[2].Groups);
    }

    [Theory]
    [InlineData("---\nid: a\ntitle: A\n---\n## One {#one}\ngroup: nowhere\nText.\n", 5, "joins group 'nowhere'")]
    [InlineData("---\nid: a\ntitle: A\ngroup solo: walk\n---\n## One {#one}\ngroup: solo\nText.\n", 4, "needs at least two sections")]
    [InlineData("---\nid: a\ntitle: A\ngroup Bad_Id: walk\n---\n## One {#one}\nText.\n", 4, "Group id 'bad_id'")]
    [InlineData("---\nid: a\ntitle: A\ngroup empty:\n---\n## One {#one}\nText.\n", 4, "lists no words")]
    [InlineData("---\nid: a\ntitle: A\n---\n## One {#one}\ngroup: Not Valid\nText.\n", 6, "'group:' lists group ids")]
    public void Parse_BadGroup_ThrowsNamingTheLine(string text, int line, string message)
    {
        var error = Assert.Throws<KnowledgeFormatException>(() => ArticleParser.Parse(File, text));

        Assert.Equal(line, error.LineNumber);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Parse_WithProblemSink_CollectsEveryMistakeInsteadOfThrowing()
    {
        var problems = new List<KnowledgeFormatException>();
        var text = "---\nid: a\ntitle: A\nbogus: 1\n---\n## Empty {#empty}\n\n## Good {#good}\nText.\n## Good {#good}\nAgain.\n";

        var parsed = ArticleParser.Parse(File, text, problems);

        Assert.Equal([4, 6, 10], problems.Select(p => p.LineNumber).Order());
        Assert.Equal(["good"], parsed?.Article.Sections.Select(s => s.Id));
    }
}
