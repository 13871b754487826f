using Npgsql;
using NpgsqlTypes;

namespace Es.EventStore;

public sealed partial class PostgresEventStore
{
    public async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Count == 0) return [];
        var parts = PrepareBulk(appends);

        // Optimistic first: most bulks (ingest) carry new events only, so skip the id lookup.
        // A redelivered event shows up as a unique violation or a version refusal; then the
        // careful pass looks the ids up, drops what is stored, and checks versions again.
        try
        {
            var results = await ExecuteBulkAsync(parts, lookUpStoredIds: false, ct);
            _notifier.Appended();
            return results;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation && ex.ConstraintName == "events_event_id")
        {
        }
        catch (BulkAppendConflictException)
        {
        }
        catch (NpgsqlException ex) when (IsConnectionFailure(ex))
        {
            throw new EventStoreUnavailableException($"Bulk append of {parts.EventCount} events failed: {ex.Message}", ex);
        }

        try
        {
            var results = await ExecuteBulkAsync(parts, lookUpStoredIds: true, ct);
            _notifier.Appended();
            return results;
        }
        catch (NpgsqlException ex) when (IsConnectionFailure(ex))
        {
            throw new EventStoreUnavailableException($"Bulk append of {parts.EventCount} events failed: {ex.Message}", ex);
        }
    }

    private BulkParts PrepareBulk(IReadOnlyList<StreamAppend> appends)
    {
        var total = 0;
        foreach (var a in appends)
        {
            if (a is null) throw new InvalidAppendException("A part of a bulk append is null.");
            CheckStreamId(a.StreamId);
            if (a.Events is null || a.Events.Count == 0)
                throw new InvalidAppendException($"The bulk append part for '{a.StreamId}' carries no events.");
            total += a.Events.Count;
        }
        if (total > _options.MaxBulkEvents)
            throw new InvalidAppendException($"A bulk append carries {total} events; the limit is {_options.MaxBulkEvents}.");

        var ids = new Guid[total];
        var types = new string[total];
        var versions = new int[total];
        var payloads = new byte[total][];
        var i = 0;
        foreach (var a in appends)
            foreach (var e in a.Events)
            {
                if (e is null) throw new InvalidAppendException($"An event to append to '{a.StreamId}' is null.");
                (ids[i], types[i], versions[i], payloads[i]) = Serialize(e);
                i++;
            }
        CheckDistinct(ids);
        return new BulkParts(appends, ids, types, versions, payloads);
    }

    private async Task<IReadOnlyList<AppendResult>> ExecuteBulkAsync(BulkParts parts, bool lookUpStoredIds, CancellationToken ct)
    {
        var appends = parts.Appends;
        var results = new AppendResult?[appends.Count];
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        // Parts whose events are all stored already are replays: report the original result.
        var skip = new bool[appends.Count];
        if (lookUpStoredIds)
        {
            var stored = await LookUpStoredAsync(connection, tx, parts.Ids, ct);
            var offset = 0;
            for (var a = 0; a < appends.Count; a++)
            {
                var events = appends[a].Events;
                var found = 0;
                for (var k = 0; k < events.Count; k++)
                    if (stored.ContainsKey(parts.Ids[offset + k])) found++;
                if (found == events.Count)
                {
                    skip[a] = true;
                    var positions = new long[events.Count];
                    long version = 0;
                    for (var k = 0; k < events.Count; k++)
                    {
                        var (v, seq) = stored[parts.Ids[offset + k]];
                        positions[k] = seq;
                        version = Math.Max(version, v);
                    }
                    results[a] = new AppendResult(appends[a].StreamId, version, positions, AlreadyStored: true);
                }
                else if (found > 0)
                {
                    throw new InvalidAppendException(
                        $"Some but not all of the events appended to '{appends[a].StreamId}' are already stored; an idempotent retry must resend exactly the same events.");
                }
                offset += events.Count;
            }
        }

        // Lock the streams in one order (sorted ids) so concurrent bulks cannot deadlock.
        var streamIds = appends.Where((_, a) => !skip[a]).Select(a => a.StreamId).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToArray();
        if (streamIds.Length == 0) return results!;
        var current = await LockStreamsAsync(connection, tx, streamIds, ct);

        var conflicts = new List<WrongExpectedVersionException>();
        var startVersions = new long[appends.Count];
        var eventCount = 0;
        for (var a = 0; a < appends.Count; a++)
        {
            if (skip[a]) continue;
            var part = appends[a];
            var (version, archived) = current[part.StreamId];
            if (archived) throw new StreamArchivedException(part.StreamId);
            if (!part.ExpectedVersion.IsSatisfiedBy(version))
                conflicts.Add(new WrongExpectedVersionException(part.StreamId, part.ExpectedVersion, version));
            startVersions[a] = version;
            current[part.StreamId] = (version + part.Events.Count, false);
            eventCount += part.Events.Count;
        }
        if (conflicts.Count > 0) throw new BulkAppendConflictException(conflicts);

        var sequence = await AllocatePositionsAsync(connection, tx, eventCount, ct);
        await CopyEventsAsync(connection, parts, skip, startVersions, sequence, results, ct);

        var updatedIds = current.Keys.ToArray();
        var updatedVersions = updatedIds.Select(id => current[id].Version).ToArray();
        await using (var update = new NpgsqlCommand(_bulkSql.UpdateStreams, connection, tx))
        {
            update.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = updatedIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = updatedVersions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return results!;
    }

    private async Task<Dictionary<Guid, (long Version, long Seq)>> LookUpStoredAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        Guid[] ids, CancellationToken ct)
    {
        var stored = new Dictionary<Guid, (long, long)>();
        await using var cmd = new NpgsqlCommand(_bulkSql.StoredIds, connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) stored[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        return stored;
    }

    private async Task<Dictionary<string, (long Version, bool Archived)>> LockStreamsAsync(NpgsqlConnection connection,
        NpgsqlTransaction tx, string[] streamIds, CancellationToken ct)
    {
        var current = new Dictionary<string, (long, bool)>(streamIds.Length, StringComparer.Ordinal);
        await using var batch = new NpgsqlBatch(connection, tx);
        var create = new NpgsqlBatchCommand(_bulkSql.CreateStreams);
        create.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streamIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var lockRows = new NpgsqlBatchCommand(_bulkSql.LockStreams);
        lockRows.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streamIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(create);
        batch.BatchCommands.Add(lockRows);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) current[reader.GetString(0)] = (reader.GetInt64(1), reader.GetBoolean(2));
        return current;
    }

    private async Task<long[]> AllocatePositionsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, int count, CancellationToken ct)
    {
        var positions = new long[count];
        await using var cmd = new NpgsqlCommand(_bulkSql.AllocatePositions, connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var i = 0;
        while (await reader.ReadAsync(ct)) positions[i++] = reader.GetInt64(0);
        return positions;
    }

    private async Task CopyEventsAsync(NpgsqlConnection connection, BulkParts parts, bool[] skip, long[] startVersions,
        long[] sequence, AppendResult?[] results, CancellationToken ct)
    {
        var appends = parts.Appends;
        await using var writer = await connection.BeginBinaryImportAsync(_bulkSql.Copy, ct);
        int offset = 0, next = 0;
        for (var a = 0; a < appends.Count; a++)
        {
            var part = appends[a];
            if (skip[a])
            {
                offset += part.Events.Count;
                continue;
            }
            var metadata = part.Metadata ?? EventMetadata.None;
            var version = startVersions[a];
            var positions = new long[part.Events.Count];
            for (var k = 0; k < part.Events.Count; k++)
            {
                var i = offset + k;
                var seq = sequence[next++];
                positions[k] = seq;
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(seq, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(parts.Ids[i], NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(part.StreamId, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(++version, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(parts.Types[i], NpgsqlDbType.Text, ct);
                await writer.WriteAsync(parts.SchemaVersions[i], NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(parts.Payloads[i], NpgsqlDbType.Jsonb, ct);
                await WriteTextAsync(writer, metadata.Actor, ct);
                await WriteTextAsync(writer, metadata.CorrelationId, ct);
                await WriteTextAsync(writer, metadata.CausationId, ct);
                await WriteTextAsync(writer, metadata.Source, ct);
            }
            results[a] = new AppendResult(part.StreamId, version, positions, AlreadyStored: false);
            offset += part.Events.Count;
        }
        await writer.CompleteAsync(ct);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, NpgsqlDbType.Text, ct);

    private sealed record BulkParts(IReadOnlyList<StreamAppend> Appends, Guid[] Ids, string[] Types, int[] SchemaVersions, byte[][] Payloads)
    {
        public int EventCount => Ids.Length;
    }

    /// <summary>The bulk append's SQL, for one schema.</summary>
    private sealed class BulkSql(string schema)
    {
        public readonly string StoredIds = $"SELECT event_id, stream_version, seq FROM {schema}.events WHERE event_id = ANY ($1)";

        // Rows for new streams first (version 0 = no events yet), then lock every row, both in id order.
        public readonly string CreateStreams = $"""
            INSERT INTO {schema}.streams (stream_id, version)
            SELECT id, 0 FROM unnest($1::text[]) AS id ORDER BY id
            ON CONFLICT (stream_id) DO NOTHING
            """;

        public readonly string LockStreams =
            $"SELECT stream_id, version, archived FROM {schema}.streams WHERE stream_id = ANY ($1) ORDER BY stream_id FOR UPDATE";

        public readonly string AllocatePositions = $"SELECT nextval('{schema}.events_seq_seq') FROM generate_series(1, $1)";

        public readonly string Copy = $"""
            COPY {schema}.events (seq, event_id, stream_id, stream_version, type, schema_version, data,
                                  actor, correlation_id, causation_id, source) FROM STDIN (FORMAT BINARY)
            """;

        public readonly string UpdateStreams = $"""
            UPDATE {schema}.streams s SET version = u.version, updated_at = now()
            FROM unnest($1::text[], $2::bigint[]) AS u (stream_id, version)
            WHERE s.stream_id = u.stream_id
            """;
    }
}
