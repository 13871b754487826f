namespace Es.GraphQL.Language;

/// <summary>
/// A GraphQL document's text with a name for error messages, as graphql-js's <c>Source</c>.
/// Line starts are computed once, on the first request for a line/column, so that
/// locations cost nothing until an error or a client asks for them.
/// </summary>
public sealed class Source
{
    private int[]? _lineStarts;

    public Source(string body, string name = "GraphQL request", SourceLocation? locationOffset = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Body = body;
        Name = name;
        LocationOffset = locationOffset ?? new SourceLocation(1, 1);
        if (LocationOffset.Line <= 0) throw new ArgumentException("line in locationOffset is 1-indexed and must be positive.", nameof(locationOffset));
        if (LocationOffset.Column <= 0) throw new ArgumentException("column in locationOffset is 1-indexed and must be positive.", nameof(locationOffset));
    }

    public string Body { get; }

    public string Name { get; }

    /// <summary>Where this source starts in a larger file (used when printing, not for error locations, like graphql-js).</summary>
    public SourceLocation LocationOffset { get; }

    public static implicit operator Source(string body) => new(body);

    /// <summary>The 1-based line and column of a UTF-16 offset; \r\n, \n and \r all end a line (spec 2.1.2).</summary>
    public SourceLocation GetLocation(int position)
    {
        var starts = _lineStarts ??= ComputeLineStarts(Body);
        int index = Array.BinarySearch(starts, position);
        // A position inside a line: BinarySearch gives the complement of the next line's index.
        int line = index >= 0 ? index : ~index - 1;
        return new SourceLocation(line + 1, position + 1 - starts[line]);
    }

    private static int[] ComputeLineStarts(string body)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == '\n') starts.Add(i + 1);
            else if (c == '\r')
            {
                if (i + 1 < body.Length && body[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
        }
        return starts.ToArray();
    }
}
