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
            Subscribers = (type, field) => resolvers.Subscription(type, field) is { } subscribe
                ? context => new ValueTask<IAsyncEnumerable<object?>>(subscribe(context))
                : null,
        });
        foreach (var coordinate in resolvers.Coordinates)
        {
            var (type, field) = Split(coordinate);
            if (built.GetType(type) is not GraphQLImplementingType owner || owner.GetField(field) is null)
                throw new InvalidOperationException($"No field {coordinate} in schema.graphql");
        }
        return built;
    }

    private static (string Type, string Field) Split(string coordinate)
    {
        var dot = coordinate.IndexOf('.');
        return (coordinate[..dot], coordinate[(dot + 1)..]);
    }
}
