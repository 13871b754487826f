using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Conformance;

/// <summary>
/// <c>--schema sdl</c>: the conformance schema built from schema.graphql by our buildSchema,
/// with the C# resolvers and scalar coercions attached by name, as resolvers.mjs's
/// <c>createSchema()</c> does for graphql-js.
/// </summary>
public static class SdlSchema
{
    public static GraphQLSchema Build(string sdl, ConformanceResolvers resolvers)
    {
        var built = BuildAstSchema.BuildSchema(sdl, new BuildSchemaOptions
        {
            Scalars = ConformanceScalars.All,
            Resolvers = resolvers.Field,
        });
        foreach (var coordinate in resolvers.Coordinates)
        {
            var (type, field) = Split(coordinate);
            if (built.GetType(type) is not GraphQLImplementingType owner || owner.GetField(field) is null)
                throw new InvalidOperationException($"No field {coordinate} in schema.graphql");
        }
        return WithSubscribers(built, resolvers);
    }

    /// <summary>
    /// BuildSchemaOptions can attach resolvers but not subscribe functions, so the Subscription
    /// root is rebuilt from the SDL-built one with its source streams added, and the schema
    /// around it (KNOWN-DIFFERENCES.md, "buildSchema cannot attach subscribe").
    /// </summary>
    private static GraphQLSchema WithSubscribers(GraphQLSchema schema, ConformanceResolvers resolvers)
    {
        if (schema.SubscriptionType is not { } sdlType) return schema;
        var subscription = new GraphQLObjectType(sdlType.Name)
        {
            Description = sdlType.Description,
            Interfaces = sdlType.GetInterfaces,
            Fields = () => sdlType.GetFields().Select(field => new GraphQLField(field.Name, field.Type)
            {
                Description = field.Description,
                DeprecationReason = field.DeprecationReason,
                Arguments = field.Arguments.Select(argument => new GraphQLArgument(argument.Name, argument.Type)
                {
                    Description = argument.Description,
                    DeprecationReason = argument.DeprecationReason,
                    DefaultLiteral = argument.DefaultLiteral,
                }).ToArray(),
                Resolve = field.Resolve,
                Subscribe = resolvers.Subscription(sdlType.Name, field.Name) is { } subscribe
                    ? context => new ValueTask<IAsyncEnumerable<object?>>(subscribe(context))
                    : null,
            }).ToArray(),
        };
        var types = schema.TypeList.Select(type => ReferenceEquals(type, sdlType) ? subscription : type);
        return new GraphQLSchema(schema.QueryType, schema.MutationType, subscription, types, schema.Directives, schema.Description);
    }

    private static (string Type, string Field) Split(string coordinate)
    {
        var dot = coordinate.IndexOf('.');
        return (coordinate[..dot], coordinate[(dot + 1)..]);
    }
}
