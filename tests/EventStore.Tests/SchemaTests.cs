using Marten;
using Npgsql;

namespace Es.EventStore.Tests;

public sealed class SchemaTests
{
    [Fact]
    public async Task Migrating_creates_martens_event_tables_and_the_audit_indexes_in_the_configured_schema()
    {
        await using var scratch = new ScratchSchema();
        var store = scratch.NewStore();
        await store.MigrateAsync();

        Assert.Equal(["mt_events", "mt_streams"], await scratch.NamesAsync(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('mt_events', 'mt_streams') ORDER BY 1"));
        Assert.Equal(["es_events_correlation", "es_events_timestamp", "es_events_type", "es_events_user_name"], await scratch.NamesAsync(
            "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE 'es_events_%' ORDER BY 1"));
        // The idempotency key: a unique index on the event id.
        Assert.Single(await scratch.NamesAsync("""
            SELECT i.indexname FROM pg_indexes i
            WHERE i.schemaname = $1 AND i.tablename = 'mt_events' AND i.indexdef LIKE 'CREATE UNIQUE INDEX%(id)%'
            """));
        // The metadata columns Es writes.
        Assert.Equal(["causation_id", "correlation_id", "headers", "user_name"], await scratch.NamesAsync("""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = $1 AND table_name = 'mt_events' AND column_name IN ('causation_id', 'correlation_id', 'headers', 'user_name')
            ORDER BY 1
            """));
    }

    [Fact]
    public async Task Migrating_twice_and_from_several_stores_at_once_is_safe_and_changes_nothing()
    {
        await using var scratch = new ScratchSchema();
        var stores = Enumerable.Range(0, 4).Select(_ => scratch.NewStore()).ToArray();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));
        var objects = await scratch.ObjectsAsync();
        await stores[0].MigrateAsync();
        await stores[1].MigrateAsync();

        Assert.Equal(objects, await scratch.ObjectsAsync());
        Assert.Single(await scratch.NamesAsync("SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname = 'es_events_user_name'"));
        // And the store works after it.
        var result = await stores[2].AppendAsync("s-" + Guid.NewGuid().ToString("N"), ExpectedVersion.NoStream, [TestEvents.Added()]);
        Assert.Equal(1, result.NextVersion);
        Assert.Single(result.Sequences);
    }

    [Fact]
    public void A_schema_name_that_is_not_a_plain_identifier_is_refused()
    {
        var options = new EventStoreOptions { Schema = "es; DROP TABLE x" };
        Assert.Throws<ArgumentException>(() => EsMarten.Configure(new StoreOptions(), StoreFixture.ConnectionString, new EventTypeRegistry(), options));
    }

    /// <summary>A schema of its own for one test, dropped at its end.</summary>
    private sealed class ScratchSchema : IAsyncDisposable
    {
        private readonly List<DocumentStore> _documents = [];
        private NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(StoreFixture.ConnectionString);
        private string Schema { get; } = "es_test_mig_" + Guid.NewGuid().ToString("N")[..8];

        public MartenEventStore NewStore()
        {
            var options = new EventStoreOptions { Schema = Schema };
            var types = TestEvents.Registry();
            var documents = DocumentStore.For(o => EsMarten.Configure(o, StoreFixture.ConnectionString, types, options));
            _documents.Add(documents);
            return new MartenEventStore(documents, DataSource, types, options);
        }

        public async Task<List<string>> NamesAsync(string sql)
        {
            await using var cmd = DataSource.CreateCommand(sql);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Schema });
            var names = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
            return names;
        }

        // Every table, index, sequence and function in the schema, with its definition where it has one.
        public Task<List<string>> ObjectsAsync() => NamesAsync("""
            SELECT kind || ' ' || name FROM (
                SELECT 'table' AS kind, table_name::text AS name FROM information_schema.tables WHERE table_schema = $1
                UNION ALL SELECT 'index', indexdef FROM pg_indexes WHERE schemaname = $1
                UNION ALL SELECT 'sequence', sequence_name::text FROM information_schema.sequences WHERE sequence_schema = $1
                UNION ALL SELECT 'function', p.oid::regprocedure::text || md5(pg_get_functiondef(p.oid))
                          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
            ) o ORDER BY 1
            """);

        public async ValueTask DisposeAsync()
        {
            foreach (var documents in _documents) documents.Dispose();
            await using (var drop = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE"))
                await drop.ExecuteNonQueryAsync();
            await DataSource.DisposeAsync();
        }
    }
}
