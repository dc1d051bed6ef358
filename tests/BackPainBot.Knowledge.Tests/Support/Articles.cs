namespace BackPainBot.Knowledge.Tests.Support;

/// <summary>Small article texts for parser and loader tests.</summary>
internal static class Articles
{
    public const string Sleep = """
        ---
        id: sleep-and-back-pain
        title: Sleeping Without Back Pain
        keywords: sleep, back pain
        ---

        ## Choose a supportive mattress {#supportive-mattress}
        keywords: mattress, bed

        A mattress that sags lets your spine bend all night.
        Replace it when it no longer springs back.

        ## Sleep on your side {#side-sleeping}

        Sleeping on your side with a pillow between your legs keeps your spine level.
        """;

    /// <summary>An article with the given section blocks under a valid front matter.</summary>
    public static string With(string id, string body) => $"""
        ---
        id: {id}
        title: Test article {id}
        ---

        {body}
        """;
}
