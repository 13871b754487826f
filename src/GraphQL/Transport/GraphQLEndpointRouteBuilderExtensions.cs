using Es.GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Es.GraphQL.Transport;

public static class GraphQLEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <paramref name="schema"/> at <paramref name="pattern"/> over HTTP (GraphQL over HTTP:
    /// POST and GET, content negotiation, status codes as the specification says) and over
    /// WebSocket (graphql-transport-ws; the host calls <c>app.UseWebSockets()</c>), with the
    /// limits, timeout, trusted documents and error masking <paramref name="configure"/> sets.
    /// </summary>
    public static IEndpointConventionBuilder MapGraphQL(this IEndpointRouteBuilder endpoints, string pattern, GraphQLSchema schema,
        Action<GraphQLHttpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var options = new GraphQLHttpOptions();
        configure?.Invoke(options);
        var services = endpoints.ServiceProvider;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Es.GraphQL") ?? NullLogger.Instance;
        var exposeExceptions = options.ExposeExceptionDetails ?? services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
        var pipeline = new GraphQLRequestPipeline(schema, options, logger, exposeExceptions);
        var handler = new GraphQLHttpHandler(pipeline, options);
        if (options.BrowserPage is { } page)
        {
            endpoints.MapGet(pattern.TrimEnd('/') + "/_ide/{**asset}", (HttpContext http, string asset) => page.ServeAssetAsync(http, asset))
                .WithDisplayName($"GraphQL IDE files {pattern}");
        }
        return endpoints.Map(pattern, handler.HandleAsync).WithDisplayName($"GraphQL {pattern}");
    }
}
