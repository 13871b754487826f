namespace Es.GraphQL.Language;

/// <summary>
/// Where a node is in its source: UTF-16 offsets of its first character and just past its last.
/// A struct so that keeping locations costs no allocation per node.
/// </summary>
public readonly record struct Location(int Start, int End, Source Source)
{
    /// <summary>Line and column of <see cref="Start"/>, computed from the source on demand.</summary>
    public SourceLocation StartLocation => Source.GetLocation(Start);

    public override string ToString() => $"{Start}..{End}";
}
