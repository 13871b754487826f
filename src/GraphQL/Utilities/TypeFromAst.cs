using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Utilities;

/// <summary>graphql-js's <c>typeFromAST</c>: the schema type a type reference names, or null when the schema has no such named type.</summary>
public static class TypeFromAst
{
    public static GraphQLType? Resolve(GraphQLSchema schema, TypeNode typeNode) => typeNode switch
    {
        NamedTypeNode named => schema.GetType(named.Name.Value),
        ListTypeNode list => Resolve(schema, list.Type) is { } inner ? new GraphQLListType(inner) : null,
        NonNullTypeNode nonNull => Resolve(schema, nonNull.Type) is { } inner and not GraphQLNonNullType ? new GraphQLNonNullType(inner) : null,
        _ => null,
    };

}
