using Es.Domain;
using Es.EventStore;
using System.Diagnostics;
using Es.Projections;
using Es.Projections.Rebuilds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Es.Bench;

/// <summary>
/// A projections node for a rebuild benchmark: the event store on the bench's schema and the given
/// projections, without the daemon (the bench drives the rebuild runner itself).
/// </summary>
public static class BenchNode
{
    /// <summary>Every domain event under its stable name and schema version, with the upcasters, as the host registers them.</summary>
    public static void RegisterDomainTypes(EventTypeRegistry types)
    {
        foreach (var type in DomainEvents.All) types.Register(type.ClrType, type.Name, type.SchemaVersion);
        foreach (var step in DomainEvents.Upcasters) types.AddUpcaster(step.Name, step.FromVersion, step.Step);
    }

    /// <summary>
    /// The names a raw read of these events' rows must ask for: every stored version of a domain
    /// event (<c>OrderDelivered</c> and <c>OrderDelivered_v2</c>), as the rebuild runner asks.
    /// </summary>
    public static string[] StoredNames(IEnumerable<string> names) =>
    [
        .. names.SelectMany(name => DomainEvents.All.FirstOrDefault(e => e.Name == name) is { } type
            ? Enumerable.Range(1, type.SchemaVersion).Select(v => EventTypeRegistry.StoredName(name, v))
            : [name]),
    ];

    public static IHost Build(string connectionString, string schema, string nodeName, int batchSize, IEnumerable<Projection> projections)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // (Marten says async projections will not run on a node without the daemon: here that is the point.)
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services
            .AddEventStore(connectionString, RegisterDomainTypes, o => o.Schema = schema)
            .AddProjections(r => { foreach (var p in projections) r.Add(p); }, o =>
            {
                o.NodeName = nodeName;
                o.BatchSize = batchSize;
                o.RunDaemon = false;
            });
        return builder.Build();
    }

    /// <summary>A node started with <paramref name="projections"/> and a zero-downtime rebuild of one of them, timed from the node's start until the new build is swapped in.</summary>
    public sealed record Rebuilt(IHost Node, ProjectionCatalog Catalog, int Generation, TimeSpan Elapsed);

    public static async Task<Rebuilt> RebuildAsync(string connectionString, string schema, string nodeName, int batchSize,
        IEnumerable<Projection> projections, string rebuild, CancellationToken ct)
    {
        var timer = Stopwatch.StartNew();
        var node = Build(connectionString, schema, nodeName, batchSize, projections);
        await node.StartAsync(ct);
        var catalog = node.Services.GetRequiredService<ProjectionCatalog>();
        var generation = await catalog.RebuildAsync(rebuild, ct);
        await new RebuildRunner(catalog).RunOnceAsync(ct);
        var elapsed = timer.Elapsed;
        var status = await catalog.GetStatusAsync(rebuild, ct);
        if (status is not [{ IsCurrent: true } current] || current.Generation != generation)
            throw new InvalidOperationException($"the rebuild of {rebuild} did not swap in build g{generation}: {string.Join("; ", status)}");
        return new Rebuilt(node, catalog, generation, elapsed);
    }

    /// <summary>"table rows, ..." of a projection's served tables.</summary>
    public static async Task<string> RowCountsAsync(BenchDb db, ProjectionCatalog catalog, Projection p)
    {
        var rows = new List<string>();
        foreach (var table in p.Tables) rows.Add($"{table.Name} {await db.ScalarAsync($"SELECT count(*) FROM {catalog.ViewName(table.Name)}"):N0}");
        return string.Join(", ", rows);
    }

    /// <summary>Stops a node, giving it 15 s.</summary>
    public static async Task StopAsync(IHost node)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await node.StopAsync(timeout.Token);
        node.Dispose();
    }
}
