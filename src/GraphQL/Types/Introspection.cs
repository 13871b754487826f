using Es.GraphQL.Language;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Types;

/// <summary>
/// The introspection types and meta fields (spec 4.2 and 4.5), with graphql-js's descriptions,
/// as ordinary object types whose resolvers read the type system objects themselves: the
/// executor resolves <c>__schema</c> and <c>__type</c> like any other field.
/// </summary>
public static class Introspection
{
    private static ValueTask<object?> Value(object? value) => new(value);

    private static bool IncludeDeprecated(ResolveFieldContext context) =>
        context.Arguments.GetOrDefault("includeDeprecated", false);

    private static GraphQLArgument IncludeDeprecatedArgument() =>
        new("includeDeprecated", Scalars.Boolean.NonNull()) { DefaultValue = false };

    public static GraphQLObjectType SchemaType { get; }
    public static GraphQLObjectType DirectiveType { get; }
    public static GraphQLEnumType DirectiveLocationType { get; }
    public static GraphQLObjectType TypeType { get; }
    public static GraphQLObjectType FieldType { get; }
    public static GraphQLObjectType InputValueType { get; }
    public static GraphQLObjectType EnumValueType { get; }
    public static GraphQLEnumType TypeKindType { get; }

    /// <summary><c>__schema: __Schema!</c>, on the query root only.</summary>
    public static GraphQLField SchemaMetaField { get; }

    /// <summary><c>__type(name: String!): __Type</c>, on the query root only.</summary>
    public static GraphQLField TypeMetaField { get; }

    /// <summary><c>__typename: String!</c>, on every object, interface and union.</summary>
    public static GraphQLField TypeNameMetaField { get; }

    public static IReadOnlyList<GraphQLNamedType> Types { get; }

    public static bool IsIntrospectionType(GraphQLNamedType type) =>
        type.Name is "__Schema" or "__Directive" or "__DirectiveLocation" or "__Type" or "__Field" or "__InputValue" or "__EnumValue" or "__TypeKind";

