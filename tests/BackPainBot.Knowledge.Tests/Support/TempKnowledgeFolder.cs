namespace BackPainBot.Knowledge.Tests.Support;

/// <summary>A throw-away knowledge folder (articles/ and synonyms.txt) for loader tests.</summary>
internal sealed class TempKnowledgeFolder : IDisposable
{
    public TempKnowledgeFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "backpainbot-knowledge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(ArticlesPath);
    }

    public string Path { get; }

    public string ArticlesPath => System.IO.Path.Combine(Path, "articles");

    public string SynonymsPath => System.IO.Path.Combine(Path, "synonyms.txt");

    /// <summary>Writes an article file and returns its full path.</summary>
    public string WriteArticle(string fileName, string content)
    {
        var file = System.IO.Path.Combine(ArticlesPath, fileName);
        File.WriteAllText(file, content);
        return file;
    }

    public void WriteSynonyms(string content) => File.WriteAllText(SynonymsPath, content);

    /// <summary>
    /// Copies the shipped synonyms.txt as a clinic adding an article would edit it: lines that declare a topic out of
    /// scope and name one of <paramref name="coveredWords"/> (sleep, for an article about sleep) are removed, since the
    /// article now covers them (the bot refuses to start otherwise).
    /// </summary>
    public void CopyShippedSynonyms(params string[] coveredWords)
    {
        var lines = File.ReadAllLines(System.IO.Path.Combine(RepoPaths.Knowledge, "synonyms.txt"))
            .Where(line => !(line.Contains("=> outofscope", StringComparison.Ordinal)
                && coveredWords.Any(word => line.Contains(word, StringComparison.OrdinalIgnoreCase))));
        File.WriteAllLines(SynonymsPath, lines);
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
