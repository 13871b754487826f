using Es.GraphQL.Bench;
using Es.GraphQL.Transport;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Es.GraphQL.Http.Bench;

/// <summary>
/// The server under test: the bench schema with in-memory resolvers at /graphql through
/// MapGraphQL, and /floor, which reads the body and answers a constant (the HTTP floor). Kestrel on
/// a free loopback port, no logging; prints "listening on URL" once it accepts requests. GET /jit
/// answers the number of methods compiled so far.
/// </summary>
internal static class BenchHost
{
    public const string FloorAnswer = """{"data":{"post":{"id":"p1","title":"Post 1"}}}""";

    public static async Task RunAsync(string schemaPath)
    {
        var schema = BuildAstSchema.BuildSchema(await File.ReadAllTextAsync(schemaPath), new BuildSchemaOptions
        {
            // The same resolvers as bench/GraphQL.Bench (and js/server.mjs).
            Resolvers = BenchResolvers.For,
        });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGraphQL("/graphql", schema, o =>
        {
            if (Environment.GetEnvironmentVariable("ES_BENCH_DOCUMENT_CACHE") is { } size) o.DocumentCacheSize = int.Parse(size);
        });
        if (Environment.GetEnvironmentVariable("ES_BENCH_PROBE") == "1") Probe.Map(app, schema);
        var floor = System.Text.Encoding.UTF8.GetBytes(FloorAnswer);
        app.MapPost("/floor", async http =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
            http.Response.ContentType = "application/graphql-response+json; charset=utf-8";
            await http.Response.BodyWriter.WriteAsync(floor, http.RequestAborted);
        });
        // How many methods the JIT has compiled: the driver warms up until tiering has settled.
        app.MapGet("/jit", () => System.Runtime.JitInfo.GetCompiledMethodCount().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"listening on {address}");
        await app.WaitForShutdownAsync();
    }
}