    static Introspection()
    {
        TypeKindType = new GraphQLEnumType("__TypeKind",
        [
            new("SCALAR") { Value = TypeKind.Scalar, Description = "Indicates this type is a scalar." },
            new("OBJECT") { Value = TypeKind.Object, Description = "Indicates this type is an object. `fields` and `interfaces` are valid fields." },
            new("INTERFACE") { Value = TypeKind.Interface, Description = "Indicates this type is an interface. `fields`, `interfaces`, and `possibleTypes` are valid fields." },
            new("UNION") { Value = TypeKind.Union, Description = "Indicates this type is a union. `possibleTypes` is a valid field." },
            new("ENUM") { Value = TypeKind.Enum, Description = "Indicates this type is an enum. `enumValues` is a valid field." },
            new("INPUT_OBJECT") { Value = TypeKind.InputObject, Description = "Indicates this type is an input object. `inputFields` is a valid field." },
            new("LIST") { Value = TypeKind.List, Description = "Indicates this type is a list. `ofType` is a valid field." },
            new("NON_NULL") { Value = TypeKind.NonNull, Description = "Indicates this type is a non-null. `ofType` is a valid field." },
        ])
        {
            Description = "An enum describing what kind of type a given `__Type` is.",
        };

        DirectiveLocationType = new GraphQLEnumType("__DirectiveLocation",
        [
            Location(DirectiveLocation.QUERY, "Location adjacent to a query operation."),
            Location(DirectiveLocation.MUTATION, "Location adjacent to a mutation operation."),
            Location(DirectiveLocation.SUBSCRIPTION, "Location adjacent to a subscription operation."),
            Location(DirectiveLocation.FIELD, "Location adjacent to a field."),
            Location(DirectiveLocation.FRAGMENT_DEFINITION, "Location adjacent to a fragment definition."),
            Location(DirectiveLocation.FRAGMENT_SPREAD, "Location adjacent to a fragment spread."),
            Location(DirectiveLocation.INLINE_FRAGMENT, "Location adjacent to an inline fragment."),
            Location(DirectiveLocation.VARIABLE_DEFINITION, "Location adjacent to an operation variable definition."),
            Location(DirectiveLocation.FRAGMENT_VARIABLE_DEFINITION, "Location adjacent to a fragment variable definition."),
            Location(DirectiveLocation.SCHEMA, "Location adjacent to a schema definition."),
            Location(DirectiveLocation.SCALAR, "Location adjacent to a scalar definition."),
            Location(DirectiveLocation.OBJECT, "Location adjacent to an object type definition."),
            Location(DirectiveLocation.FIELD_DEFINITION, "Location adjacent to a field definition."),
            Location(DirectiveLocation.ARGUMENT_DEFINITION, "Location adjacent to an argument definition."),
            Location(DirectiveLocation.INTERFACE, "Location adjacent to an interface definition."),
            Location(DirectiveLocation.UNION, "Location adjacent to a union definition."),
            Location(DirectiveLocation.ENUM, "Location adjacent to an enum definition."),
            Location(DirectiveLocation.ENUM_VALUE, "Location adjacent to an enum value definition."),
            Location(DirectiveLocation.INPUT_OBJECT, "Location adjacent to an input object type definition."),
            Location(DirectiveLocation.INPUT_FIELD_DEFINITION, "Location adjacent to an input object field definition."),
            Location(DirectiveLocation.DIRECTIVE_DEFINITION, "Location adjacent to a directive definition."),
        ])
        {
            Description = "A Directive can be adjacent to many parts of the GraphQL language, a __DirectiveLocation describes one such possible adjacencies.",
        };

        GraphQLObjectType? typeType = null, fieldType = null, inputValueType = null, enumValueType = null, directiveType = null;

        SchemaType = new GraphQLObjectType("__Schema")
        {
            Description = "A GraphQL Schema defines the capabilities of a GraphQL server. It exposes all available types and directives on the server, as well as the entry points for query, mutation, and subscription operations.",
            Fields = () =>
            [
                new("description", Scalars.String) { ResolveSource = static s => ((GraphQLSchema)s!).Description },
                new("types", typeType!.NonNull().List().NonNull())
                {
                    Description = "A list of all types supported by this server.",
                    Resolve = static c => Value(((GraphQLSchema)c.Source!).TypeList),
                },
                new("queryType", typeType!.NonNull())
                {
                    Description = "The type that query operations will be rooted at.",
                    Resolve = static c => Value(((GraphQLSchema)c.Source!).QueryType),
                },
                new("mutationType", typeType!)
                {
                    Description = "If this server supports mutation, the type that mutation operations will be rooted at.",
                    Resolve = static c => Value(((GraphQLSchema)c.Source!).MutationType),
                },
                new("subscriptionType", typeType!)
                {
                    Description = "If this server support subscription, the type that subscription operations will be rooted at.",
                    Resolve = static c => Value(((GraphQLSchema)c.Source!).SubscriptionType),
                },
                new("directives", directiveType!.NonNull().List().NonNull())
                {
                    Description = "A list of all directives supported by this server.",
                    Arguments = [IncludeDeprecatedArgument()],
                    Resolve = static c => Value(IncludeDeprecated(c)
                        ? ((GraphQLSchema)c.Source!).Directives
                        : ((GraphQLSchema)c.Source!).Directives.Where(d => d.DeprecationReason is null).ToArray()),
                },
            ],
        };

        directiveType = DirectiveType = new GraphQLObjectType("__Directive")
        {
            Description = "A Directive provides a way to describe alternate runtime execution and type validation behavior in a GraphQL document.\n\nIn some cases, you need to provide options to alter GraphQL's execution behavior in ways field arguments will not suffice, such as conditionally including or skipping a field. Directives provide this by describing additional information to the executor.",
            Fields = () =>
            [
                new("name", Scalars.String.NonNull()) { ResolveSource = static s => ((GraphQLDirective)s!).Name },
                new("description", Scalars.String) { ResolveSource = static s => ((GraphQLDirective)s!).Description },
                new("isRepeatable", Scalars.Boolean.NonNull()) { ResolveSource = static s => Scalars.Box(((GraphQLDirective)s!).IsRepeatable) },
                new("locations", DirectiveLocationType.NonNull().List().NonNull())
                {
                    Resolve = static c => Value(((GraphQLDirective)c.Source!).Locations.Select(l => (object)l).ToArray()),
                },
                new("args", inputValueType!.NonNull().List().NonNull())
                {
                    Arguments = [IncludeDeprecatedArgument()],
                    Resolve = static c => Value(FilterDeprecated(((GraphQLDirective)c.Source!).Arguments, IncludeDeprecated(c))),
                },
                new("isDeprecated", Scalars.Boolean.NonNull()) { ResolveSource = static s => Scalars.Box(((GraphQLDirective)s!).IsDeprecated) },
                new("deprecationReason", Scalars.String) { ResolveSource = static s => ((GraphQLDirective)s!).DeprecationReason },
            ],
        };

        typeType = TypeType = new GraphQLObjectType("__Type")
        {
            Description = "The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as represented by the `__TypeKind` enum.\n\nDepending on the kind of a type, certain fields describe information about that type. Scalar types provide no information beyond a name, description and optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. List and NonNull types compose other types.",
            Fields = () =>
            [
                new("kind", TypeKindType.NonNull()) { ResolveSource = static s => ((GraphQLType)s!).Kind },
                new("name", Scalars.String) { ResolveSource = static s => (s as GraphQLNamedType)?.Name },
                new("description", Scalars.String) { ResolveSource = static s => (s as GraphQLNamedType)?.Description },
                new("specifiedByURL", Scalars.String) { ResolveSource = static s => (s as GraphQLScalarType)?.SpecifiedByUrl },
                new("fields", fieldType!.NonNull().List())
                {
                    Arguments = [IncludeDeprecatedArgument()],
                    Resolve = static c => Value(c.Source is GraphQLImplementingType t
                        ? IncludeDeprecated(c) ? t.GetFields() : t.GetFields().Where(f => f.DeprecationReason is null).ToArray()
                        : null),
                },
                new("interfaces", typeType!.NonNull().List())
                {
                    Resolve = static c => Value(c.Source is GraphQLImplementingType t ? t.GetInterfaces() : null),
                },
                new("possibleTypes", typeType!.NonNull().List())
                {
                    Resolve = static c => Value(c.Source is GraphQLNamedType { IsAbstractType: true } t ? c.Schema.GetPossibleTypes(t) : null),
                },
                new("enumValues", enumValueType!.NonNull().List())
                {
                    Arguments = [IncludeDeprecatedArgument()],
                    Resolve = static c => Value(c.Source is GraphQLEnumType t
                        ? IncludeDeprecated(c) ? t.Values : t.Values.Where(v => v.DeprecationReason is null).ToArray()
                        : null),
                },
                new("inputFields", inputValueType!.NonNull().List())
                {
                    Arguments = [IncludeDeprecatedArgument()],
                    Resolve = static c => Value(c.Source is GraphQLInputObjectType t ? FilterDeprecated(t.GetFields(), IncludeDeprecated(c)) : null),
                },
                new("ofType", typeType!)
                {
                    Resolve = static c => Value(c.Source switch
                    {
                        GraphQLListType list => list.OfType,
                        GraphQLNonNullType nonNull => nonNull.OfType,
                        _ => null,
                    }),
                },
                new("isOneOf", Scalars.Boolean)
                {
                    Resolve = static c => Value(c.Source is GraphQLInputObjectType t ? Scalars.Box(t.IsOneOf) : null),
                },
            ],
        };

        fieldType = FieldType = new GraphQLObjectType("__Field")
        {
            Description = "Object and Interface types are described by a list of Fields, each of which has a name, potentially a list of arguments, and a return type.",
            Fields = () =>
            [
                new("name", Scalars.String.NonNull()) { ResolveSource = static s => ((GraphQLField)s!).Name },
                new("description", Scalars.String) { ResolveSource = static s => ((GraphQLField)s!).Description },
                new("args", inputValueType!.NonNull().List().NonNull())
                {
                    Arguments = [IncludeDeprecatedArgument()],
                    Resolve = static c => Value(FilterDeprecated(((GraphQLField)c.Source!).Arguments, IncludeDeprecated(c))),
                },
                new("type", typeType!.NonNull()) { ResolveSource = static s => ((GraphQLField)s!).Type },
                new("isDeprecated", Scalars.Boolean.NonNull()) { ResolveSource = static s => Scalars.Box(((GraphQLField)s!).IsDeprecated) },
                new("deprecationReason", Scalars.String) { ResolveSource = static s => ((GraphQLField)s!).DeprecationReason },
            ],
        };

        inputValueType = InputValueType = new GraphQLObjectType("__InputValue")
        {
            Description = "Arguments provided to Fields or Directives and the input fields of an InputObject are represented as Input Values which describe their type and optionally a default value.",
            Fields = () =>
            [
                new("name", Scalars.String.NonNull()) { ResolveSource = static s => ((GraphQLInputValue)s!).Name },
                new("description", Scalars.String) { ResolveSource = static s => ((GraphQLInputValue)s!).Description },
                new("type", typeType!.NonNull()) { ResolveSource = static s => ((GraphQLInputValue)s!).Type },
                new("defaultValue", Scalars.String)
                {
                    Description = "A GraphQL-formatted string representing the default value for this input value.",
                    Resolve = static c => Value(AstFromValue.PrintDefaultValue((GraphQLInputValue)c.Source!)),
                },
                new("isDeprecated", Scalars.Boolean.NonNull()) { ResolveSource = static s => Scalars.Box(((GraphQLInputValue)s!).IsDeprecated) },
                new("deprecationReason", Scalars.String) { ResolveSource = static s => ((GraphQLInputValue)s!).DeprecationReason },
            ],
        };

        enumValueType = EnumValueType = new GraphQLObjectType("__EnumValue")
        {
            Description = "One possible value for a given Enum. Enum values are unique values, not a placeholder for a string or numeric value. However an Enum value is returned in a JSON response as a string.",
            Fields = () =>
            [
                new("name", Scalars.String.NonNull()) { ResolveSource = static s => ((GraphQLEnumValue)s!).Name },
                new("description", Scalars.String) { ResolveSource = static s => ((GraphQLEnumValue)s!).Description },
                new("isDeprecated", Scalars.Boolean.NonNull()) { ResolveSource = static s => Scalars.Box(((GraphQLEnumValue)s!).IsDeprecated) },
                new("deprecationReason", Scalars.String) { ResolveSource = static s => ((GraphQLEnumValue)s!).DeprecationReason },
            ],
        };

        Types = [SchemaType, DirectiveType, DirectiveLocationType, TypeType, FieldType, InputValueType, EnumValueType, TypeKindType];
        foreach (var type in Types) type.Complete();

        SchemaMetaField = new GraphQLField("__schema", SchemaType.NonNull())
        {
            Description = "Access the current type schema of this server.",
            Resolve = static c => Value(c.Schema),
        };
        TypeMetaField = new GraphQLField("__type", TypeType)
        {
            Description = "Request the type information of a single type.",
            Arguments = [new GraphQLArgument("name", Scalars.String.NonNull())],
            Resolve = static c => Value(c.Schema.GetType(c.Arguments.Get<string>("name"))),
        };
        TypeNameMetaField = new GraphQLField("__typename", Scalars.String.NonNull())
        {
            Description = "The name of the current Object type at runtime.",
            Resolve = static c => Value(c.ParentType.Name),
        };
        SchemaMetaField.AttachTo(null);
        TypeMetaField.AttachTo(null);
        TypeNameMetaField.AttachTo(null);
    }

    private static GraphQLEnumValue Location(DirectiveLocation location, string description) =>
        new(location.ToString()) { Value = location, Description = description };

    private static IReadOnlyList<T> FilterDeprecated<T>(IReadOnlyList<T> values, bool includeDeprecated) where T : GraphQLInputValue =>
        includeDeprecated ? values : values.Where(v => v.DeprecationReason is null).ToArray();
}
