using Es.Api.Members;
using Es.Api.Pictures;
using Es.Api.Posts;
using Es.Commands;
using Es.GraphQL.Ide;
using Es.GraphQL.Transport;
using Es.Projections;

namespace Es.Api.Schema;

public static class SchemaServiceCollectionExtensions
{
    /// <summary>The command pipeline, the read models' readers and the Es schema.</summary>
    public static IServiceCollection AddEsSchema(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CommandPipeline(sp.GetRequiredService<Es.EventStore.IEventStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ProjectionPositions>();
        services.AddSingleton<ReadYourWrites>();
        services.AddSingleton<CommandSender>();
        services.AddSingleton<MemberReads>();
        services.AddSingleton<PostReads>();
        services.AddPictures();
        services.AddSingleton(_ => EsSchema.Build());
        return services;
    }

    /// <summary>GraphQL over HTTP and WebSocket at <paramref name="path"/>, with GraphiQL for browsers.</summary>
    public static IEndpointRouteBuilder MapEsGraphQL(this IEndpointRouteBuilder app, string path = "/graphql")
    {
        var schema = app.ServiceProvider.GetRequiredService<Es.GraphQL.Types.GraphQLSchema>();
        app.MapGraphQL(path, schema, o =>
        {
            o.UseGraphiQL();
            o.CreateContext = http => new EsRequest
            {
                User = http.User,
                Caller = Caller.From(http.User),
                Services = http.RequestServices,
                CancellationToken = http.RequestAborted,
                RequestId = http.TraceIdentifier,
            };
        });
        return app;
    }
}
