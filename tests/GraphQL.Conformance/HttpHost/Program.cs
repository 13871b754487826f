// Serves a tiny schema at /graphql (HTTP and graphql-transport-ws) on a free loopback port and
// prints "listening on URL", for http-audit.test.mjs and websocket.test.mjs.
using System.Runtime.CompilerServices;
using Es.GraphQL.Transport;
using Es.GraphQL.Types;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

var counter = 0;
var schema = new SchemaBuilder()
    .Query(q => q
        .Field("hello", "String!", f => f
            .Argument<string>("name", "String", "world")
            .Resolve((_, c) => $"hello {c.Arguments.Get<string>("name")}"))
        // Recursive, so that hostile.test.mjs can nest selections through fragments.
        .Field("self", "Query!", f => f.Resolve((_, _) => new object())))
    .Mutation(m => m.Field("bump", "Int!", f => f.Resolve((_, _) => Interlocked.Increment(ref counter))))
    .Subscription(s => s
        .Field("countdown", "Int!", f => f
            .Argument("from", "Int!")
            .Subscribe(c => Countdown(c.Arguments.Get<int>("from"), c.CancellationToken))
            .Resolve((value, _) => value))
        .Field("forever", "Int!", f => f
            .Subscribe(c => Countdown(int.MaxValue, c.CancellationToken))
            .Resolve((value, _) => value)))
    .Build();

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
var app = builder.Build();
app.UseWebSockets();
app.MapGraphQL("/graphql", schema, o =>
{
    o.BrowserPage = new Es.GraphQL.Ide.GraphiQLPage();
    o.ConnectionInitTimeout = TimeSpan.FromMilliseconds(
        int.TryParse(Environment.GetEnvironmentVariable("ES_GRAPHQL_INIT_TIMEOUT_MS"), out var ms) ? ms : 1500);
    // The test client says in connection_init's payload how it wants to be treated.
    o.OnConnect = (http, payload) =>
    {
        if (payload is { } p && p.TryGetProperty("forbidden", out _)) return ValueTask.FromResult<Es.GraphQL.Types.RequestContext?>(null);
        if (payload is { } q && q.TryGetProperty("crash", out _)) throw new InvalidOperationException("the connection check failed");
        return ValueTask.FromResult<Es.GraphQL.Types.RequestContext?>(new Es.GraphQL.Types.RequestContext { User = http.User });
    };
});
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"listening on {address}/graphql");
await app.WaitForShutdownAsync();

static async IAsyncEnumerable<int> Countdown(int from, [EnumeratorCancellation] CancellationToken ct)
{
    if (from < 0) throw new ArgumentOutOfRangeException(nameof(from), "from must not be negative");
    for (var i = from; i >= 0; i--)
    {
        yield return i;
        await Task.Delay(10, ct);
    }
}
