using System.Text.Json;
using Es.EventStore;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Es.Projections.Rebuilds;

/// <summary>
/// Reads a page of Marten's event table for a rebuild: only the rows of the types a projection
/// handles, only the columns a <see cref="RecordedEvent"/> needs, in <c>seq_id</c> order. This
/// is the path past the daemon's own ceiling (packages.md: the daemon builds a 14-column event
/// object per row and tops out near a quarter of a bare scan).
/// </summary>
internal sealed class LogPageReader(IDocumentStore store, EventTypeRegistry types, string eventSchema)
{
    private readonly ISerializer _serializer = store.Options.Serializer();
    private readonly string _sql = $"""
        SELECT seq_id, id, stream_id, version, type, data, timestamp, headers, user_name, correlation_id, causation_id, is_archived
        FROM {eventSchema}.mt_events
        WHERE seq_id > $1 AND seq_id <= $2 AND type = ANY ($3)
        ORDER BY seq_id
        LIMIT $4
        """;

    public async Task<List<RecordedEvent>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string[] storedNames,
        long after, long upTo, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_sql, connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = storedNames, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var page = new List<RecordedEvent>(Math.Min(limit, 10_000));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var storedName = r.GetString(4);
            var (info, version) = Resolve(storedName);
            // Deserialised on first use (RecordedEvent.Data): a projection that reads only keys and
            // metadata, like the counting one, skips it; a bad payload then fails inside the page and
            // is reported as that event's failure.
            var json = r.GetFieldValue<byte[]>(5);
            Func<object> data = version == info.SchemaVersion
                ? () => _serializer.FromJson(info.ClrType, new MemoryStream(json, writable: false))
                : () => types.Upcast(info, version, json);
            JsonElement? headers = r.IsDBNull(7) ? null : JsonDocument.Parse(r.GetString(7)).RootElement;
            page.Add(new RecordedEvent(r.GetGuid(1), r.GetString(2), r.GetInt64(3), r.GetInt64(0), info.Name,
                Header(headers, EsMarten.SchemaVersionHeader) is { } v && int.TryParse(v, out var sv) ? sv : version,
                data, r.GetFieldValue<DateTimeOffset>(6),
                new EventMetadata
                {
                    Actor = r.IsDBNull(8) ? null : r.GetString(8),
                    CorrelationId = r.IsDBNull(9) ? null : r.GetString(9),
                    CausationId = r.IsDBNull(10) ? null : r.GetString(10),
                    Source = Header(headers, EsMarten.SourceHeader),
                },
                r.GetBoolean(11)));
        }
        return page;
    }

    private (EventTypeInfo Info, int Version) Resolve(string storedName)
    {
        if (types.TryGetByName(storedName, out var current) && current.SchemaVersion == 1) return (current, 1);
        foreach (var info in types.All)
            for (var v = 1; v <= info.SchemaVersion; v++)
                if (EventTypeRegistry.StoredName(info.Name, v) == storedName) return (info, v);
        throw new UnknownEventTypeException($"Event type '{storedName}' in the log is not registered.");
    }

    private static string? Header(JsonElement? headers, string name) =>
        headers is { ValueKind: JsonValueKind.Object } h && h.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}
