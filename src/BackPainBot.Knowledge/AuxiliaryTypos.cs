using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Reads "dose" as "does" where it asks a question ("why dose extra weight strain my ankles", "dose losing weight help"):
/// "dose" is a medicine word the bot refuses, and without this a patient's typo would get "I can't help with that".
/// "what dose should I take" and "a dose of ibuprofen" keep the medicine meaning.
/// </summary>
/// <remarks>The swap keeps the question's length, so the offsets of negated and reported spans stay right.</remarks>
internal static partial class AuxiliaryTypos
{
    /// <summary>The question with "dose" read as "does" where it opens a question or follows a question word.</summary>
    public static string Fix(string question) =>
        question.Contains("dose", StringComparison.OrdinalIgnoreCase) ? DoseAsDoes().Replace(question, "${lead}does") : question;

    [GeneratedRegex(
        @"(?<lead>^\s*|[.?!,;]\s*|\b(?:why|how|where|when|what|who|it|this|that|so|and|but)\s+)dose\b(?!\s+(?:of|should|would|could|can|will|do|is|are|was|for|per|to|and|or|i\s+take|you\s+take|\d))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoseAsDoes();
}
