// Serves a tiny schema at /graphql on a free loopback port and prints "listening on URL".
using Es.GraphQL.Transport;
using Es.GraphQL.Utilities;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

var counter = 0;
var schema = BuildAstSchema.BuildSchema("""
    type Query { hello(name: String = "world"): String! }
    type Mutation { bump: Int! }
    """, new BuildSchemaOptions
{
    Resolvers = (type, field) => (type, field) switch
    {
        ("Query", "hello") => c => new($"hello {c.Arguments.Get<string>("name")}"),
        ("Mutation", "bump") => _ => new(Interlocked.Increment(ref counter)),
        _ => null,
    },
});

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
var app = builder.Build();
app.MapGraphQL("/graphql", schema);
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"listening on {address}/graphql");
await app.WaitForShutdownAsync();
