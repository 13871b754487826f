using System.Text;

namespace Es.GraphQL.Utilities;

/// <summary>
/// GraphQL string literals as graphql-js prints them (language printString, printBlockString,
/// isPrintableAsBlockString), byte for byte, since printed SDL is compared with graphql-js's.
/// </summary>
public static class StringLiterals
{
    /// <summary>A double-quoted string with the spec's escapes (spec 2.9.4).</summary>
    public static string PrintString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) sb.Append("\\u").Append(((int)c).ToString("X4"));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>Whether the value survives a round trip as a block string (no control characters, no leading or trailing blank lines, no common indent).</summary>
    public static bool IsPrintableAsBlockString(string value)
    {
        if (value.Length == 0) return true;
        var isEmptyLine = true;
        var hasIndent = false;
        var hasCommonIndent = true;
        var seenNonEmptyLine = false;
        foreach (var c in value)
        {
            switch (c)
            {
                case <= '\u0008' or '\u000B' or '\u000C' or '\u000E' or '\u000F':
                    return false;
                case '\r':
                    return false;
                case '\n':
                    if (isEmptyLine && !seenNonEmptyLine) return false;
                    seenNonEmptyLine = true;
                    isEmptyLine = true;
                    hasIndent = false;
                    break;
                case '\t' or ' ':
                    hasIndent |= isEmptyLine;
                    break;
                default:
                    hasCommonIndent &= hasIndent;
                    isEmptyLine = false;
                    break;
            }
        }
        if (isEmptyLine) return false;
        if (hasCommonIndent && seenNonEmptyLine) return false;
        return true;
    }

    /// <summary>A triple-quoted block string (spec 2.9.4 "Block Strings"), laid out as graphql-js lays it out.</summary>
    public static string PrintBlockString(string value, bool minimize = false)
    {
        var escaped = value.Replace("\"\"\"", "\\\"\"\"");
        var lines = escaped.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        var isSingleLine = lines.Length == 1;
        var forceLeadingNewLine = lines.Length > 1 && lines.Skip(1).All(l => l.Length == 0 || l[0] is ' ' or '\t');
        var hasTrailingTripleQuotes = escaped.EndsWith("\\\"\"\"", StringComparison.Ordinal);
        var hasTrailingQuote = value.EndsWith('"') && !hasTrailingTripleQuotes;
        var hasTrailingSlash = value.EndsWith('\\');
        var forceTrailingNewLine = hasTrailingQuote || hasTrailingSlash;
        var printAsMultipleLines = !minimize
            && (!isSingleLine || value.Length > 70 || forceTrailingNewLine || forceLeadingNewLine || hasTrailingTripleQuotes);

        var sb = new StringBuilder("\"\"\"");
        var skipLeadingNewLine = isSingleLine && value.Length > 0 && value[0] is ' ' or '\t';
        if ((printAsMultipleLines && !skipLeadingNewLine) || forceLeadingNewLine) sb.Append('\n');
        sb.Append(escaped);
        if (printAsMultipleLines || forceTrailingNewLine) sb.Append('\n');
        sb.Append("\"\"\"");
        return sb.ToString();
    }

    /// <summary>A description as graphql-js prints one: a block string when that round-trips, else a quoted string.</summary>
    public static string PrintDescription(string value) =>
        IsPrintableAsBlockString(value) ? PrintBlockString(value) : PrintString(value);
}
