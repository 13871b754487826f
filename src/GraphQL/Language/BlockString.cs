using System.Text;
using static Es.GraphQL.Language.CharacterClasses;

namespace Es.GraphQL.Language;

/// <summary>Block strings (spec 2.1.10): the BlockStringValue dedent, and printing a value back as one.</summary>
public static class BlockString
{
    /// <summary>
    /// The spec's BlockStringValue() on raw lines: remove the common indentation of every line but
    /// the first, then leading and trailing lines that hold only whitespace.
    /// </summary>
    public static List<string> DedentBlockStringLines(IReadOnlyList<string> lines)
    {
        int commonIndent = int.MaxValue;
        int firstNonEmptyLine = -1;
        int lastNonEmptyLine = -1;

        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            int indent = LeadingWhitespace(line);
            if (indent == line.Length) continue; // blank line: no say in the common indentation
            if (firstNonEmptyLine < 0) firstNonEmptyLine = i;
            lastNonEmptyLine = i;
            if (i != 0 && indent < commonIndent) commonIndent = indent;
        }

        var result = new List<string>(Math.Max(0, lastNonEmptyLine - firstNonEmptyLine + 1));
        for (int i = Math.Max(firstNonEmptyLine, 0); i <= lastNonEmptyLine; i++)
        {
            var line = lines[i];
            result.Add(i == 0 || commonIndent == int.MaxValue ? line : line.Length <= commonIndent ? "" : line[commonIndent..]);
        }
        return result;
    }

    /// <summary>Dedents a whole raw block string value (lines split on \r\n, \n or \r).</summary>
    public static string DedentBlockStringValue(string raw) =>
        string.Join('\n', DedentBlockStringLines(raw.Split(["\r\n", "\n", "\r"], StringSplitOptions.None)));

    private static int LeadingWhitespace(string s)
    {
        int i = 0;
        while (i < s.Length && IsWhiteSpace(s[i])) i++;
        return i;
    }

    /// <summary>
    /// Whether a value survives a round trip as a block string: no control characters, no
    /// indentation the dedent would remove, no blank first or last line that would be trimmed.
    /// </summary>
    public static bool IsPrintableAsBlockString(string value)
    {
        if (value.Length == 0) return true;
        bool isEmptyLine = true;
        bool hasIndent = false;
        bool hasCommonIndent = true;
        bool seenNonEmptyLine = false;

        foreach (char c in value)
        {
            switch (c)
            {
                case '\u0000': case '\u0001': case '\u0002': case '\u0003': case '\u0004': case '\u0005':
                case '\u0006': case '\u0007': case '\u0008': case '\u000B': case '\u000C': case '\u000E': case '\u000F':
                    return false;
                case '\r':
                    return false;
                case '\n':
                    if (isEmptyLine && !seenNonEmptyLine) return false; // leading blank line would be trimmed
                    seenNonEmptyLine = true;
                    isEmptyLine = true;
                    hasIndent = false;
                    break;
                case '\t':
                case ' ':
                    hasIndent |= isEmptyLine;
                    break;
                default:
                    hasCommonIndent &= hasIndent;
                    isEmptyLine = false;
                    break;
            }
        }
        if (isEmptyLine) return false; // trailing blank line would be trimmed
        if (hasCommonIndent && seenNonEmptyLine) return false; // the common indentation would be removed
        return true;
    }

    /// <summary>Prints a value as a block string the way graphql-js's <c>printBlockString</c> does.</summary>
    public static string PrintBlockString(string value, bool minimize = false)
    {
        string escaped = value.Replace("\"\"\"", "\\\"\"\"");
        var lines = escaped.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        bool isSingleLine = lines.Length == 1;

        bool forceLeadingNewLine = lines.Length > 1;
        for (int i = 1; i < lines.Length && forceLeadingNewLine; i++)
            forceLeadingNewLine = lines[i].Length == 0 || IsWhiteSpace(lines[i][0]);

        bool hasTrailingTripleQuotes = escaped.EndsWith("\\\"\"\"", StringComparison.Ordinal);
        bool hasTrailingQuote = value.EndsWith('"') && !hasTrailingTripleQuotes;
        bool hasTrailingSlash = value.EndsWith('\\');
        bool forceTrailingNewline = hasTrailingQuote || hasTrailingSlash;

        bool printAsMultipleLines = !minimize
            && (!isSingleLine || value.Length > 70 || forceTrailingNewline || forceLeadingNewLine || hasTrailingTripleQuotes);

        var result = new StringBuilder("\"\"\"", escaped.Length + 8);
        bool skipLeadingNewLine = isSingleLine && value.Length > 0 && IsWhiteSpace(value[0]);
        if ((printAsMultipleLines && !skipLeadingNewLine) || forceLeadingNewLine) result.Append('\n');
        result.Append(escaped);
        if (printAsMultipleLines || forceTrailingNewline) result.Append('\n');
        return result.Append("\"\"\"").ToString();
    }
}
