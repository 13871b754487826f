using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Services.Json.Transformations;
using Npgsql;
using Weasel.Core;

namespace Es.EventStore;

/// <summary>
/// How Es configures Marten's event store, in one place: string stream ids (<c>post-&lt;id&gt;</c>),
/// every event under its stable name, the metadata columns Es writes on every event (actor as
/// Marten's user name, correlation, causation; source and schema version as headers), a unique
/// event id (the idempotency key), and the indexes the audit queries need.
/// </summary>
public static class EsMarten
{
    /// <summary>The header that names where a fact came from (<c>graphql</c>, <c>kafka:topic/partition/offset</c>, <c>file:name#line</c>).</summary>
    public const string SourceHeader = "source";

    /// <summary>The header that records the schema version an event's payload was written with.</summary>
    public const string SchemaVersionHeader = "schema_version";

    /// <summary>Indexes Es adds to Marten's tables for audit queries; Marten is told to leave them alone.</summary>
    private static readonly (string Name, string Definition)[] AuditIndexes =
    [
        ("es_events_user_name", "ON {schema}.mt_events (user_name, seq_id) WHERE user_name IS NOT NULL"),
        ("es_events_correlation", "ON {schema}.mt_events (correlation_id, seq_id) WHERE correlation_id IS NOT NULL"),
        ("es_events_type", "ON {schema}.mt_events (type, seq_id)"),
        ("es_events_timestamp", "ON {schema}.mt_events (timestamp)"),
    ];

    public static void Configure(StoreOptions o, string connectionString, EventTypeRegistry types, EventStoreOptions options)
    {
        options.Validate();
        o.Connection(connectionString);
        o.DatabaseSchemaName = options.Schema;
        o.Events.DatabaseSchemaName = options.Schema;
        o.Events.StreamIdentity = StreamIdentity.AsString;
        o.Events.MetadataConfig.HeadersEnabled = true;
        o.Events.MetadataConfig.CorrelationIdEnabled = true;
        o.Events.MetadataConfig.CausationIdEnabled = true;
        o.Events.MetadataConfig.UserNameEnabled = true;
        o.Events.EnableUniqueIndexOnEventId = true;
        // Not Marten's NOTIFY inside each append (UseListenNotifyForEventAppends): PostgreSQL serialises
        // the commits of notifying transactions through their WAL flush. Es wakes the daemon with its
        // AppendSignal after the commit instead (the daemon's Wakeup, set by AddProjections).
        foreach (var (name, _) in AuditIndexes) o.Events.IgnoreIndex(name);
        o.UseSystemTextJsonForSerialization(types.Json, EnumStorage.AsString, Casing.CamelCase);
        o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

        foreach (var info in types.All)
        {
            o.Events.MapEventType(info.ClrType, info.StoredName);
            for (var old = 1; old < info.SchemaVersion; old++)
            {
                var from = old;
                o.Events.Upcast(info.ClrType, EventTypeRegistry.StoredName(info.Name, from),
                    new JsonTransformation((_, reader, index) => types.Upcast(info, from, ReadJson(reader, index))));
            }
        }
    }

    /// <summary>Marten's schema for the event store, then Es's audit indexes. Safe when several processes start at once.</summary>
    public static async Task MigrateAsync(IDocumentStore store, NpgsqlDataSource dataSource, string schema, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Marten's own migration races when several processes apply it to a new schema at once
        // (a probe: "relation pk_mt_events_stream_and_version already exists"): one at a time.
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", connection))
        {
            take.Parameters.AddWithValue("es-marten-migration:" + schema);
            await take.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended($1, 0))", connection);
            release.Parameters.AddWithValue("es-marten-migration:" + schema);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        foreach (var (name, definition) in AuditIndexes)
        {
            await using var cmd = new NpgsqlCommand($"CREATE INDEX IF NOT EXISTS {name} {definition.Replace("{schema}", schema)}", connection);
            try
            {
                await cmd.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException ex) when (ex.SqlState is "23505" or "42P07")
            {
                // Another process created it at the same moment.
            }
        }
    }

    private static byte[] ReadJson(System.Data.Common.DbDataReader reader, int index) =>
        reader.GetFieldValue<byte[]>(index) is { } bytes ? bytes : System.Text.Encoding.UTF8.GetBytes(reader.GetString(index));
}
