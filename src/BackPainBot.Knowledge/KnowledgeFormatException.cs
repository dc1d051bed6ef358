namespace BackPainBot.Knowledge;

/// <summary>
/// A knowledge file the bot cannot use. Thrown at start-up so a bad edit stops the bot with the file and line to fix,
/// instead of silently dropping answers.
/// </summary>
public sealed class KnowledgeFormatException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with <c>file(line): </c> like a compiler error.</summary>
    public KnowledgeFormatException(string filePath, int lineNumber, string message, Exception? innerException = null)
        : base(lineNumber > 0 ? $"{filePath}({lineNumber}): {message}" : $"{filePath}: {message}", innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
    }

    /// <summary>The file that could not be used.</summary>
    public string FilePath { get; }

    /// <summary>1-based line of the problem; 0 when it concerns the whole file.</summary>
    public int LineNumber { get; }
}
