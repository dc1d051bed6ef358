using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace BackPainBot.Triage.Text;

/// <summary>
/// Splits a message into words the same way for patients' messages and for the clinic's phrases, so a phrase written
/// as "cannot" also matches "cant" and "can’t". Offsets always point into the original message.
/// </summary>
internal static class Tokenizer
{
    // Phone keyboards drop apostrophes; the clinic's phrases and triggers are written with them.
    private static readonly FrozenDictionary<string, string> Contractions = new Dictionary<string, string>
    {
        ["cant"] = "can't",
        ["cannot"] = "can't",
        ["dont"] = "don't",
        ["doesnt"] = "doesn't",
        ["didnt"] = "didn't",
        ["isnt"] = "isn't",
        ["wasnt"] = "wasn't",
        ["arent"] = "aren't",
        ["werent"] = "weren't",
        ["havent"] = "haven't",
        ["hasnt"] = "hasn't",
        ["hadnt"] = "hadn't",
        ["wont"] = "won't",
        ["wouldnt"] = "wouldn't",
        ["couldnt"] = "couldn't",
        ["shouldnt"] = "shouldn't",
        ["aint"] = "ain't",
        ["im"] = "i'm",
        ["ive"] = "i've",
        ["hes"] = "he's",
        ["shes"] = "she's",
        ["thats"] = "that's",
        ["whats"] = "what's",
        ["theyre"] = "they're",
        ["youre"] = "you're",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ContractionsBySpan =
        Contractions.GetAlternateLookup<ReadOnlySpan<char>>();

    // Words longer than this are put together on the heap; messages' words are far shorter.
    private const int MaxStackWord = 256;

    // Every message is split on arrival: the words are gathered in a list kept per thread, so only the result is new.
    [ThreadStatic]
    private static List<Token>? t_tokens;

    /// <summary>Splits <paramref name="text"/> into normalised words with sentence and clause boundaries.</summary>
    /// <param name="text">The message.</param>
    /// <param name="known">
    /// Words whose strings a word of the message shares instead of having its own (the rules' words, which are nearly
    /// all of a message's): the triage engine keeps the words of recent messages, and a message's words are then mostly
    /// no extra memory. Null for a string per word.
    /// </param>
    public static Token[] Tokenize(string text, IKnownWords? known = null)
    {
        var tokens = t_tokens ??= [];
        tokens.Clear();
        Span<char> word = text.Length <= MaxStackWord ? stackalloc char[MaxStackWord] : new char[text.Length];
        var sentence = 0;
        var pendingBreak = false;
        // After "?", ":" or a dash between spaces the next word may answer what came before ("numb? no").
        var pendingAnswer = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsWordChar(c))
            {
                var start = i;
                var length = 0;
                while (i < text.Length)
                {
                    c = text[i];
                    if (IsWordChar(c))
                    {
                        word[length++] = NormalizeChar(char.ToLowerInvariant(c));
                    }
                    else if (IsApostrophe(c) && i + 1 < text.Length && IsWordChar(text[i + 1]))
                    {
                        word[length++] = '\'';
                    }
                    else if (c is '.' or ',' && char.IsDigit(text[i - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1]))
                    {
                        word[length++] = NormalizeChar(c);
                    }
                    else
                    {
                        break;
                    }

                    i++;
                }

                var hasPrevious = tokens.Count > 0 && tokens[^1].Sentence == sentence;
                var normalized = word[..length];
                var digits = NumberBeforeUnit(normalized);
                if (ContractionsBySpan.TryGetValue(normalized, out var spelled))
                {
                    tokens.Add(new Token(spelled, start, i, sentence, pendingBreak && hasPrevious, pendingAnswer));
                }
                else if (digits > 0)
                {
                    // "55yo", "5m", "10mg": a number and its unit or age suffix are two words, as "55 yo" would be.
                    tokens.Add(new Token(Text(normalized[..digits], known), start, start + digits, sentence, pendingBreak && hasPrevious, pendingAnswer));
                    tokens.Add(new Token(Text(normalized[digits..], known), start + digits, i, sentence, false));
                }
                else
                {
                    tokens.Add(new Token(Text(normalized, known), start, i, sentence, pendingBreak && hasPrevious, pendingAnswer));
                }

                pendingBreak = false;
                pendingAnswer = false;
                continue;
            }

            // "pins & needles", "bladder & bowels": an ampersand is the word "and".
            if (c == '&')
            {
                var hasPreviousWord = tokens.Count > 0 && tokens[^1].Sentence == sentence;
                tokens.Add(new Token("and", i, i + 1, sentence, pendingBreak && hasPreviousWord));
                pendingBreak = false;
                i++;
                continue;
            }

            if (c is '?' or ':' or '\u2013' or '\u2014' || (c == '-' && !IsJoiningHyphen(text, i)))
            {
                pendingAnswer = true;
            }

            if (c == '.' && AnswersQuestionAsked(text, i, tokens, sentence))
            {
                // "she asked whether I can feel when I need to pee. honestly no": the bare answer belongs to the
                // question's sentence, as a clause of it, so a phrase can read the "no" that confirms a loss.
                pendingBreak = true;
            }
            else if (IsSentenceEnd(text, i))
            {
                if (tokens.Count > 0 && tokens[^1].Sentence == sentence)
                {
                    sentence++;
                }

                pendingBreak = false;
            }
            else if (!char.IsWhiteSpace(c) && !IsJoiningHyphen(text, i))
            {
                pendingBreak = true;
            }

            i++;
        }

