using Es.GraphQL.Language;

namespace Es.GraphQL.Types;

/// <summary>
/// A schema (spec 3.3): root operation types, every named type reachable from them (plus extra
/// <c>types</c>), and the directives. Built once and immutable; the type map, possible types and
/// subtype sets are precomputed here so execution and validation only do dictionary lookups.
/// Building validates the schema (graphql-js <c>validateSchema</c>) and throws
/// <see cref="InvalidSchemaException"/> with every error when it is not valid.
/// </summary>
public sealed class GraphQLSchema
{
    private readonly Dictionary<string, GraphQLNamedType> _typeMap;
    private readonly Dictionary<string, GraphQLDirective> _directivesByName;
    private readonly Dictionary<GraphQLNamedType, GraphQLObjectType[]> _possibleTypes = [];
    private readonly Dictionary<GraphQLInterfaceType, GraphQLInterfaceType[]> _interfaceImplementations = [];
    private readonly Dictionary<GraphQLNamedType, HashSet<GraphQLNamedType>> _subTypes = [];

    public GraphQLSchema(
        GraphQLNamedType? query,
        GraphQLNamedType? mutation = null,
        GraphQLNamedType? subscription = null,
        IEnumerable<GraphQLNamedType>? types = null,
        IEnumerable<GraphQLDirective>? directives = null,
        string? description = null,
        bool assumeValid = false,
        bool introspection = true,
        SchemaDefinitionNode? astNode = null,
        IReadOnlyList<SchemaExtensionNode>? extensionAstNodes = null)
    {
        AstNode = astNode;
        ExtensionAstNodes = extensionAstNodes ?? [];
        IntrospectionEnabled = introspection;
        DeclaredQueryType = query;
        DeclaredMutationType = mutation;
        DeclaredSubscriptionType = subscription;
        QueryType = query as GraphQLObjectType;
        MutationType = mutation as GraphQLObjectType;
        SubscriptionType = subscription as GraphQLObjectType;
        Description = description;
        Directives = directives?.ToArray() ?? Types.Directives.Specified;

        var ordered = CollectReferencedTypes(types?.ToArray() ?? []);
        _typeMap = new Dictionary<string, GraphQLNamedType>(ordered.Count);
        foreach (var type in ordered)
        {
            if (!_typeMap.TryAdd(type.Name, type))
                throw new GraphQLError($"Schema must contain uniquely named types but contains multiple types named \"{type.Name}\".");
        }
        TypeList = ordered;

        _directivesByName = new Dictionary<string, GraphQLDirective>(Directives.Count);
        foreach (var directive in Directives) _directivesByName.TryAdd(directive.Name, directive);

        ComputePossibleTypes();

        if (!assumeValid)
        {
            var errors = SchemaValidation.Validate(this);
            if (errors.Count > 0) throw new InvalidSchemaException(errors);
        }
    }

    public string? Description { get; }

    /// <summary>
    /// Whether <c>__schema</c> and <c>__type</c> can be queried. When off, they are not fields of
    /// the query root, so validation rejects them as unknown fields (<c>__typename</c> stays).
    /// </summary>
    public bool IntrospectionEnabled { get; }

    /// <summary>The SDL schema definition and extensions, for error locations.</summary>
    public SchemaDefinitionNode? AstNode { get; }

    public IReadOnlyList<SchemaExtensionNode> ExtensionAstNodes { get; }

    public GraphQLObjectType? QueryType { get; }

    public GraphQLObjectType? MutationType { get; }

    public GraphQLObjectType? SubscriptionType { get; }

    /// <summary>The roots as given, which validation checks are object types.</summary>
    internal GraphQLNamedType? DeclaredQueryType { get; }
    internal GraphQLNamedType? DeclaredMutationType { get; }
    internal GraphQLNamedType? DeclaredSubscriptionType { get; }

    public IReadOnlyList<GraphQLDirective> Directives { get; }

    /// <summary>Every named type, in graphql-js's order (the order SDL printing and introspection list them in).</summary>
    public IReadOnlyList<GraphQLNamedType> TypeList { get; }

    public IReadOnlyDictionary<string, GraphQLNamedType> TypeMap => _typeMap;

    public GraphQLNamedType? GetType(string name) => _typeMap.GetValueOrDefault(name);

    public GraphQLDirective? GetDirective(string name) => _directivesByName.GetValueOrDefault(name);

    public GraphQLObjectType? GetRootType(OperationType operation) => operation switch
    {
        OperationType.Query => QueryType,
        OperationType.Mutation => MutationType,
        _ => SubscriptionType,
    };

    /// <summary>The object types a value of an abstract type can be (spec "possible types"), in type map order.</summary>
    public IReadOnlyList<GraphQLObjectType> GetPossibleTypes(GraphQLNamedType abstractType) =>
        _possibleTypes.TryGetValue(abstractType, out var types) ? types : [];

    /// <summary>The interfaces that implement <paramref name="interfaceType"/>, in type map order.</summary>
    public IReadOnlyList<GraphQLInterfaceType> GetInterfaceImplementations(GraphQLInterfaceType interfaceType) =>
        _interfaceImplementations.TryGetValue(interfaceType, out var types) ? types : [];

    /// <summary>Whether <paramref name="maybeSubType"/> is a member of the union or implements the interface.</summary>
    public bool IsSubType(GraphQLNamedType abstractType, GraphQLNamedType maybeSubType) =>
        _subTypes.TryGetValue(abstractType, out var set) && set.Contains(maybeSubType);

