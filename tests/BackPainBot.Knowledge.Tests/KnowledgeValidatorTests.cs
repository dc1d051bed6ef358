using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>The validation command's checks, on temp folders: every problem at once, each naming its file and line.</summary>
public sealed class KnowledgeValidatorTests : IDisposable
{
    private readonly TempKnowledgeFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Validate_ShippedKnowledge_FindsNothing()
    {
        Assert.Empty(KnowledgeValidator.Validate(RepoPaths.Knowledge));
    }

    [Fact]
    public void Validate_DuplicateSectionIdAcrossFiles_NamesBothFilesAndLines()
    {
        var first = _folder.WriteArticle("a.md", Articles.With("a", "## Shoes {#shoes}\nOld shoes.\n"));
        var second = _folder.WriteArticle("b.md", Articles.With("b", "## Intro {#intro}\nHello.\n\n## Shoes again {#shoes}\nNew shoes.\n"));

        var problem = Assert.Single(KnowledgeValidator.Validate(_folder.Path));

        Assert.StartsWith($"{second}(9): Duplicate section id 'shoes' (also in {first}(6))", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateArticleId_NamesTheLine()
    {
        _folder.WriteArticle("a.md", Articles.With("same", "## One {#one}\nText.\n"));
        var second = _folder.WriteArticle("b.md", Articles.With("same", "## Two {#two}\nText.\n"));

        Assert.Contains($"{second}(2): Duplicate article id 'same'", Assert.Single(KnowledgeValidator.Validate(_folder.Path)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralMistakesInOneFile_ReportsEachWithItsLine()
    {
        var file = _folder.WriteArticle("a.md", """
            ---
            id: a
            title: A
            titel: typo
            source: not a url
            ---
            ## Empty {#empty}

            ## Fine {#fine}
            Text.
            ## Fine again {#fine}
            Text.
            ## No id here
            Text.
            """);

        var problems = KnowledgeValidator.Validate(_folder.Path);

        Assert.Contains(problems, p => p.StartsWith($"{file}(4): Unknown front matter key 'titel'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}(5): 'source' must be an absolute URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}(7): Section 'empty' has no text", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}(11): Duplicate section id 'fine'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}(13): Section headings must look like", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnclosedFrontMatter_ReportsTheFileAndGoesOnWithTheOthers()
    {
        var broken = _folder.WriteArticle("a.md", "---\nid: a\ntitle: A\n## One {#one}\nText.\n");
        var empty = _folder.WriteArticle("b.md", Articles.With("b", "## Empty {#empty}\n\n"));

        var problems = KnowledgeValidator.Validate(_folder.Path);

        Assert.Contains(problems, p => p.StartsWith($"{broken}(1): The front matter opened on line 1 is never closed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{empty}(6): Section 'empty' has no text", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SynonymTargetInNoArticle_NamesTheSynonymLine()
    {
        _folder.WriteArticle("sleep.md", Articles.Sleep);
        _folder.WriteSynonyms("# words patients use\nbed, cot => mattress\nsneakers => shoes\nsleeping, dozing\ncouch, sofa\n");

        var problems = KnowledgeValidator.Validate(_folder.Path);

        Assert.Equal(2, problems.Count);
        Assert.StartsWith($"{_folder.SynonymsPath}(3): 'shoes' appears in no article", problems[0], StringComparison.Ordinal);
        Assert.StartsWith($"{_folder.SynonymsPath}(5): None of 'couch, sofa' appears in any article", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SynonymTargetThatIsFiller_SaysItCanNeverMatch()
    {
        _folder.WriteArticle("sleep.md", Articles.Sleep);
        _folder.WriteSynonyms("suggestions => tips\n");

        Assert.Contains("'tips' is a word the bot ignores", Assert.Single(KnowledgeValidator.Validate(_folder.Path)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnreadableSynonymRule_NamesTheSynonymsFile()
    {
        _folder.WriteArticle("sleep.md", Articles.Sleep);
        _folder.WriteSynonyms("# fine\nbed => mattress\ncot => bed => mattress\n");

        var problem = Assert.Single(KnowledgeValidator.Validate(_folder.Path));

        Assert.StartsWith(_folder.SynonymsPath, problem, StringComparison.Ordinal);
        Assert.Contains("Invalid synonym rule", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ArticleWordListedAsOutOfScope_IsReported()
    {
        _folder.WriteArticle("knees.md", Articles.With("knees", "## Knee pain {#knee-pain}\nIce your knee.\n"));
        _folder.WriteSynonyms("knee, knees => outofscope\n");

        Assert.Contains("Section 'knee-pain'", Assert.Single(KnowledgeValidator.Validate(_folder.Path)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GroupMistakes_NameTheirLines()
    {
        var file = _folder.WriteArticle("a.md", """
            ---
            id: a
            title: A
            group walking: walk, tips
            group lonely: sleep
            ---
            ## One {#one}
            group: walking, lonely
            Walk tall.

            ## Two {#two}
            group: walking, missing
            Walk slowly.
            """);

        var problems = KnowledgeValidator.Validate(_folder.Path);

        Assert.Contains(problems, p => p.StartsWith($"{file}(5): Group 'lonely' needs at least two sections", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}(11): Section 'two' joins group 'missing'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}(4): Group 'walking' lists 'tips', a word the bot ignores", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoArticlesFolder_SaysSo()
    {
        Directory.Delete(_folder.ArticlesPath);

        Assert.Contains("no 'articles' folder", Assert.Single(KnowledgeValidator.Validate(_folder.Path)), StringComparison.Ordinal);
    }
}
