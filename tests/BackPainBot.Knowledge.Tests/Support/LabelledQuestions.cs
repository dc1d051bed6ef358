namespace BackPainBot.Knowledge.Tests.Support;

/// <summary>One row of <c>Data/questions.tsv</c>; <see cref="ExpectedId"/> is null for out-of-scope questions.</summary>
internal sealed record LabelledQuestion(string Split, string? ExpectedId, string Question, int Line)
{
    public const string Tune = "tune";
    public const string Heldout = "heldout";

    public bool InScope => ExpectedId is not null;

    public static IReadOnlyList<LabelledQuestion> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "questions.tsv");
        var rows = new List<LabelledQuestion>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("split\t", StringComparison.Ordinal))
            {
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length != 3 || columns[0] is not (Tune or Heldout) || columns[2].Trim().Length == 0)
            {
                throw new FormatException($"{path}({i + 1}): expected 'tune|heldout<TAB>section-id or -<TAB>question'.");
            }

            rows.Add(new LabelledQuestion(columns[0], columns[1] == "-" ? null : columns[1], columns[2], i + 1));
        }

        return rows;
    }
}
