using System.Text.Json;
using Marten;
using Npgsql;

namespace Es.EventStore;

/// <summary>
/// Reads rows of Marten's event table straight into <see cref="RecordedEvent"/>s: only the columns
/// Es reports, Es's names and metadata, the payload through Marten's serializer (older schema
/// versions through Es's upcasters). Marten's own reader builds its full event object per row and
/// is the slower path by about three times (docs/benchmarks.md), so the log scans — audit queries
/// and rebuild pages — read here; stream reads stay Marten's.
/// </summary>
internal sealed class EventRows(IDocumentStore store, EventTypeRegistry types)
{
    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    public const string Columns = "seq_id, id, stream_id, version, type, data, timestamp, headers, user_name, correlation_id, causation_id, is_archived";

    private readonly ISerializer _serializer = store.Options.Serializer();

    /// <summary>
    /// The current row as a recorded event. With <paramref name="deferPayload"/> the payload is read
    /// on first use (a projection that only counts never pays for it, and a bad payload fails there);
    /// otherwise now, so a bad payload or a missing upcaster fails the read.
    /// </summary>
    public RecordedEvent Read(NpgsqlDataReader r, bool deferPayload)
    {
        var sequence = r.GetInt64(0);
        var streamId = r.GetString(2);
        var version = r.GetInt64(3);
        var storedName = r.GetString(4);
        if (!types.TryGetByStoredName(storedName, out var info, out var schemaVersion))
            throw new UnknownEventTypeException(RecordedEvent.UnknownTypeMessage(storedName, sequence, streamId, version));
        var (headerVersion, source) = r.IsDBNull(7) ? (null, null) : Headers(r.GetFieldValue<byte[]>(7));
        var metadata = new EventMetadata
        {
            Actor = r.IsDBNull(8) ? null : r.GetString(8),
            CorrelationId = r.IsDBNull(9) ? null : r.GetString(9),
            CausationId = r.IsDBNull(10) ? null : r.GetString(10),
            Source = source,
        };
        var writtenWith = headerVersion ?? schemaVersion;
        var id = r.GetGuid(1);
        var recordedAt = r.GetFieldValue<DateTimeOffset>(6);
        var archived = r.GetBoolean(11);
        if (!deferPayload)
        {
            // Read now, straight from the row when it needs no upcasting.
            var data = schemaVersion == info.SchemaVersion ? Current(info, r.GetFieldValue<Stream>(5)) : types.Upcast(info, schemaVersion, r.GetFieldValue<byte[]>(5));
            return new RecordedEvent(id, streamId, version, sequence, info.Name, writtenWith, data, recordedAt, metadata, archived);
        }
        var json = r.GetFieldValue<byte[]>(5);
        Func<object> load = schemaVersion == info.SchemaVersion
            ? () => Current(info, new MemoryStream(json, writable: false))
            : () => types.Upcast(info, schemaVersion, json);
        return new RecordedEvent(id, streamId, version, sequence, info.Name, writtenWith, load, recordedAt, metadata, archived);
    }

    // A payload of the current schema version, through Marten's serializer.
    private object Current(EventTypeInfo info, Stream json)
    {
        try
        {
            return _serializer.FromJson(info.ClrType, json);
        }
        catch (JsonException ex)
        {
            throw new EventDeserializationException($"A '{info.Name}' payload could not be read: {ex.Message}", ex);
        }
    }

    // The two headers Es writes (schema_version, source), read without building a document.
    private static (int? SchemaVersion, string? Source) Headers(byte[] json)
    {
        int? schemaVersion = null;
        string? source = null;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return (null, null);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals(EsMarten.SchemaVersionHeader);
            var isSource = !isVersion && reader.ValueTextEquals(EsMarten.SourceHeader);
            reader.Read();
            if (isVersion)
                schemaVersion = reader.TokenType switch
                {
                    JsonTokenType.Number when reader.TryGetInt32(out var n) => n,
                    JsonTokenType.String when int.TryParse(reader.GetString(), out var n) => n,
                    _ => schemaVersion,
                };
            else if (isSource)
                source = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Null => null,
                    _ => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                };
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        }
        return (schemaVersion, source);
    }
}
