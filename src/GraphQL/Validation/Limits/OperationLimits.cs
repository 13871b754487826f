using System.Collections.Frozen;

namespace Es.GraphQL.Validation;

/// <summary>
/// Bounds on the operation a public endpoint agrees to run, checked by
/// <see cref="OperationLimitsAnalyzer.Check"/> before validation. Each bound is off when null.
/// The defaults let graphql-js's introspection query (<see cref="Utilities.IntrospectionQuery"/>,
/// every option on or off) through with room to spare: it is 15 fields deep (the limit is 20), has
/// no aliases, at most one directive per location, and costs 49,432 with its default options
/// (51,883 with every option on) under the default list size of 10 (the limit is 100,000). A Relay
/// client's pages fit too: a page of 100 posts, each with a page of 20 comments, costs 15,205,
/// while three connections of 100 nested in one another cost millions.
/// </summary>
public sealed record OperationLimits
{
    private readonly int? _maxAliases = 30;
    private readonly int? _maxDirectivesPerLocation = 10;
    private readonly int? _maxDepth = 20;
    private readonly long? _maxCost = 100_000;
    private readonly int _defaultListSize = 10;

    /// <summary>The limits as documented on each property.</summary>
    public static OperationLimits Default { get; } = new();

    /// <summary>No limit at all (for trusted callers and tests).</summary>
    public static OperationLimits Unlimited { get; } = new()
    {
        MaxAliases = null, MaxDirectivesPerLocation = null, MaxDepth = null, MaxCost = null,
    };

    /// <summary>
    /// How many aliases the operation and the fragments it reaches may contain, counted as
    /// written (a fragment spread twice counts once: <see cref="MaxCost"/> covers repetition).
    /// Default 30: clients alias a handful of fields; thousands of aliases of one field are how
    /// a small document asks for a huge amount of work and a huge response.
    /// </summary>
    public int? MaxAliases { get => _maxAliases; init => _maxAliases = NotNegative(value); }

    /// <summary>
    /// How many directives one field, fragment spread, inline fragment, operation, fragment
    /// definition or variable definition may carry. Default 10: real documents use one or two
    /// (<c>@include</c>, <c>@skip</c>, <c>@defer</c>); ten thousand are a validator workload.
    /// </summary>
    public int? MaxDirectivesPerLocation { get => _maxDirectivesPerLocation; init => _maxDirectivesPerLocation = NotNegative(value); }

    /// <summary>
    /// How deeply fields may nest, counted through fragment spreads and inline fragments (a field
    /// of the root type is at depth 1). Default 20: five levels above the introspection query's 15
    /// (<c>__schema</c> types fields args type, then nine <c>ofType</c> and their leaves), so
    /// clients whose introspection asks a few more levels of <c>ofType</c> still pass, and room for
    /// Relay's two levels per connection (<c>feed edges node comments edges node author ...</c>).
    /// </summary>
    public int? MaxDepth { get => _maxDepth; init => _maxDepth = NotNegative(value); }

    /// <summary>
    /// The largest estimated cost of the operation. Every field costs 1 (<c>__typename</c>
    /// costs nothing); a field with a selection adds its selection's cost, multiplied for a list
    /// field by its size (<see cref="ListSizeArguments"/>, else <see cref="DefaultListSize"/>),
    /// so nested lists multiply. A connection's lists (<see cref="ConnectionListFields"/>) take
    /// their size from the connection field's size arguments. Default 100,000: about twice the
    /// introspection query's 49,432; a page of 100 posts with 20 comments each (with their
    /// authors) costs 15,205, so a client may nest realistic pages, while three
    /// connections of 100 nested in one another cost over 3,000,000 and three nested lists of
    /// 1,000 a billion.
    /// </summary>
    public long? MaxCost { get => _maxCost; init => _maxCost = NotNegative(value); }

    /// <summary>
    /// The size assumed for a list field without a list-size argument or default (or whose
    /// argument's value cannot be known: null, negative, not an integer), for a connection's lists
    /// when the connection has no such size, and for the inner lists of a list of lists. Default 10.
    /// </summary>
    public int DefaultListSize { get => _defaultListSize; init => _defaultListSize = NotNegative<int>(value) ?? 0; }

    /// <summary>
    /// The arguments whose integer value is the size of a list field (the largest when several
    /// are given): <c>first</c>, <c>last</c>, <c>limit</c>, <c>take</c>, <c>size</c>. Each counts
    /// with the value the resolver will get: written, given as a variable (the request's value,
    /// else the variable's default, else the argument's), or, not written, the argument's default
    /// in the schema.
    /// </summary>
    public IReadOnlySet<string> ListSizeArguments { get; init; } = new[] { "first", "last", "limit", "take", "size" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The list fields of a connection: in the selection of a field that is not a list (a Relay
    /// connection, <c>feed(first: 50) { edges { node { id } } nodes { id } pageInfo { hasNextPage } }</c>),
    /// a list field of one of these names without a size argument of its own is as long as that
    /// field's size (<see cref="ListSizeArguments"/>, else <see cref="DefaultListSize"/>), which is
    /// the connection's page size; the connection's other fields (<c>pageInfo</c>,
    /// <c>totalCount</c>) are not multiplied. The same through fragments and inline fragments on
    /// the connection type. Default <c>edges</c> and <c>nodes</c>, Relay's names.
    /// </summary>
    public IReadOnlySet<string> ConnectionListFields { get; init; } = new[] { "edges", "nodes" }.ToFrozenSet(StringComparer.Ordinal);

    private static T? NotNegative<T>(T? value) where T : struct, System.Numerics.INumber<T> =>
        value is { } v && T.IsNegative(v) ? throw new ArgumentOutOfRangeException(nameof(value), v, "A limit cannot be negative.") : value;
}
