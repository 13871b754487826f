using System.CommandLine;
using Es.Commands;
using Es.EventStore;
using Es.Ingest.Import;
using Npgsql;

namespace Es.Api.Import;

/// <summary>
/// <c>es import sales|orders FILE</c>: the host's configuration (appsettings, <c>Es__Postgres__ConnectionString</c>)
/// and event store, no web server and no daemon: the running nodes' daemons project what it stores.
/// </summary>
public static class ImportVerb
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var connectionString = builder.Configuration["Es:Postgres:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("Es: set Es:Postgres:ConnectionString (environment: Es__Postgres__ConnectionString), e.g. from scripts/pg url.");
            return ImportCommand.Usage;
        }
        builder.Services.AddEventStore(connectionString, types => CommandPipeline.RegisterDomainEvents(types),
            o => builder.Configuration.GetSection("Es:EventStore").Bind(o));
        using var host = builder.Build();
        await host.StartAsync(); // applies the event store's schema, as the host does
        try
        {
            var store = host.Services.GetRequiredService<IEventStore>();
            var schema = host.Services.GetRequiredService<EventStoreOptions>().Schema;
            var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
            var root = new RootCommand("Es import")
            {
                ImportCommand.Create(() => new FileImporter(
                    new PipelineBatchSender(new CommandPipeline(store, TimeProvider.System)), new ImportCheckpoints(dataSource, schema))),
            };
            return await root.Parse(args).InvokeAsync();
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
