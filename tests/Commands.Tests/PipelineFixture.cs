using Es.Domain;
using Es.EventStore;
using Marten;
using Npgsql;

namespace Es.Commands.Tests;

/// <summary>The pipeline over a real event store: the private PostgreSQL cluster, a fresh schema per test class.</summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    private static string ConnectionString =>
        Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(ConnectionString + ";Maximum Pool Size=80");
    private readonly string _schema = "es_test_cmd_" + Guid.NewGuid().ToString("N")[..12];

    private DocumentStore? _documents;

    public MartenEventStore Store { get; private set; } = null!;
    public CommandPipeline Pipeline { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var types = CommandPipeline.RegisterDomainEvents(new EventTypeRegistry());
        var options = new EventStoreOptions { Schema = _schema };
        _documents = DocumentStore.For(o => EsMarten.Configure(o, ConnectionString, types, options));
        Store = new MartenEventStore(_documents, _dataSource, types, options);
        await Store.MigrateAsync();
        Pipeline = new CommandPipeline(Store, TimeProvider.System);
    }

    /// <summary>Another store on the same schema with other registrations: an older release's writer, say.</summary>
    public MartenEventStore StoreWith(EventTypeRegistry types)
    {
        var options = new EventStoreOptions { Schema = _schema };
        var documents = DocumentStore.For(o => EsMarten.Configure(o, ConnectionString, types, options));
        _others.Add(documents);
        return new MartenEventStore(documents, _dataSource, types, options);
    }

    private readonly List<DocumentStore> _others = [];

    /// <summary>Registers a member through the pipeline, as that member.</summary>
    public async Task<Guid> RegisterAsync(string region = "lisbon", string? handle = null)
    {
        var id = Guid.NewGuid();
        var result = await Pipeline.SendAsync(
            new RegisterMember(id, handle ?? "m_" + id.ToString("N")[..12], "Member", region, ["running"], 1990),
            As(id));
        Assert.True(result.Succeeded, string.Join("; ", result.Rejections));
        return id;
    }

    public static CommandContext As(Guid memberId) => new(Actor.Member(memberId), "graphql");

    public async Task DisposeAsync()
    {
        _documents?.Dispose();
        foreach (var other in _others) other.Dispose();
        await using (var cmd = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE"))
            await cmd.ExecuteNonQueryAsync();
        await _dataSource.DisposeAsync();
    }
}
