namespace BackPainBot.Knowledge;

/// <summary>Lucene field names and their query-time boosts.</summary>
internal static class KnowledgeFields
{
    /// <summary>Section id, untokenized and stored: how a hit is mapped back to its section.</summary>
    public const string Id = "id";

    public const string Title = "title";

    public const string Keywords = "keywords";

    public const string Text = "text";

    /// <summary>
    /// The article's front-matter keywords, on every section of the article: a section is about its article's topic even
    /// when its own text does not repeat it ("Maintain a healthy weight" never says "back").
    /// </summary>
    public const string Article = "article";

    /// <summary>
    /// The searched fields and their query-time boosts. Titles and keywords are short and written to describe the
    /// section, so a match there says more than a word in passing in the text; the article field is shared by all of an
    /// article's sections, so it only matters for choosing between articles.
    /// </summary>
    public static readonly (string Field, float Boost)[] Boosts =
    [
        (Title, 3f),
        (Keywords, 2f),
        (Text, 1f),
        (Article, 0.25f),
    ];

    /// <summary>The flag of a searched field, for <see cref="TermFields"/>.</summary>
    public static TermFields Flag(string field) => field switch
    {
        Title => TermFields.Title,
        Keywords => TermFields.Keywords,
        Text => TermFields.Text,
        Article => TermFields.Article,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a searched field."),
    };
}

/// <summary>The searched fields a term occurs in, strongest evidence first; explains a hit.</summary>
[Flags]
internal enum TermFields
{
    None = 0,
    Title = 1,
    Keywords = 2,
    Text = 4,
    Article = 8,
}
