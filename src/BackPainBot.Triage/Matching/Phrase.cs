using System.Collections.Frozen;
using System.Globalization;
using BackPainBot.Triage.Text;

namespace BackPainBot.Triage.Matching;

/// <summary>One place in a phrase.</summary>
internal abstract record PhraseElement;

/// <summary>One word, any of several spellings: <c>can't|unable</c>.</summary>
internal sealed record WordSlot(int[] Ids) : PhraseElement;

/// <summary>One of several word sequences, possibly optional: <c>(lost control|no control)</c>, <c>[my]</c>.</summary>
internal sealed record WordGroup(int[][] Alternatives, bool Optional) : PhraseElement
{
    /// <summary>The words the alternatives begin with, so a place none of them can start is passed at once.</summary>
    public FrozenSet<int> FirstIds { get; } = Alternatives.Select(a => a[0]).ToFrozenSet();
}

/// <summary>A number written in digits within a range, optionally followed by letters ("55", "55yo"): <c>&lt;50-120&gt;</c>.</summary>
internal sealed record NumberSlot(int Min, int Max) : PhraseElement
{
    /// <summary>Numbers in messages are read up to four digits; anything longer is no age or count this file needs.</summary>
    public const int Largest = 9999;

    /// <summary>The whole number a message word starts with ("55", "55yo" and "55.5" are 55); -1 when it is not a number.</summary>
    public static int ValueOf(string word)
    {
        var digits = 0;
        var value = 0;
        while (digits < word.Length && char.IsAsciiDigit(word[digits]))
        {
            if (digits == 4)
            {
                return -1;
            }

            value = (value * 10) + (word[digits] - '0');
            digits++;
        }

        if (digits == 0)
        {
            return -1;
        }

        var k = digits;
        // "38.5" is read as 38: a range is written in whole numbers.
        if (k + 1 < word.Length && word[k] is '.' or ',' && char.IsAsciiDigit(word[k + 1]))
        {
            k++;
            while (k < word.Length && char.IsAsciiDigit(word[k]))
            {
                k++;
            }
        }

        for (; k < word.Length; k++)
        {
            if (!char.IsAsciiLetter(word[k]))
            {
                return -1;
            }
        }

        return value;
    }
}

/// <summary>
/// A year written in digits, from <see cref="Earliest"/> up to last year: <c>&lt;past-year&gt;</c>. What last year is
/// depends on the engine's clock when the message is read (<see cref="MessageWords.CurrentYear"/>), so "in 2025" is
/// history from 2026 on without the rule file changing, and a test can fix the clock.
/// </summary>
internal sealed record PastYearSlot : PhraseElement
{
    /// <summary>The syntax in the rule file.</summary>
    public const string Syntax = "<past-year>";

    /// <summary>Smaller numbers are counts or distances, not years.</summary>
    public const int Earliest = 1900;

    public static bool Matches(int number, int currentYear) => number >= Earliest && number < currentYear;
}

/// <summary>
/// A birth year written in digits that makes someone <see cref="MinAge"/> to <see cref="MaxAge"/> years old this year:
/// <c>&lt;born-50-120&gt;</c>. Like <see cref="PastYearSlot"/> it reads the engine's clock when the message is read, so
/// "born in 1976" counts as over 50 from 2026 on without the rule file changing. The age is this year minus the birth
/// year, which may be one more than the person's age before their birthday: near a boundary that errs toward escalating.
/// </summary>
internal sealed record BirthYearSlot(int MinAge, int MaxAge) : PhraseElement
{
    /// <summary>How the slot begins in the rule file.</summary>
    public const string Prefix = "<born-";

    public bool Matches(int number, int currentYear) => Matches(number, currentYear, MinAge, MaxAge);

    /// <summary>Whether <paramref name="number"/> is a birth year making someone <paramref name="minAge"/> to <paramref name="maxAge"/> this year.</summary>
    public static bool Matches(int number, int currentYear, int minAge, int maxAge) =>
        number >= PastYearSlot.Earliest && number <= currentYear && currentYear - number >= minAge && currentYear - number <= maxAge;
}

/// <summary>Up to a few other words in between: <c>*</c>.</summary>
internal sealed record WordGap(int MaxWords) : PhraseElement;

