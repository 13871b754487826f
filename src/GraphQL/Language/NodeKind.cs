namespace Es.GraphQL.Language;

/// <summary>Every kind of AST node, one per production of the spec's grammar, named as graphql-js's <c>Kind</c>.</summary>
public enum NodeKind : byte
{
    Name,
    Document,
    OperationDefinition,
    VariableDefinition,
    SelectionSet,
    Field,
    Argument,
    FragmentSpread,
    InlineFragment,
    FragmentDefinition,
    Variable,
    IntValue,
    FloatValue,
    StringValue,
    BooleanValue,
    NullValue,
    EnumValue,
    ListValue,
    ObjectValue,
    ObjectField,
    Directive,
    NamedType,
    ListType,
    NonNullType,
    SchemaDefinition,
    OperationTypeDefinition,
    ScalarTypeDefinition,
    ObjectTypeDefinition,
    FieldDefinition,
    InputValueDefinition,
    InterfaceTypeDefinition,
    UnionTypeDefinition,
    EnumTypeDefinition,
    EnumValueDefinition,
    InputObjectTypeDefinition,
    DirectiveDefinition,
    SchemaExtension,
    DirectiveExtension,
    ScalarTypeExtension,
    ObjectTypeExtension,
    InterfaceTypeExtension,
    UnionTypeExtension,
    EnumTypeExtension,
    InputObjectTypeExtension,
    TypeCoordinate,
    MemberCoordinate,
    ArgumentCoordinate,
    DirectiveCoordinate,
    DirectiveArgumentCoordinate,
}

/// <summary>The three kinds of operation (spec 2.3).</summary>
public enum OperationType : byte
{
    Query,
    Mutation,
    Subscription,
}

public static class OperationTypeExtensions
{
    /// <summary>The keyword as written in a document: <c>query</c>, <c>mutation</c>, <c>subscription</c>.</summary>
    public static string Keyword(this OperationType operation) => operation switch
    {
        OperationType.Query => "query",
        OperationType.Mutation => "mutation",
        OperationType.Subscription => "subscription",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}
