namespace BackPainBot.Triage.Text;

/// <summary>One word of a message, normalised, with its place in the original text.</summary>
/// <param name="Text">Lower-case, straight apostrophes, contractions spelled out ("cant" is "can't").</param>
/// <param name="Start">Offset of the first character in the original message.</param>
/// <param name="End">Offset just past the last character in the original message.</param>
/// <param name="Sentence">Index of the sentence the word belongs to.</param>
/// <param name="BreakBefore">True when punctuation or an emoji separates this word from the previous one in the same sentence.</param>
/// <param name="AnswerBefore">True when a "?", ":" or a dash between spaces comes before this word, so it may answer the words before ("numb? no").</param>
internal readonly record struct Token(string Text, int Start, int End, int Sentence, bool BreakBefore, bool AnswerBefore = false);