/// <summary>A phrase from the rule file, compiled to word numbers once at start-up.</summary>
/// <param name="AllOf">
/// For <c>a &amp; b</c>: the parts, all of which must be found near each other in either order; <see cref="Elements"/>
/// is then empty.
/// </param>
/// <param name="AtClauseStart">
/// For <c>^ a b</c>: the phrase matches only where a sentence or clause begins (the message's first word, or a word after
/// a sentence end or other punctuation: "is numbness serious?", "just curious, is numbness serious?").
/// </param>
/// <param name="AnyDistance">
/// For <c>a &amp;&amp; b</c>: the parts may stand any number of words apart in their sentence, not only
/// <see cref="PhraseParser.NearWords"/>.
/// </param>
internal sealed record CompiledPhrase(string Source, PhraseElement[] Elements, CompiledPhrase[]? AllOf = null, bool AtClauseStart = false, bool AnyDistance = false)
{
    /// <summary>True when a match may start at word <paramref name="index"/> of <paramref name="message"/> as far as <see cref="AtClauseStart"/> goes.</summary>
    public bool MayStartAt(MessageWords message, int index) =>
        !AtClauseStart
        || index == 0
        || message.Tokens[index].BreakBefore
        || message.Tokens[index].Sentence != message.Tokens[index - 1].Sentence;

    /// <summary>Every word slot and group of the phrase and its parts.</summary>
    public IEnumerable<PhraseElement> AllElements => AllOf is null ? Elements : AllOf.SelectMany(p => p.AllElements);
}

/// <summary>A phrase the rule file got wrong; the loader adds which rule it belongs to.</summary>
internal sealed class PhraseSyntaxException(string message) : Exception(message);

/// <summary>
/// Reads the clinic's phrase syntax: words separated by spaces; <c>a|b</c> either word; <c>[..]</c> optional;
/// <c>(a b|c)</c> one of several word groups; <c>*</c> up to <see cref="GapWords"/> other words; <c>&lt;50-120&gt;</c>
/// a number from 50 to 120; <c>&lt;past-year&gt;</c> a year before the current one; <c>&lt;born-50-120&gt;</c> a birth year
/// making someone 50 to 120 this year; <c>a &amp; b</c> both phrases in one sentence, in either order, at most
/// <see cref="NearWords"/> words apart; <c>a &amp;&amp; b</c> the same at any distance within the sentence; <c>^</c> first, only where a sentence or clause begins; <c>@name</c> one of the
/// entries of the file's term <c>name</c>, wherever a <c>(a|b)</c> group may stand, or as a whole choice inside brackets
/// (<c>(@saddle-region|bum)</c>, <c>[@both-legs]</c>).
/// </summary>
internal static class PhraseParser
{
    /// <summary>How many words a <c>*</c> stands for at most.</summary>
    public const int GapWords = 3;

    /// <summary>How many other words may stand between the parts of <c>a &amp; b</c> at most.</summary>
    public const int NearWords = 5;

    public static CompiledPhrase Parse(string phrase, VocabularyBuilder vocabulary, PhraseTerms? terms = null)
    {
        terms ??= PhraseTerms.None;
        if (string.IsNullOrWhiteSpace(phrase))
        {
            throw new PhraseSyntaxException("a phrase is empty");
        }

        if (phrase.Contains("&&", StringComparison.Ordinal))
        {
            var parts = phrase.Split("&&");
            if (parts.Length > 3 || parts.Any(string.IsNullOrWhiteSpace) || parts.Any(part => part.Contains('&')))
            {
                throw Error(phrase, "'&&' joins two or three phrases: a && b, or a && b && c, never mixed with '&'");
            }

            return new CompiledPhrase(phrase, [], [.. parts.Select(part => ParseSequence(phrase, part.Trim(), vocabulary, terms))], AnyDistance: true);
        }

        if (phrase.Contains('&'))
        {
            var parts = phrase.Split('&');
            if (parts.Length > 3 || parts.Any(string.IsNullOrWhiteSpace))
            {
                throw Error(phrase, "'&' joins two or three phrases: a & b, or a & b & c");
            }

            return new CompiledPhrase(phrase, [], [.. parts.Select(part => ParseSequence(phrase, part.Trim(), vocabulary, terms))]);
        }

        return ParseSequence(phrase, phrase, vocabulary, terms);
    }

