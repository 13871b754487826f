using Es.GraphQL.Language;

namespace Es.GraphQL.Types;

/// <summary>
/// A field of an object or interface type (spec 3.6): its output type, arguments, and the
/// resolver the executor calls. Argument lookups are precomputed when the parent type is completed.
/// </summary>
public sealed class GraphQLField
{
    private static readonly IReadOnlyList<GraphQLArgument> NoArguments = [];
    private Dictionary<string, GraphQLArgument>? _argumentsByName;

    public GraphQLField(string name, GraphQLType type)
    {
        NameValidation.AssertName(name);
        Name = name;
        Type = type ?? throw new ArgumentNullException(nameof(type));
    }

    public string Name { get; }

    public GraphQLType Type { get; }

    public string? Description { get; init; }

    public string? DeprecationReason { get; init; }

    public bool IsDeprecated => DeprecationReason is not null;

    /// <summary>The SDL definition of the field, for error locations; null for code-first fields.</summary>
    public FieldDefinitionNode? AstNode { get; init; }

    public IReadOnlyList<GraphQLArgument> Arguments { get; init; } = NoArguments;

    /// <summary>Produces the field's value; null means the executor uses <see cref="DefaultFieldResolver"/>.</summary>
    public FieldResolver? Resolve { get; init; }

    /// <summary>
    /// A synchronous resolver that needs only the parent value (a property read, say). The
    /// executor calls it directly, without building a <see cref="ResolveFieldContext"/>, which
    /// makes plain data fields as cheap as the default resolver. Ignored when <see cref="Resolve"/> is set.
    /// </summary>
    public Func<object?, object?>? ResolveSource { get; init; }

    /// <summary>For subscription root fields: produces the source event stream (spec 6.2.3.1).</summary>
    public SubscriptionResolver? Subscribe { get; init; }

    /// <summary>The object or interface type that declares this field.</summary>
    public GraphQLNamedType ParentType { get; private set; } = null!;

    /// <summary>The resolver to call: <see cref="Resolve"/> or the default one, decided once.</summary>
    public FieldResolver Resolver { get; private set; } = DefaultFieldResolver.Resolve;

    public GraphQLArgument? GetArgument(string name) =>
        _argumentsByName is null
            ? Arguments.FirstOrDefault(a => a.Name == name)
            : _argumentsByName.GetValueOrDefault(name);

    /// <summary>The schema coordinate <c>Type.field</c>, as graphql-js prints a field in messages.</summary>
    public override string ToString() => $"{ParentType?.Name}.{Name}";

    internal void AttachTo(GraphQLNamedType? parent)
    {
        ParentType = parent!;
        var coordinate = $"{parent?.Name ?? "<meta>"}.{Name}";
        foreach (var argument in Arguments) argument.Owner = coordinate;
        if (Arguments.Count > 0)
        {
            _argumentsByName = new Dictionary<string, GraphQLArgument>(Arguments.Count);
            foreach (var argument in Arguments) _argumentsByName.TryAdd(argument.Name, argument);
        }
        Resolver = Resolve
            ?? (ResolveSource is { } fromSource ? context => new ValueTask<object?>(fromSource(context.Source)) : DefaultFieldResolver.Resolve);
    }
}