        var result = MergeCanNot(tokens);
        if (tokens.Capacity > MaxKeptTokens)
        {
            t_tokens = null;
        }

        return result;
    }

    private static string Text(ReadOnlySpan<char> word, IKnownWords? known) =>
        known is not null && known.TryGetWord(word, out var shared) ? shared : new string(word);

    // A thread keeps its word list for the next message unless a very long message made it this big.
    private const int MaxKeptTokens = 1024;

    /// <summary>
    /// For a normalised word such as "55yo", "5m" or "9th", read as two words ("55 yo"), how many digits the number has;
    /// 0 for any other word. Phrases split such words the same way, so "in 9th grade" in the rule file matches a message.
    /// </summary>
    public static int NumberBeforeUnit(ReadOnlySpan<char> word)
    {
        var n = 0;
        while (n < word.Length && char.IsAsciiDigit(word[n]))
        {
            n++;
        }

        return n is > 0 and <= 4 && n < word.Length && !word[n..].ContainsAnyExceptInRange('a', 'z') ? n : 0;
    }

    /// <summary>Normalises one word as <see cref="Tokenize"/> does: lower case, straight apostrophes, contractions.</summary>
    public static string NormalizeWord(string word)
    {
        var lower = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            lower.Append(NormalizeChar(c));
        }

        var text = lower.ToString();
        return Contractions.TryGetValue(text, out var spelled) ? spelled : text;
    }

    private static char NormalizeChar(char c) => IsApostrophe(c) ? '\'' : char.ToLowerInvariant(c);

    /// <summary>True for characters that can be part of a word (letters, digits, combining accents).</summary>
    public static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>True for the straight and typographic apostrophes phones and word processors produce.</summary>
    public static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4' or '\u2032';

    private static readonly string[] AskWords = ["asked", "asks", "ask", "asking", "wanted", "wants", "checked", "checks", "quizzed", "questioned"];

    private static readonly string[] BareAnswers =
        ["no", "nope", "nah", "not really", "honestly no", "honestly not", "honestly not really", "truthfully no", "sadly no", "tbh no", "to be honest no"];

    /// <summary>
    /// True at a full stop that ends a sentence in which someone asked the writer something ("the nurse asked if I can
    /// still feel when I need to pee.") and is followed by a bare answer alone in its clause ("Honestly no, ...", "nope."; never "no pain" or "not really sure").
    /// </summary>
    private static bool AnswersQuestionAsked(string text, int i, List<Token> tokens, int sentence)
    {
        var asked = false;
        for (var t = tokens.Count - 1; t >= 0 && tokens[t].Sentence == sentence; t--)
        {
            if (Array.IndexOf(AskWords, tokens[t].Text) >= 0)
            {
                asked = true;
                break;
            }
        }

        if (!asked)
        {
            return false;
        }

        var start = i + 1;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        foreach (var answer in BareAnswers)
        {
            var end = start + answer.Length;
            if (end <= text.Length
                && string.Compare(text, start, answer, 0, answer.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (end == text.Length || !IsWordChar(text[end]) && !IsApostrophe(text[end]) && !char.IsWhiteSpace(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSentenceEnd(string text, int i)
    {
        var c = text[i];
        if (c == '.')
        {
            // "2.5" is a number, not two sentences.
            return !(i > 0 && char.IsDigit(text[i - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1]));
        }

        return c is '!' or '?' or ';' or '\n' or '\r' or '\u2026' or '\u3002';
    }

    // "pins-and-needles" and "fever-free" are words joined by hyphens; " - " between spaces is a pause.
    private static bool IsJoiningHyphen(string text, int i) =>
        text[i] is '-' or '\u2010' or '\u2011'
        && i > 0 && IsWordChar(text[i - 1])
        && i + 1 < text.Length && IsWordChar(text[i + 1]);

    // "can not" and "can no longer" are "can't"; "no longer able" is "not able". Spelled out, "no longer" would read as
    // a symptom that went away, when "I can no longer feel my legs" reports a new one.
    // The merged words are written back over the list as it is read: a merge only ever shortens it.
    private static Token[] MergeCanNot(List<Token> tokens)
    {
        var merged = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Text == "can" && Follows(tokens, i, "not"))
            {
                tokens[merged++] = token with { Text = "can't", End = tokens[i + 1].End };
                i++;
                continue;
            }

            if (token.Text == "can" && Follows(tokens, i, "no") && Follows(tokens, i + 1, "longer"))
            {
                tokens[merged++] = token with { Text = "can't", End = tokens[i + 2].End };
                i += 2;
                continue;
            }

            if (token.Text == "no" && Follows(tokens, i, "longer") && Follows(tokens, i + 1, "able"))
            {
                tokens[merged++] = token with { Text = "not", End = tokens[i + 1].End };
                i++;
                continue;
            }

            tokens[merged++] = token;
        }

        return CollectionsMarshal.AsSpan(tokens)[..merged].ToArray();
    }

    private static bool Follows(List<Token> tokens, int i, string text) =>
        i + 1 < tokens.Count && tokens[i + 1] is { BreakBefore: false } next && next.Text == text && next.Sentence == tokens[i].Sentence;
}

/// <summary>Words whose strings a message's words can share (<see cref="Tokenizer.Tokenize"/>).</summary>
internal interface IKnownWords
{
    /// <summary>The known word spelled as <paramref name="word"/>, if there is one.</summary>
    bool TryGetWord(ReadOnlySpan<char> word, [NotNullWhen(true)] out string? known);
}
