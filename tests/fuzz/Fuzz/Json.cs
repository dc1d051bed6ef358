using System.Globalization;
using System.Text;

namespace BackPainBot.Fuzz;

/// <summary>JSON text that is already written, spliced in as it is (malformed on purpose, or too deep to build as objects).</summary>
public sealed record RawJson(string Text);

/// <summary>
/// A small JSON writer over plain objects (dictionaries, lists, strings, numbers, booleans, null, <see cref="RawJson"/>).
/// Unlike System.Text.Json it writes any string, lone surrogates and control characters included, as \u escapes.
/// </summary>
public static class Json
{
    /// <param name="asciiOnly">Escape every non-ASCII character; otherwise only surrogates and control characters are.</param>
    public static string Write(object? value, bool asciiOnly = false)
    {
        var text = new StringBuilder();
        Write(text, value, asciiOnly);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value, bool asciiOnly)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case RawJson raw:
                text.Append(raw.Text);
                break;
            case string s:
                WriteString(text, s, asciiOnly);
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case long or int:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case double d:
                text.Append(double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1e999");
                break;
            case IEnumerable<KeyValuePair<string, object?>> obj:
                text.Append('{');
                var first = true;
                foreach (var (key, item) in obj)
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    WriteString(text, key, asciiOnly);
                    text.Append(':');
                    Write(text, item, asciiOnly);
                }

                text.Append('}');
                break;
            case IEnumerable<object?> list:
                text.Append('[');
                var firstItem = true;
                foreach (var item in list)
                {
                    if (!firstItem)
                    {
                        text.Append(',');
                    }

                    firstItem = false;
                    Write(text, item, asciiOnly);
                }

                text.Append(']');
                break;
            default:
                throw new ArgumentException($"Cannot write {value.GetType().Name} as JSON.");
        }
    }

    private static void WriteString(StringBuilder text, string value, bool asciiOnly)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case >= ' ' and < (char)0x7F:
                    text.Append(c);
                    break;
                case > (char)0x7F when !asciiOnly && !char.IsSurrogate(c):
                    text.Append(c);
                    break;
                default:
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
        }

        text.Append('"');
    }
}
