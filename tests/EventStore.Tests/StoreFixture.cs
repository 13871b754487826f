using Marten;
using Npgsql;

namespace Es.EventStore.Tests;

/// <summary>
/// A real PostgreSQL (the private cluster scripts/pg starts; ES_TEST_POSTGRES overrides) and a
/// fresh schema per test class holding Marten's event tables, so classes run in parallel without
/// seeing each other's events.
/// </summary>
public sealed class StoreFixture : IAsyncLifetime
{
    private readonly List<DocumentStore> _documentStores = [];

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(ConnectionString + ";Maximum Pool Size=60");
    public string Schema { get; } = "es_test_" + Guid.NewGuid().ToString("N")[..12];
    public EventTypeRegistry Types { get; } = TestEvents.Registry();
    public MartenEventStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await NewStoreAsync(Types);

    /// <summary>
    /// Another store on the same schema, as another process (or a newer version of this one, with
    /// another registry) would see it: its own Marten DocumentStore, migrated. Disposed with the fixture.
    /// </summary>
    public async Task<MartenEventStore> NewStoreAsync(EventTypeRegistry types, Action<EventStoreOptions>? configure = null)
    {
        var options = new EventStoreOptions { Schema = Schema };
        configure?.Invoke(options);
        var documents = DocumentStore.For(o => EsMarten.Configure(o, ConnectionString, types, options));
        lock (_documentStores) _documentStores.Add(documents);
        var store = new MartenEventStore(documents, DataSource, types, options);
        await store.MigrateAsync();
        return store;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql.Replace("{schema}", Schema));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var documents in _documentStores) documents.Dispose();
        await using (var cmd = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE"))
            await cmd.ExecuteNonQueryAsync();
        await DataSource.DisposeAsync();
    }
}

public sealed record ItemAdded(string Sku, int Quantity);
public sealed record ItemRemoved(string Sku);
public sealed record Note(string Text);

public static class TestEvents
{
    public static EventTypeRegistry Registry() => new EventTypeRegistry()
        .Register<ItemAdded>("ItemAdded")
        .Register<ItemRemoved>("ItemRemoved")
        .Register<Note>("Note");

    public static EventData Added(string sku = "A", int quantity = 1) => EventData.New(new ItemAdded(sku, quantity));
    public static EventData Noted(string text = "n") => EventData.New(new Note(text));
}