    /// <summary>One entry of a term: words separated by spaces, no other syntax ("between my legs").</summary>
    public static int[] ParseTermEntry(string entry, VocabularyBuilder vocabulary)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            throw new PhraseSyntaxException("an entry is empty");
        }

        var lexemes = Lex(entry, entry);
        if (lexemes.FirstOrDefault(l => IsSymbol(l) || l[0] is '<' or '@') is { } symbol)
        {
            throw new PhraseSyntaxException($"entry \"{entry}\": '{symbol}' is not allowed in a term; an entry is words separated by spaces");
        }

        return [.. lexemes.SelectMany(l => Words(entry, l)).Select(vocabulary.Add)];
    }

    private static CompiledPhrase ParseSequence(string phrase, string sequence, VocabularyBuilder vocabulary, PhraseTerms terms)
    {
        var lexemes = Lex(phrase, sequence);
        var atClauseStart = lexemes.Count > 0 && lexemes[0] == "^";
        if (atClauseStart)
        {
            lexemes.RemoveAt(0);
            if (lexemes.Count == 0)
            {
                throw Error(phrase, "'^' must be followed by words");
            }
        }

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
                    elements.Add(ParseGroup(phrase, lexemes, ref i, vocabulary, terms));
                    break;
                case ['@', ..]:
                    elements.Add(new WordGroup(Distinct(TermEntries(phrase, lexeme, terms)), Optional: false));
                    i++;
                    break;
                case ")" or "]" or "|":
                    throw Error(phrase, $"unexpected '{lexeme}'");
                case "^":
                    throw Error(phrase, "'^' can only begin a phrase (or a part of 'a & b')");
                case PastYearSlot.Syntax:
                    elements.Add(new PastYearSlot());
                    i++;
                    break;
                case ['<', ..] when lexeme.StartsWith(BirthYearSlot.Prefix, StringComparison.Ordinal):
                    elements.Add(ParseBirthYear(phrase, lexeme));
                    i++;
                    break;
                case ['<', ..]:
                    elements.Add(ParseNumber(phrase, lexeme));
                    i++;
                    break;
                default:
                    elements.Add(ParseWordSlot(phrase, lexemes, ref i, vocabulary));
                    break;
            }
        }

        if (elements[0] is WordGap || elements[^1] is WordGap)
        {
            throw Error(phrase, "a phrase cannot begin or end with *");
        }

        if (elements.All(e => e is WordGap or WordGroup { Optional: true } or NumberSlot or PastYearSlot or BirthYearSlot))
        {
            throw Error(phrase, "every part is optional, so it would match anything");
        }

        return new CompiledPhrase(sequence, [.. elements], AtClauseStart: atClauseStart);
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

            if (lexemes[i + 1][0] is '@' or '<')
            {
                throw Error(phrase, $"'{lexemes[i + 1]}' cannot follow '|' outside brackets: write (word|{lexemes[i + 1]})");
            }

            ids.Add(vocabulary.Add(Word(phrase, lexemes[i + 1])));
            i += 2;
        }

        return new WordSlot([.. ids.Distinct()]);
    }

    private static WordGroup ParseGroup(string phrase, List<string> lexemes, ref int i, VocabularyBuilder vocabulary, PhraseTerms terms)
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
                case "^":
                    throw Error(phrase, "'^' can only begin a phrase (or a part of 'a & b')");
                case ['<', ..]:
                    throw Error(phrase, "a number range cannot be used inside brackets");
                case ['@', ..]:
                    // A term is a whole choice: "(@saddle-region|bum)", not "(my @saddle-region)".
                    if (current.Count > 0 || i >= lexemes.Count || lexemes[i] is not ("|" or ")" or "]"))
                    {
                        throw Error(phrase, $"{lexeme} must be a whole choice inside brackets, as in ({lexeme}|other words)");
                    }

                    alternatives.AddRange(TermEntries(phrase, lexeme, terms));
                    if (lexemes[i] == "|")
                    {
                        i++;
                        continue;
                    }

                    if (lexemes[i] != close)
                    {
                        throw Error(phrase, $"'{open}' is closed with '{lexemes[i]}'");
                    }

                    i++;
                    return new WordGroup(Distinct(alternatives), open == "[");
                default:
                    current.AddRange(Words(phrase, lexeme).Select(vocabulary.Add));
                    break;
            }
        }

        return new WordGroup(Distinct(alternatives), open == "[");

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

    private static int[][] TermEntries(string phrase, string lexeme, PhraseTerms terms)
    {
        var name = lexeme[1..];
        var entries = terms.Entries(name)
            ?? throw Error(phrase, $"unknown term '{lexeme}' (terms are defined in the file's \"terms\" section)");
        if (entries.Length == 0)
        {
            throw Error(phrase, $"the term '{lexeme}' has no entries");
        }

        return entries;
    }

    // A word sequence listed twice (a term and a word written beside it) is tried once.
    private static int[][] Distinct(IEnumerable<int[]> alternatives)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. alternatives.Where(a => seen.Add(string.Join(' ', a)))];
    }

    private static BirthYearSlot ParseBirthYear(string phrase, string lexeme)
    {
        var range = lexeme[BirthYearSlot.Prefix.Length..^1].Split('-');
        if (!lexeme.EndsWith('>')
            || range.Length != 2
            || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            || min > max)
        {
            throw Error(phrase, $"'{lexeme}' must be an age range such as <born-50-120> (whole years, youngest first)");
        }

        return new BirthYearSlot(min, max);
    }

    private static NumberSlot ParseNumber(string phrase, string lexeme)
    {
        var range = lexeme[1..^1].Split('-');
        if (range.Length != 2
            || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            || min > max
            || max > NumberSlot.Largest)
        {
            throw Error(phrase, $"'{lexeme}' must be a number range such as <50-120> (whole numbers, smallest first, at most {NumberSlot.Largest}) or {PastYearSlot.Syntax}");
        }

        return new NumberSlot(min, max);
    }

    private static string Word(string phrase, string lexeme)
    {
        if (Tokenizer.IsApostrophe(lexeme[0]) || Tokenizer.IsApostrophe(lexeme[^1]))
        {
            throw Error(phrase, $"the word '{lexeme}' begins or ends with an apostrophe");
        }

        return Tokenizer.NormalizeWord(lexeme);
    }

    // "9th" and "4wd" are two words in a message ("9 th"), so they are two words of a choice or term entry too.
    private static string[] Words(string phrase, string lexeme)
    {
        var word = Word(phrase, lexeme);
        var digits = Tokenizer.NumberBeforeUnit(word);
        return digits > 0 ? [word[..digits], word[digits..]] : [word];
    }

    private static bool IsSymbol(string lexeme) => lexeme is "*" or "(" or ")" or "[" or "]" or "|" or "^";

    private static List<string> Lex(string phrase, string sequence)
    {
        // Reads one part of the phrase (all of it unless it has '&'); errors quote the whole phrase.
        var lexemes = new List<string>();
        var i = 0;
        while (i < sequence.Length)
        {
            var c = sequence[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '<')
            {
                var close = sequence.IndexOf('>', i);
                if (close < 0)
                {
                    throw Error(phrase, "'<' is never closed with '>'");
                }

                lexemes.Add(sequence[i..(close + 1)]);
                i = close + 1;
            }
            else if (c == '@')
            {
                var start = i;
                i++;
                while (i < sequence.Length && (char.IsAsciiLetterOrDigit(sequence[i]) || sequence[i] == '-'))
                {
                    i++;
                }

                if (i == start + 1)
                {
                    throw Error(phrase, "'@' must be followed by the name of a term, as in @saddle-region");
                }

                lexemes.Add(sequence[start..i]);
            }
            else if (c is '*' or '(' or ')' or '[' or ']' or '|' or '^')
            {
                lexemes.Add(c.ToString());
                i++;
            }
            else if (Tokenizer.IsWordChar(c) || Tokenizer.IsApostrophe(c))
            {
                var start = i;
                while (i < sequence.Length && (Tokenizer.IsWordChar(sequence[i]) || Tokenizer.IsApostrophe(sequence[i])))
                {
                    i++;
                }

                lexemes.Add(sequence[start..i]);
            }
            else if (c == '-')
            {
                throw Error(phrase, "'-' is not allowed: write the words with spaces, as messages are read that way (\"fever-free\" is \"fever free\")");
            }
            else
            {
                throw Error(phrase, $"the character '{c}' is not allowed: use words, spaces and | [ ] ( ) * ^ <from-to> @term");
            }
        }

        return lexemes;
    }

    private static PhraseSyntaxException Error(string phrase, string problem) => new($"phrase \"{phrase}\": {problem}");
}
