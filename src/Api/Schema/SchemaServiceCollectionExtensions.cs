using Es.Api.Accounts;
using Es.Api.Chat;
using Es.Api.Meetups;
using Es.Api.Members;
using Es.Api.Pictures;
using Es.Api.Polls;
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
        services.AddSingleton<MeetupReads>();
        services.AddSingleton<PollReads>();
        services.AddSingleton<ChatReads>();
        services.AddSingleton<Commerce.SalesSearchReads>();
        services.AddSingleton<Es.Api.Trends.TrendReads>();
        services.AddSingleton<Es.Api.Regions.RegionReads>();
        services.AddSingleton<Es.Api.Network.NetworkReads>();
        services.AddSingleton<ServedEvents>();
        services.AddSingleton<WebSocketSignIn>();
        services.AddHostedService(sp => sp.GetRequiredService<ServedEvents>());
        services.AddSingleton<Es.Api.Audit.AuditReads>();
        services.AddSingleton<Es.Api.Activity.ActivityReads>();
        services.AddSingleton<Es.Api.Commerce.CustomerReads>();
        services.AddSingleton<Es.Api.Commerce.CustomerQuintiles>();
        services.AddSingleton<Es.Api.Commerce.MerchantReads>();
        services.AddSingleton<Es.Api.Commerce.RestaurantReads>();
        services.AddSingleton<Es.Api.Commerce.AnomalyReads>();
        services.AddSingleton<Es.Api.Commerce.MerchantDirectoryReads>();
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
            o.UseEsTrustedDocuments(app.ServiceProvider.GetRequiredService<IConfiguration>());
            o.CreateContext = http => Context(http, http.User);
            // A WebSocket signs in with the token in connection_init (or the upgrade's own header);
            // a token that is not valid refuses the connection (4403) rather than making it anonymous.
            o.OnConnect = async (http, payload) =>
            {
                if (WebSocketSignIn.TokenIn(payload) is not { } token) return Context(http, http.User);
                var user = await http.RequestServices.GetRequiredService<WebSocketSignIn>().ValidateAsync(token, http.RequestAborted);
                return user is null ? null : Context(http, user);
            };
        });
        return app;
    }

    private static EsRequest Context(HttpContext http, System.Security.Claims.ClaimsPrincipal user) => new()
    {
        User = user,
        Caller = Caller.From(user),
        Services = http.RequestServices,
        CancellationToken = http.RequestAborted,
        RequestId = http.TraceIdentifier,
    };
}
