using Es.GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Es.GraphQL.Transport;

public static class GraphQLEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <paramref name="schema"/> at <paramref name="pattern"/> over HTTP (GraphQL over HTTP:
    /// POST and GET, content negotiation, status codes as the specification says).
    /// </summary>
    public static IEndpointConventionBuilder MapGraphQL(this IEndpointRouteBuilder endpoints, string pattern, GraphQLSchema schema,
        Action<GraphQLHttpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var options = new GraphQLHttpOptions();
        configure?.Invoke(options);
        var handler = new GraphQLHttpHandler(schema, options);
        if (options.BrowserPage is { } page)
        {
            endpoints.MapGet(pattern.TrimEnd('/') + "/_ide/{**asset}", (HttpContext http, string asset) => page.ServeAssetAsync(http, asset))
                .WithDisplayName($"GraphQL IDE files {pattern}");
        }
        return endpoints.Map(pattern, handler.HandleAsync).WithDisplayName($"GraphQL {pattern}");
    }
}
