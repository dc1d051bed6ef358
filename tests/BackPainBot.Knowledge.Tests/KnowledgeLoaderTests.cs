using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>Loading a knowledge folder: the shipped content, extra articles, and start-up errors, using temp folders.</summary>
public sealed class KnowledgeLoaderTests
{
    [Fact]
    public void Load_ShippedKnowledge_IndexesTheArticleSectionsInOrder()
    {
        using var index = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions());

        Assert.Equal(
            [
                "why-ankles-cause-back-pain", "get-a-consultation", "replace-shoes", "shorter-steps", "area-of-impact",
                "engage-core", "healthy-weight", "softer-surfaces", "stop-and-seek-care",
            ],
            index.Sections.Select(s => s.Id));
        Assert.All(index.Sections, s => Assert.Equal("The Cause of Lower Back Pain May Stem from Your Ankles", s.ArticleTitle));
        Assert.All(index.Sections, s => Assert.StartsWith("https://", s.SourceUrl));
    }

    [Fact]
    public void Load_ShippedKnowledge_FixesTheSourceTypos()
    {
        using var index = KnowledgeIndex.Load(RepoPaths.Knowledge, new KnowledgeOptions());
        var landing = index.Sections.Single(s => s.Id == "area-of-impact").Text;

        Assert.Contains("between the mid-foot and heel", landing);
        Assert.Contains("can lead to an awkward stride", landing);
        Assert.DoesNotContain(" heal", landing);
    }

    [Fact]
    public void Load_SecondArticleFile_AnswersFromItWithoutCodeChanges()
    {
        using var folder = new TempKnowledgeFolder();
        File.Copy(Path.Combine(RepoPaths.Knowledge, "articles", "ankles-lower-back-pain.md"), Path.Combine(folder.ArticlesPath, "ankles-lower-back-pain.md"));
        folder.CopyShippedSynonyms("sleep", "mattress");
        folder.WriteArticle("sleep.md", Articles.Sleep);

        using var index = KnowledgeIndex.Load(folder.Path, new KnowledgeOptions());

        Assert.Equal(11, index.Sections.Count);
        Assert.Equal("supportive-mattress", index.Search("is my saggy mattress hurting my back?").Best?.Section.Id);
        Assert.Equal("replace-shoes", index.Search("how often should I replace my running shoes").Best?.Section.Id);
    }

    [Fact]
    public void Load_DuplicateSectionIdAcrossFiles_ThrowsNamingBothFiles()
    {
        using var folder = new TempKnowledgeFolder();
        var first = folder.WriteArticle("a.md", Articles.With("a", "## Shoes {#replace-shoes}\nOld shoes.\n"));
        var second = folder.WriteArticle("b.md", Articles.With("b", "## Intro {#intro}\nHello.\n\n## Shoes again {#replace-shoes}\nNew shoes.\n"));

        var error = Assert.Throws<KnowledgeFormatException>(() => KnowledgeIndex.Load(folder.Path, new KnowledgeOptions()));

        Assert.Equal(second, error.FilePath);
        Assert.Equal(9, error.LineNumber);
        Assert.Contains("Duplicate section id 'replace-shoes'", error.Message);
        Assert.Contains(first + "(6)", error.Message);
    }

    [Fact]
    public void Load_DuplicateArticleIdAcrossFiles_Throws()
    {
        using var folder = new TempKnowledgeFolder();
        folder.WriteArticle("a.md", Articles.With("same", "## One {#one}\nText.\n"));
        folder.WriteArticle("b.md", Articles.With("same", "## Two {#two}\nText.\n"));

        var error = Assert.Throws<KnowledgeFormatException>(() => KnowledgeIndex.Load(folder.Path, new KnowledgeOptions()));

        Assert.Equal(2, error.LineNumber);
        Assert.Contains("Duplicate article id 'same'", error.Message);
    }

    [Fact]
    public void Load_FileWithoutFrontMatter_ThrowsNamingFileAndLine()
    {
        using var folder = new TempKnowledgeFolder();
        var file = folder.WriteArticle("broken.md", "## Shoes {#shoes}\nReplace them.\n");

        var error = Assert.Throws<KnowledgeFormatException>(() => KnowledgeIndex.Load(folder.Path, new KnowledgeOptions()));

        Assert.StartsWith($"{file}(1): Missing front matter", error.Message);
    }

    [Fact]
    public void Load_EmptySection_ThrowsNamingFileAndLine()
    {
        using var folder = new TempKnowledgeFolder();
        var file = folder.WriteArticle("a.md", Articles.With("a", "## One {#one}\nText.\n\n## Empty {#empty}\n\n"));

        var error = Assert.Throws<KnowledgeFormatException>(() => KnowledgeIndex.Load(folder.Path, new KnowledgeOptions()));

        Assert.Equal(file, error.FilePath);
        Assert.Equal(9, error.LineNumber);
    }

    [Fact]
    public void Load_NoArticles_Throws()
    {
        using var folder = new TempKnowledgeFolder();

        var error = Assert.Throws<KnowledgeFormatException>(() => KnowledgeIndex.Load(folder.Path, new KnowledgeOptions()));

        Assert.Contains("No articles", error.Message);
    }

    [Fact]
    public void Load_NoArticlesFolder_Throws()
    {
        using var folder = new TempKnowledgeFolder();
        Directory.Delete(folder.ArticlesPath);

        var error = Assert.Throws<KnowledgeFormatException>(() => KnowledgeIndex.Load(folder.Path, new KnowledgeOptions()));

        Assert.Contains("'articles' folder", error.Message);
    }

    [Fact]
    public void Load_NoSynonymsFile_StillAnswersInTheArticlesOwnWords()
    {
        using var folder = new TempKnowledgeFolder();
        folder.WriteArticle("sleep.md", Articles.Sleep);

        using var index = KnowledgeIndex.Load(folder.Path, new KnowledgeOptions());

        Assert.Equal("supportive-mattress", index.Search("which mattress is best?").Best?.Section.Id);
    }

    [Fact]
    public void Load_BadSynonymRule_ThrowsNamingTheSynonymsFile()
    {
        using var folder = new TempKnowledgeFolder();
        folder.WriteArticle("sleep.md", Articles.Sleep);
        folder.WriteSynonyms("# fine\nbed => mattress\ncot => bed => mattress\n");

        var error = Assert.Throws<KnowledgeFormatException>(() => KnowledgeIndex.Load(folder.Path, new KnowledgeOptions()));

        Assert.Equal(folder.SynonymsPath, error.FilePath);
        Assert.Contains("Invalid synonym rule", error.Message);
    }

    [Fact]
    public void Load_ArticleUsesAnOutOfScopeWord_ThrowsNamingTheSection()
    {
        using var folder = new TempKnowledgeFolder();
        folder.WriteArticle("knees.md", Articles.With("knees", "## Knee pain {#knee-pain}\nIce your knee.\n"));
        folder.WriteSynonyms("knee, knees => outofscope\n");

        var error = Assert.Throws<KnowledgeFormatException>(() => KnowledgeIndex.Load(folder.Path, new KnowledgeOptions()));

        Assert.Equal(folder.SynonymsPath, error.FilePath);
        Assert.Contains("Section 'knee-pain'", error.Message);
    }
}
