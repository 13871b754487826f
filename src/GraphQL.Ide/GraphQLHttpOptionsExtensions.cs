using Es.GraphQL.Transport;

namespace Es.GraphQL.Ide;

public static class GraphQLHttpOptionsExtensions
{
    /// <summary>
    /// Serves GraphiQL to browsers that navigate to the endpoint, its files under
    /// <c>{endpoint}/_ide/</c>: <c>app.MapGraphQL("/graphql", schema, o => o.UseGraphiQL())</c>.
    /// </summary>
    public static GraphQLHttpOptions UseGraphiQL(this GraphQLHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BrowserPage = new GraphiQLPage();
        return options;
    }
}
