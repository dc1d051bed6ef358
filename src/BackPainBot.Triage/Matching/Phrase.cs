using BackPainBot.Triage.Text;

namespace BackPainBot.Triage.Matching;

/// <summary>One place in a phrase.</summary>
internal abstract record PhraseElement;

/// <summary>One word, any of several spellings: <c>can't|unable</c>.</summary>
internal sealed record WordSlot(int[] Ids) : PhraseElement;

/// <summary>One of several word sequences, possibly optional: <c>(lost control|no control)</c>, <c>[my]</c>.</summary>
internal sealed record WordGroup(int[][] Alternatives, bool Optional) : PhraseElement;

/// <summary>Up to a few other words in between: <c>*</c>.</summary>
internal sealed record WordGap(int MaxWords) : PhraseElement;

/// <summary>A phrase from the rule file, compiled to word numbers once at start-up.</summary>
internal sealed record CompiledPhrase(string Source, PhraseElement[] Elements);

/// <summary>A phrase the rule file got wrong; the loader adds which rule it belongs to.</summary>
internal sealed class PhraseSyntaxException(string message) : Exception(message);

/// <summary>
/// Reads the clinic's phrase syntax: words separated by spaces; <c>a|b</c> either word; <c>[..]</c> optional;
/// <c>(a b|c)</c> one of several word groups; <c>*</c> up to <see cref="GapWords"/> other words.
/// </summary>
internal static class PhraseParser
{
    /// <summary>How many words a <c>*</c> stands for at most.</summary>
    public const int GapWords = 3;

    public static CompiledPhrase Parse(string phrase, VocabularyBuilder vocabulary)
    {
        if (string.IsNullOrWhiteSpace(phrase))
        {
            throw new PhraseSyntaxException("a phrase is empty");
        }

        var lexemes = Lex(phrase);
        var elements = new List<PhraseElement>();
        var i = 0;
        while (i < lexemes.Count)
        {
            var lexeme = lexemes[i];
            switch (lexeme)
            {
                case "*":
                    if (elements.Count > 0 && elements[^1] is WordGap)
                    {
                        throw Error(phrase, "two * in a row; one * already stands for up to three words");
                    }

                    elements.Add(new WordGap(GapWords));
                    i++;
                    break;
                case "(" or "[":
                    elements.Add(ParseGroup(phrase, lexemes, ref i, vocabulary));
                    break;
                case ")" or "]" or "|":
                    throw Error(phrase, $"unexpected '{lexeme}'");
                default:
                    elements.Add(ParseWordSlot(phrase, lexemes, ref i, vocabulary));
                    break;
            }
        }

        if (elements[0] is WordGap || elements[^1] is WordGap)
        {
            throw Error(phrase, "a phrase cannot begin or end with *");
        }

        if (elements.All(e => e is WordGap or WordGroup { Optional: true }))
        {
            throw Error(phrase, "every part is optional, so it would match anything");
        }

        return new CompiledPhrase(phrase, [.. elements]);
    }

    private static WordSlot ParseWordSlot(string phrase, List<string> lexemes, ref int i, VocabularyBuilder vocabulary)
    {
        var ids = new List<int> { vocabulary.Add(Word(phrase, lexemes[i])) };
        i++;
        while (i < lexemes.Count && lexemes[i] == "|")
        {
            if (i + 1 >= lexemes.Count || IsSymbol(lexemes[i + 1]))
            {
                throw Error(phrase, "'|' must be followed by a word");
            }

            ids.Add(vocabulary.Add(Word(phrase, lexemes[i + 1])));
            i += 2;
        }

        return new WordSlot([.. ids.Distinct()]);
    }

    private static WordGroup ParseGroup(string phrase, List<string> lexemes, ref int i, VocabularyBuilder vocabulary)
    {
        var open = lexemes[i];
        var close = open == "(" ? ")" : "]";
        i++;
        var alternatives = new List<int[]>();
        var current = new List<int>();
        while (true)
        {
            if (i >= lexemes.Count)
            {
                throw Error(phrase, $"'{open}' is never closed with '{close}'");
            }

            var lexeme = lexemes[i++];
            if (lexeme == close)
            {
                EndAlternative();
                break;
            }

            switch (lexeme)
            {
                case "|":
                    EndAlternative();
                    break;
                case "(" or "[":
                    throw Error(phrase, "brackets cannot be nested");
                case ")" or "]":
                    throw Error(phrase, $"'{open}' is closed with '{lexeme}'");
                case "*":
                    throw Error(phrase, "* cannot be used inside brackets");
                default:
                    current.Add(vocabulary.Add(Word(phrase, lexeme)));
                    break;
            }
        }

        return new WordGroup([.. alternatives], open == "[");

        void EndAlternative()
        {
            if (current.Count == 0)
            {
                throw Error(phrase, $"an empty choice inside '{open}{close}'");
            }

            alternatives.Add([.. current]);
            current.Clear();
        }
    }

    private static string Word(string phrase, string lexeme)
    {
        if (Tokenizer.IsApostrophe(lexeme[0]) || Tokenizer.IsApostrophe(lexeme[^1]))
        {
            throw Error(phrase, $"the word '{lexeme}' begins or ends with an apostrophe");
        }

        return Tokenizer.NormalizeWord(lexeme);
    }

    private static bool IsSymbol(string lexeme) => lexeme is "*" or "(" or ")" or "[" or "]" or "|";

    private static List<string> Lex(string phrase)
    {
        var lexemes = new List<string>();
        var i = 0;
        while (i < phrase.Length)
        {
            var c = phrase[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '*' or '(' or ')' or '[' or ']' or '|')
            {
                lexemes.Add(c.ToString());
                i++;
            }
            else if (Tokenizer.IsWordChar(c) || Tokenizer.IsApostrophe(c))
            {
                var start = i;
                while (i < phrase.Length && (Tokenizer.IsWordChar(phrase[i]) || Tokenizer.IsApostrophe(phrase[i])))
                {
                    i++;
                }

                lexemes.Add(phrase[start..i]);
            }
            else if (c == '-')
            {
                throw Error(phrase, "'-' is not allowed: write the words with spaces, as messages are read that way (\"fever-free\" is \"fever free\")");
            }
            else
            {
                throw Error(phrase, $"the character '{c}' is not allowed: use words, spaces and | [ ] ( ) *");
            }
        }

        return lexemes;
    }

    private static PhraseSyntaxException Error(string phrase, string problem) => new($"phrase \"{phrase}\": {problem}");
}
