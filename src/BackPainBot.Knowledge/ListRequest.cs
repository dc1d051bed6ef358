using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// How a question is phrased when it asks for advice rather than about one fact: "tips for…", "ways to…", "how should I…",
/// "what can I do…". Only the wording; which tips it asks for comes from the articles' groups.
/// </summary>
/// <remarks>
/// These are English question forms, not clinic vocabulary, so they live in code; the words that name a group of tips
/// ("walk", "prevent") live in the articles, where the clinic edits them.
/// </remarks>
internal static partial class ListRequest
{
    /// <summary>The kind of advice request a question makes, if any.</summary>
    public static ListCue Find(string question)
    {
        if (PluralRequest().IsMatch(question))
        {
            return ListCue.Plural;
        }

        return HowTo().IsMatch(question) ? ListCue.HowTo : ListCue.None;
    }

    // "thanks for the tips" closes a conversation; it is not a request for more.
    [GeneratedRegex(
        @"(?<!\bthank(?:s|\s+you)\s+(?:so\s+much\s+)?for\s+(?:the\s+|your\s+|all\s+the\s+|those\s+|these\s+|all\s+)?)\b(?:tips|ways|things|ideas|suggestions|advice|pointers|recommendations|dos\s+and\s+don'?ts|everything|summary|summari[sz]e|overview|recap|rundown|(?:main|key)\s+points|every\s+(?:single\s+)?(?:way|tip|thing|idea|suggestion|option)|them\s+all|all\s+of\s+them|every\s+one|all\s+the\s+points|bullet\s*points?|check\s*list|(?:a|the|full|whole|complete|entire|quick)\s+list|list\s+(?:them|those|these|all|every|each|the|your|ur|out|of)|stuff\s+(?:i|we|you)\s+(?:can|could|should)|stuff\s+to\s+(?:do|try)|cheat\s*sheet|in\s+a\s+nutshell|crash\s+course|lowdown|(?:the\s+)?basics|101|what\s+(?:do|should|would)\s+(?:i|we)\s+(?:need\s+to\s+)?know|what\s+else\s+(?:can|could|should|do|would|helps?|is\s+there)|anything\s+else\s+(?:i|we)\s+(?:can|could|should)|(?:what|which|any)\s+(?:\w+\s+)?(?:habits|changes)|one\s+by\s+one|step\s+by\s+step|(?:what|which)\s+(?:\w+\s+)?(?:mechanics|techniques)\s+(?:should|do|must|can|to|are)|self[\s-]?care\s+(?:stuff|things|tips))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PluralRequest();

    /// <summary>
    /// A job or a day that keeps someone standing ("I'm a teacher and on my feet all day", "standing at the till all
    /// day", "on her feet from 8 till 4"): in a request for tips it is the occasion, not a question about the feet.
    /// </summary>
    public static List<(int Start, int End)> StandingAllDay(string question) => TextSpans.Of(StandingPattern(), question);

    [GeneratedRegex(
        @"\b(?:on\s+(?:my|her|his|their|our|your)\s+feet|standing|stood)(?:\s+(?:at|behind|on)\s+(?:the|a|my|our)\s+\w+)?\s+(?:(?:all\s+day|all\s+shift|the\s+whole\s+(?:day|shift))(?:\s+long)?|from\s+\d{1,2}(?::\d\d)?\s*(?:am)?\s+(?:till|til|to|until)\s+\d{1,2}(?::\d\d)?(?:\s*pm)?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StandingPattern();

    /// <summary>
    /// The question is nothing but "what is X" ("whats gait", "what is walking form?"): it asks what a word means, not
    /// for the tips of the group the word names.
    /// </summary>
    public static bool AsksWhatItIs(string question) => WhatItIs().IsMatch(question);

    [GeneratedRegex(
        @"^\W*(?:what(?:'s|’s|s|\s+is|\s+are)|whats|wats|wat\s+is)\s+(?:a\s+|an\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s*[?.!]*\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhatItIs();

    /// <summary>
    /// The question asks for more than something already done or set aside: "what else can I do", "any other tips",
    /// "besides shoes", "apart from the surface". Then a story clause saying what was done is not part of the question, and
    /// the list leaves out the tip it names.
    /// </summary>
    public static bool AsksForMore(string question) => MoreRequest().IsMatch(question);

    [GeneratedRegex(
        @"\b(?:what|anything|something)\s+else\b|\b(?:any|what|which)\s+other\b|\bother\s+than\b|\bbesides\b|\b(?:apart|aside)\s+from\b|\bon\s+top\s+of\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MoreRequest();

    [GeneratedRegex(
        @"\bhow\s+(?:should|do|can|could|would|must|shall)\s+(?:i|we|you|one)\b|\bhow\s+(?:am|are|is)\s+(?:i|we|you|one)\s+(?:supposed|meant)\s+to\b|\bhow\s+to\b|\bwhat\s+(?:exactly\s+)?(?:should|can|could|do|would)\s+(?:i|we|you|he|she|they)\s+(?:be\s+)?do(?:ing)?\s+(?:differently\b|(?:to|for|about|against|so)\b)|\bwhat\s+(?:should|can|could|do|would)\s+(?:i|we)\s+(?:need\s+to\s+)?(?:change|adjust|tweak)\s+(?:about|in|with)\b|\bcan\s+i\s+do\b|\b(?:right|best|proper|correct|safest|safe|better)\s+way\s+(?:to|of)\b|\b(?:right|best|proper|correct|good|better|ideal|optimal|safest|safe)\s+(?:\w+\s+)?(?:technique|form|mechanics|method|style)\b|\b(?:suggest|recommend|advise)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HowTo();
}

/// <summary>How a question asks for advice.</summary>
internal enum ListCue
{
    /// <summary>Not phrased as a request for advice.</summary>
    None,

    /// <summary>
    /// "how should I…", "how to…", "what can I do to…", "what should I be doing so…", "what should I be doing
    /// differently", "what should I change about…", "what can she do to…", "what self-care can I do", "the right way to…", "what do you
    /// suggest": advice on a named topic. "What should I do
    /// when it hurts?" is not one: it asks about a situation, which one section answers.
    /// </summary>
    HowTo,

    /// <summary>
    /// "tips", "ways", "things", "stuff I can do", "advice", "what habits", "which everyday changes", "everything", "every way", "summary", "list them all", "the full list",
    /// "bullet points", "a cheat sheet", "in a nutshell", "walking 101", "what do I need to know", "one by one", "which
    /// mechanics should I work on", "self-care stuff": several pieces of
    /// advice, even with no topic named.
    /// </summary>
    Plural,
}
