using Es.Domain;
using Es.EventStore;
using Es.Projections;
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
}
