// The Es host: the event store (Marten), the projections (Marten's async daemon and Es's rebuild
// runner), accounts and tokens, the Es GraphQL API at /graphql (GraphiQL for browsers), health and
// projections endpoints, the demo data; and the operators' CLI
// (`projections list|status|rebuild|pause|resume|retry|skip|explain`).
// Kafka ingest (sales and orders topics, src/Api/Ingest) and its CLI (`ingest status|dead-letters|replay`).
using System.CommandLine;
using Es.Api;
using Es.Api.Accounts;
using Es.Api.Demo;
using Es.Api.Health;
using Es.Api.Ingest;
using Es.Ingest.Cli;
using Es.Ingest.Kafka;
using Es.Api.Pictures;
using Es.Api.Schema;
using Es.Commands;
using Es.EventStore;
using Es.Projections;
using Es.Projections.Cli;

if (args is ["import", ..]) return await Es.Api.Import.ImportVerb.RunAsync(args); // `import sales|orders FILE` (docs/ingest.md)
if (args is ["generate", ..]) return await Es.Api.Ingest.GenerateVerb.RunAsync(args); // `generate --out DIR | --kafka` (docs/ingest.md)
var cli = args.Length > 0 && args[0] == "projections";
cli |= args.Length > 0 && args[0] == "ingest";
var builder = WebApplication.CreateBuilder(cli ? [] : args);
if (!cli) builder.Configuration.AddCommandLine(DemoDataServiceCollectionExtensions.WithoutEsSwitches(args));
// ASP.NET Core logs four lines per request at Information (request starting and finished, endpoint
// executing and executed): under load that is nearly all the host's log, and its reader's CPU. The
// host's default is Warning for them, as ASP.NET Core's templates set it. Marten's daemon logs a
// line per page applied per projection (a thousand in the demo's first minutes, burying the start
// banner); /projections and `projections status` show the same, so Marten's default is Warning too.
// Being the first configuration source, any other (appsettings, Logging__LogLevel__Marten) overrides it.
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Marten"] = "Warning",
    },
});
var connectionString = builder.Configuration["Es:Postgres:ConnectionString"];
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine("Es: set Es:Postgres:ConnectionString (environment: Es__Postgres__ConnectionString), e.g. from scripts/pg url.");
    return 2;
}
// The anomaly rules' thresholds (Es:Anomalies): a rule set new to this database gets the next version of
// the projection, which is built beside the served one and swapped in (docs/anomalies.md).
var anomalyOptions = builder.Configuration.GetSection("Es:Anomalies").Get<Es.Projections.Commerce.AnomalyOptions>() ?? new();
await using (var anomalyVersions = Npgsql.NpgsqlDataSource.Create(connectionString))
    EsProjections.Anomalies = new(anomalyOptions, await Es.Projections.Commerce.AnomalyRuleVersions.ResolveAsync(anomalyVersions,
        builder.Configuration["Es:Projections:Schema"] ?? builder.Configuration["Es:EventStore:Schema"] ?? "es", anomalyOptions));
// Operators read states and modes as words ("running"), not enum numbers.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
builder.Services
    .AddEventStore(connectionString, types => CommandPipeline.RegisterDomainEvents(types),
        o => builder.Configuration.GetSection("Es:EventStore").Bind(o))
    .AddProjections(EsProjections.Register, o =>
    {
        builder.Configuration.GetSection("Es:Projections").Bind(o);
        if (cli) o.RunDaemon = false; // the CLI asks; the nodes' daemons do the work
    });
builder.Services
    .AddEsSchema()
    .AddAccounts(builder.Configuration)
    .AddDemoData(builder.Configuration, args);
builder.Services.AddEsHealth(builder.Configuration);
Es.Api.Commerce.Elasticsearch.ElasticsearchServiceCollectionExtensions.AddSalesSearchElasticsearch(builder.Services, builder.Configuration);
builder.Services.AddEsIngest(builder.Configuration, runConsumer: !cli);

var app = builder.Build();
if (cli)
{
    // Operator commands act on the shared state in PostgreSQL; the daemons on the nodes do the work.
    var catalog = app.Services.GetRequiredService<ProjectionCatalog>();
    await catalog.PrepareAsync();
    var root = new RootCommand("Es operations") { ProjectionsCommand.Create(() => catalog) };
    root.Add(IngestCommand.Create(() => app.Services.GetRequiredService<IngestStatusStore>(), app.Services.GetRequiredService<KafkaIngestOptions>(),
        replays: () => app.Services.GetRequiredService<DeadLetterReplays>()));
    return await root.Parse(args).InvokeAsync();
}

// --reset drops Es's schemas before the hosted services migrate them (on RunAsync).
if (await DemoReset.RunAsync(app.Services, args) is int refused) return refused;
app.UseAuthentication();
app.UseWebSockets();
app.MapEsGraphQL("/graphql");
Es.ConsoleWeb.ConsoleEndpoints.MapEsConsole(app, "/console");
app.MapPictures();
app.MapEsHealth();
app.MapGet("/projections", async (ProjectionCatalog catalog, CancellationToken ct) => Results.Ok(await catalog.GetStatusAsync(ct: ct)));
await app.RunAsync();
return 0;
