using Es.EventStore.Schema;
using Npgsql;

namespace Es.EventStore.Tests;

public sealed class SchemaTests
{
    [Fact]
    public async Task Migrating_from_several_processes_at_once_applies_each_migration_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(StoreFixture.ConnectionString);
        var schema = "es_test_mig_" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var applied = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
                Task.Run(() => EventStoreSchema.MigrateAsync(dataSource, schema))));

            Assert.Equal(EventStoreSchema.CurrentVersion, applied.Sum());
            await using var cmd = dataSource.CreateCommand($"SELECT count(*) FROM {schema}.schema_migrations");
            Assert.Equal((long)EventStoreSchema.CurrentVersion, (long)(await cmd.ExecuteScalarAsync())!);
            Assert.Equal(0, await EventStoreSchema.MigrateAsync(dataSource, schema));
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public void A_schema_name_that_is_not_a_plain_identifier_is_refused()
    {
        using var dataSource = NpgsqlDataSource.Create(StoreFixture.ConnectionString);
        Assert.Throws<ArgumentException>(() => new PostgresEventStore(dataSource, new EventTypeRegistry(),
            new EventStoreOptions { Schema = "es; DROP TABLE x" }));
    }
}
