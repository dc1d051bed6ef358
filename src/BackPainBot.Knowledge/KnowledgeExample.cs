namespace BackPainBot.Knowledge;

/// <summary>
/// One of the clinic's example patient questions (<c>examples.txt</c>): a question a section answers, or one the bot
/// should refuse. The search lets the nearest examples vote alongside the sections' own text.
/// </summary>
/// <param name="Id">
/// <c>examples:LINE</c>, the example's line in the file: safe to log (it is not the text) and easy to find.
/// </param>
/// <param name="SectionIds">The sections that answer it (usually one); empty for a question the bot should refuse.</param>
/// <param name="Question">The example question, as a patient would type it.</param>
public sealed record KnowledgeExample(string Id, IReadOnlyList<string> SectionIds, string Question)
{
    /// <summary>False for an example the bot should refuse (heading <c>[-]</c>).</summary>
    public bool InScope => SectionIds.Count > 0;

    /// <summary>The example's label as written in its heading: <c>replace-shoes</c>, <c>a|b</c> or <c>-</c>.</summary>
    public string Label => InScope ? string.Join('|', SectionIds) : "-";
}

/// <summary>An example question near the patient's question, and how near (cosine similarity of their words, 0..1).</summary>
/// <param name="Example">The clinic's example.</param>
/// <param name="Similarity">Cosine similarity of the two questions' IDF-weighted analyzed terms.</param>
public sealed record ExampleMatch(KnowledgeExample Example, float Similarity);

/// <summary>
/// Reads <c>examples.txt</c>: blocks headed <c>[section-id]</c> (or <c>[id1|id2]</c>, or <c>[-]</c> for questions the bot
/// should refuse), one example question per line; <c>#</c> starts a comment line.
/// </summary>
internal static class ExampleFile
{
    /// <summary>
    /// Parses the file. With <paramref name="problems"/> null the first problem throws <see cref="KnowledgeFormatException"/>;
    /// otherwise every problem (a line before any heading, an empty heading, an unknown section id, an empty or duplicate
    /// example) is added to it and the faulty line is left out.
    /// </summary>
    public static IReadOnlyList<KnowledgeExample> Parse(
        string path, string text, IReadOnlySet<string> sectionIds, List<KnowledgeFormatException>? problems = null)
    {
        var examples = new List<KnowledgeExample>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        IReadOnlyList<string>? label = null;
        var headed = false;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                label = ReadHeading(path, number, line, sectionIds, problems);
                headed = true;
                continue;
            }

            if (!headed)
            {
                Report(problems, new KnowledgeFormatException(path, number,
                    "An example before any heading: start each block with [section-id], or [-] for questions the bot should refuse."));
                continue;
            }

            var key = KnowledgeIndex.NormalizeTitle(line);
            if (label is null)
            {
                // Under a heading already reported: one problem for the block, not one per line.
                continue;
            }

            if (key.Length == 0)
            {
                Report(problems, new KnowledgeFormatException(path, number, "An empty example: it has no letters or digits."));
            }
            else if (seen.TryGetValue(key, out var first))
            {
                Report(problems, new KnowledgeFormatException(path, number, $"Duplicate example (also on line {first}); keep one."));
            }
            else
            {
                seen.Add(key, number);
                examples.Add(new KnowledgeExample($"examples:{number}", label, line));
            }
        }

        return examples;
    }

    private static IReadOnlyList<string>? ReadHeading(
        string path, int number, string line, IReadOnlySet<string> sectionIds, List<KnowledgeFormatException>? problems)
    {
        if (!line.EndsWith(']'))
        {
            Report(problems, new KnowledgeFormatException(path, number, "A heading must be [section-id], [id1|id2] or [-]."));
            return null;
        }

        var inner = line[1..^1].Trim();
        if (inner == "-")
        {
            return [];
        }

        var ids = inner.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            Report(problems, new KnowledgeFormatException(path, number, "An empty heading: name a section id, or [-] for questions the bot should refuse."));
            return null;
        }

        var unknown = ids.Where(id => !sectionIds.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            Report(problems, new KnowledgeFormatException(path, number,
                $"Unknown section id '{string.Join("', '", unknown)}': use an id from an article's '## Title {{#id}}' heading."));
            return null;
        }

        return ids;
    }

    private static void Report(List<KnowledgeFormatException>? problems, KnowledgeFormatException problem)
    {
        if (problems is null)
        {
            throw problem;
        }

        problems.Add(problem);
    }
}