    /// <summary>Whether <paramref name="possibleType"/> is one of the possible types of <paramref name="abstractType"/>.</summary>
    public bool IsPossibleType(GraphQLNamedType abstractType, GraphQLObjectType possibleType) =>
        IsSubType(abstractType, possibleType);

    /// <summary>
    /// The field definition for a selection (graphql-js <c>getField</c>): the introspection meta
    /// fields <c>__schema</c> and <c>__type</c> on the query root, <c>__typename</c> on any composite type.
    /// </summary>
    public GraphQLField? GetField(GraphQLNamedType parentType, string fieldName)
    {
        if (fieldName.Length > 2 && fieldName[0] == '_' && fieldName[1] == '_')
        {
            switch (fieldName)
            {
                case "__schema": return IntrospectionEnabled && ReferenceEquals(parentType, QueryType) ? Introspection.SchemaMetaField : null;
                case "__type": return IntrospectionEnabled && ReferenceEquals(parentType, QueryType) ? Introspection.TypeMetaField : null;
                case "__typename": return parentType.IsCompositeType ? Introspection.TypeNameMetaField : null;
            }
        }
        return parentType is GraphQLImplementingType implementing ? implementing.GetField(fieldName) : null;
    }

    /// <summary>
    /// graphql-js's type collection, reproduced step for step because its order is the order
    /// printed SDL and introspection list types in: extra types first (each followed by what it
    /// references), then the roots, directive arguments, and the introspection types.
    /// </summary>
    private List<GraphQLNamedType> CollectReferencedTypes(GraphQLNamedType[] extraTypes)
    {
        var ordered = new List<GraphQLNamedType>();
        var seen = new HashSet<GraphQLNamedType>();
        foreach (var type in extraTypes)
        {
            if (seen.Add(type)) ordered.Add(type);
        }
        foreach (var type in extraTypes)
        {
            // graphql-js deletes the type from its set and collects it again, which moves it (and what it references) to the end.
            if (seen.Remove(type)) ordered.Remove(type);
            Collect(type, ordered, seen);
        }
        if (DeclaredQueryType is not null) Collect(DeclaredQueryType, ordered, seen);
        if (DeclaredMutationType is not null) Collect(DeclaredMutationType, ordered, seen);
        if (DeclaredSubscriptionType is not null) Collect(DeclaredSubscriptionType, ordered, seen);
        foreach (var directive in Directives)
        {
            foreach (var argument in directive.Arguments) Collect(argument.Type.NamedType, ordered, seen);
        }
        Collect(Introspection.SchemaType, ordered, seen);
        return ordered;
    }

    private static void Collect(GraphQLNamedType type, List<GraphQLNamedType> ordered, HashSet<GraphQLNamedType> seen)
    {
        if (!seen.Add(type)) return;
        ordered.Add(type);
        type.Complete();
        switch (type)
        {
            case GraphQLUnionType union:
                foreach (var member in union.DeclaredTypes) Collect(member, ordered, seen);
                break;
            case GraphQLImplementingType implementing:
                foreach (var iface in implementing.DeclaredInterfaces) Collect(iface, ordered, seen);
                foreach (var field in implementing.GetFields())
                {
                    Collect(field.Type.NamedType, ordered, seen);
                    foreach (var argument in field.Arguments) Collect(argument.Type.NamedType, ordered, seen);
                }
                break;
            case GraphQLInputObjectType input:
                foreach (var field in input.GetFields()) Collect(field.Type.NamedType, ordered, seen);
                break;
        }
    }

    private void ComputePossibleTypes()
    {
        var objects = new Dictionary<GraphQLInterfaceType, List<GraphQLObjectType>>();
        var interfaces = new Dictionary<GraphQLInterfaceType, List<GraphQLInterfaceType>>();
        foreach (var type in TypeList)
        {
            if (type is not GraphQLImplementingType implementing) continue;
            foreach (var iface in implementing.GetInterfaces())
            {
                if (type is GraphQLObjectType obj)
                {
                    if (!objects.TryGetValue(iface, out var list)) objects[iface] = list = [];
                    list.Add(obj);
                }
                else
                {
                    if (!interfaces.TryGetValue(iface, out var list)) interfaces[iface] = list = [];
                    list.Add((GraphQLInterfaceType)type);
                }
            }
        }
        foreach (var type in TypeList)
        {
            switch (type)
            {
                case GraphQLUnionType union:
                    _possibleTypes[union] = union.GetTypes().ToArray();
                    _subTypes[union] = [.. union.GetTypes()];
                    break;
                case GraphQLInterfaceType iface:
                    var implementations = objects.TryGetValue(iface, out var o) ? o.ToArray() : [];
                    var subInterfaces = interfaces.TryGetValue(iface, out var i) ? i.ToArray() : [];
                    _possibleTypes[iface] = implementations;
                    _interfaceImplementations[iface] = subInterfaces;
                    _subTypes[iface] = [.. implementations, .. subInterfaces];
                    break;
            }
        }
    }
}

/// <summary>Thrown when a schema is built that the spec's type validation rejects; carries every error.</summary>
public sealed class InvalidSchemaException(IReadOnlyList<GraphQLError> errors)
    : Exception(string.Join("\n\n", errors.Select(e => e.Message)))
{
    public IReadOnlyList<GraphQLError> Errors { get; } = errors;
}
