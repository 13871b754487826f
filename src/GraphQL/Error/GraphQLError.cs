namespace Es.GraphQL;

/// <summary>A line and column in a GraphQL source, both 1-based, as the spec's "locations" entries.</summary>
public readonly record struct SourceLocation(int Line, int Column);

/// <summary>
/// An error as GraphQL reports it (spec section 7.1.2): a message, the source locations it
/// concerns, the response path where it happened, and extensions such as <c>code</c>.
/// Syntax, validation, coercion and field errors are all this one type.
/// </summary>
public class GraphQLError : Exception
{
    public GraphQLError(
        string message,
        IReadOnlyList<SourceLocation>? locations = null,
        IReadOnlyList<object>? path = null,
        IReadOnlyDictionary<string, object?>? extensions = null,
        Exception? originalError = null)
        : base(message, originalError)
    {
        Locations = locations ?? [];
        Path = path;
        Extensions = extensions;
    }

    /// <summary>Where in the document the error is; empty when it concerns no particular place.</summary>
    public IReadOnlyList<SourceLocation> Locations { get; }

    /// <summary>The response path (field names and list indices) for errors raised during execution.</summary>
    public IReadOnlyList<object>? Path { get; }

    /// <summary>Extra data for clients, e.g. <c>code</c>; null when there is none.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; }

    public override string ToString()
    {
        if (Locations.Count == 0) return Message;
        return $"{Message} ({string.Join(", ", Locations.Select(l => $"{l.Line}:{l.Column}"))})";
    }
}
