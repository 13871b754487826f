using Npgsql;

namespace Es.EventStore.Tests;

/// <summary>
/// A real PostgreSQL (the private cluster scripts/pg starts; ES_TEST_POSTGRES overrides) and a
/// fresh schema per test class, so classes run in parallel without seeing each other's events.
/// </summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(ConnectionString + ";Maximum Pool Size=60");
    public string Schema { get; } = "es_test_" + Guid.NewGuid().ToString("N")[..12];
    public EventTypeRegistry Types { get; } = TestEvents.Registry();
    public PostgresEventStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = NewStore(Types);
        await Store.MigrateAsync();
    }

    /// <summary>A second store on the same schema, e.g. with another registry or as another process would see it.</summary>
    public PostgresEventStore NewStore(EventTypeRegistry types, Action<EventStoreOptions>? configure = null)
    {
        var options = new EventStoreOptions { Schema = Schema, PollInterval = TimeSpan.FromMilliseconds(200) };
        configure?.Invoke(options);
        return new PostgresEventStore(DataSource, types, options);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql.Replace("{schema}", Schema));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
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
