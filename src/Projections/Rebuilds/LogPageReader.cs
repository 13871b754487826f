using Es.EventStore;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Es.Projections.Rebuilds;

/// <summary>
/// Reads a page of Marten's event table for a rebuild: only the rows of the types a projection
/// handles, only the columns a <see cref="RecordedEvent"/> needs (<see cref="EventRows"/>), in
/// <c>seq_id</c> order. This is the path past the daemon's own ceiling (packages.md: the daemon
/// builds a 14-column event object per row and tops out near a quarter of a bare scan).
/// </summary>
internal sealed class LogPageReader(IDocumentStore store, EventTypeRegistry types, string eventSchema)
{
    private readonly EventRows _rows = new(store, types);
    private readonly string _sql = $"""
        SELECT {EventRows.Columns}
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
        // Payloads are read on first use: a projection that reads only keys and metadata, like the
        // counting one, skips them; a bad payload then fails inside the page and is reported as that event's failure.
        while (await r.ReadAsync(ct)) page.Add(_rows.Read(r, deferPayload: true));
        return page;
    }
}
