using System.Runtime.CompilerServices;
using Es.EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Es.EventStore;

/// <summary>The event store on PostgreSQL (Npgsql). Thread-safe; one per process.</summary>
public sealed partial class PostgresEventStore : IEventStore, IAsyncDisposable
{
    private const int MaxStreamIdLength = 500;
    private const string UniqueViolation = "23505";

    private readonly NpgsqlDataSource _dataSource;
    private readonly EventTypeRegistry _types;
    private readonly EventStoreOptions _options;
    private readonly LogNotifier _notifier;
    private readonly Sql _sql;
    private readonly BulkSql _bulkSql;

    public PostgresEventStore(NpgsqlDataSource dataSource, EventTypeRegistry types, EventStoreOptions? options = null)
    {
        _dataSource = dataSource;
        _types = types;
        _options = options ?? new EventStoreOptions();
        _options.Validate();
        _sql = new Sql(_options.Schema);
        _bulkSql = new BulkSql(_options.Schema);
        _notifier = new LogNotifier(dataSource, $"{_options.Schema}_log", _options.NotifyOtherProcesses);
    }

    public EventTypeRegistry Types => _types;
    public EventStoreOptions Options => _options;
    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Creates or migrates the store's schema. Safe when several processes start at once.</summary>
    public Task<int> MigrateAsync(CancellationToken ct = default) => EventStoreSchema.MigrateAsync(_dataSource, _options.Schema, ct);

    public Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events,
        EventMetadata? metadata = null, CancellationToken ct = default) =>
        AppendCoreAsync(null, streamId, expected, events, metadata, ct);

    /// <summary>
    /// Appends inside the caller's transaction, so other writes (an inline projection, say) commit
    /// with the events or not at all. Call <see cref="NotifyAppended"/> after the commit.
    /// </summary>
    public Task<AppendResult> AppendAsync(NpgsqlTransaction transaction, string streamId, ExpectedVersion expected,
        IReadOnlyList<EventData> events, EventMetadata? metadata = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return AppendCoreAsync(transaction, streamId, expected, events, metadata, ct);
    }

    /// <summary>Wakes subscribers here and in other processes; appends made by this store do it themselves.</summary>
    public void NotifyAppended() => _notifier.Appended();

    private async Task<AppendResult> AppendCoreAsync(NpgsqlTransaction? transaction, string streamId, ExpectedVersion expected,
        IReadOnlyList<EventData> events, EventMetadata? metadata, CancellationToken ct)
    {
        CheckStreamId(streamId);
        if (events is null || events.Count == 0) throw new InvalidAppendException($"An append to '{streamId}' must carry at least one event.");
        metadata ??= EventMetadata.None;

        var n = events.Count;
        var ids = new Guid[n];
        var typeNames = new string[n];
        var schemaVersions = new int[n];
        var payloads = new byte[n][];
        for (var i = 0; i < n; i++)
        {
            var e = events[i] ?? throw new InvalidAppendException("An event to append is null.");
            (ids[i], typeNames[i], schemaVersions[i], payloads[i]) = Serialize(e);
        }
        CheckDistinct(ids);

        NpgsqlConnection? owned = null;
        try
        {
            var connection = transaction?.Connection ?? (owned = await _dataSource.OpenConnectionAsync(ct));
            // Inside a caller's transaction a failed statement would abort it, so look for a replay
            // first; on its own connection the append is optimistic and looks only after a refusal.
            if (transaction is not null && await ReplayAsync(connection, transaction, streamId, ids, ct) is { } replay)
                return replay;

            long[]? positions;
            long version;
            try
            {
                (positions, version) = await InsertAsync(connection, transaction, streamId, expected, ids, typeNames, schemaVersions, payloads, metadata, ct);
            }
            catch (PostgresException ex) when (ex.SqlState == UniqueViolation && ex.ConstraintName == "events_event_id" && transaction is null)
            {
                // Another append with these ids committed first (a retry racing its original).
                positions = null;
                version = 0;
            }

            if (positions is not null)
            {
                if (transaction is null) _notifier.Appended();
                return new AppendResult(streamId, version, positions, AlreadyStored: false);
            }
            return await ExplainRefusalAsync(connection, transaction, streamId, expected, ids, ct);
        }
        catch (NpgsqlException ex) when (IsConnectionFailure(ex))
        {
            throw new EventStoreUnavailableException($"Append to '{streamId}' failed: {ex.Message}", ex);
        }
        finally
        {
            if (owned is not null) await owned.DisposeAsync();
        }
    }

    /// <summary>
    /// One statement, one round trip, one implicit transaction: bump the stream row with the
    /// expectation in its WHERE clause and insert the events numbered from the row's old version.
    /// No row from the bump means a refusal, and then no events were inserted either.
    /// </summary>
    private async Task<(long[]? Positions, long Version)> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string streamId, ExpectedVersion expected, Guid[] ids, string[] typeNames, int[] schemaVersions, byte[][] payloads,
        EventMetadata metadata, CancellationToken ct)
    {
        var single = ids.Length == 1;
        var sql = _sql.Append(expected, single);
        await using var cmd = new NpgsqlCommand(sql, connection, transaction);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter<string> { TypedValue = streamId, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<long> { TypedValue = ids.Length, NpgsqlDbType = NpgsqlDbType.Bigint });
        if (single)
        {
            // The common case without arrays and unnest: measurably less work for the server.
            p.Add(new NpgsqlParameter<Guid> { TypedValue = ids[0], NpgsqlDbType = NpgsqlDbType.Uuid });
            p.Add(new NpgsqlParameter<string> { TypedValue = typeNames[0], NpgsqlDbType = NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter<int> { TypedValue = schemaVersions[0], NpgsqlDbType = NpgsqlDbType.Integer });
            p.Add(new NpgsqlParameter<byte[]> { TypedValue = payloads[0], NpgsqlDbType = NpgsqlDbType.Jsonb });
        }
        else
        {
            p.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            p.Add(new NpgsqlParameter<string[]> { TypedValue = typeNames, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter<int[]> { TypedValue = schemaVersions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            p.Add(new NpgsqlParameter<byte[][]> { TypedValue = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        }
        AddText(p, metadata.Actor);
        AddText(p, metadata.CorrelationId);
        AddText(p, metadata.CausationId);
        AddText(p, metadata.Source);
        if (expected.IsExact) p.Add(new NpgsqlParameter<long> { TypedValue = expected.Value, NpgsqlDbType = NpgsqlDbType.Bigint });

        var positions = new long[ids.Length];
        var count = 0;
        long version = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                version = Math.Max(version, reader.GetInt64(0));
                positions[count++] = reader.GetInt64(1);
            }
        }
        if (count == 0) return (null, 0);
        // RETURNING gives no order guarantee: order positions by stream version.
        if (count > 1) Array.Sort(positions);
        return (positions, version);
    }

    /// <summary>The original result when every id is stored already; null when none is.</summary>
    private async Task<AppendResult?> ReplayAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string streamId,
        Guid[] ids, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_sql.StoredEvents, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        var positions = new List<long>(ids.Length);
        long version = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                version = Math.Max(version, reader.GetInt64(0));
                positions.Add(reader.GetInt64(1));
            }
        }
        if (positions.Count == 0) return null;
        if (positions.Count < ids.Length)
            throw new InvalidAppendException(
                $"Some but not all of the events appended to '{streamId}' are already stored; an idempotent retry must resend exactly the same events.");
        return new AppendResult(streamId, version, positions, AlreadyStored: true);
    }

    /// <summary>Why nothing was inserted: a replay of stored events, an archived stream, or a stale expectation.</summary>
    private async Task<AppendResult> ExplainRefusalAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string streamId,
        ExpectedVersion expected, Guid[] ids, CancellationToken ct)
    {
        if (await ReplayAsync(connection, transaction, streamId, ids, ct) is { } replay) return replay;
        await using var cmd = new NpgsqlCommand(_sql.GetStream, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw new WrongExpectedVersionException(streamId, expected, 0);
        if (reader.GetBoolean(1)) throw new StreamArchivedException(streamId);
        throw new WrongExpectedVersionException(streamId, expected, reader.GetInt64(0));
    }

    public async Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken ct = default)
    {
        CheckStreamId(streamId);
        await using var cmd = _dataSource.CreateCommand(_sql.GetStream);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var info = new StreamInfo(streamId, reader.GetInt64(0), reader.GetBoolean(1),
            reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3));
        return info.Version == 0 ? null : info;
    }

    public async Task ArchiveStreamAsync(string streamId, CancellationToken ct = default)
    {
        CheckStreamId(streamId);
        await using var cmd = _dataSource.CreateCommand(_sql.Archive);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        if (await cmd.ExecuteNonQueryAsync(ct) == 0)
            throw new InvalidAppendException($"Stream '{streamId}' does not exist, so it cannot be archived.");
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, StreamReadOptions? options = null, CancellationToken ct = default)
    {
        CheckStreamId(streamId);
        options ??= new StreamReadOptions();
        await using var cmd = _dataSource.CreateCommand(_sql.ReadStream);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = options.FromVersion });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = options.ToVersion ?? long.MaxValue });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = (options.ToInstant ?? DateTimeOffset.MaxValue.AddDays(-1)).ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = options.MaxCount ?? long.MaxValue });
        var events = await ReadEventsAsync(cmd, ct);
        // Aggregates fold these at once: surface unknown types and bad payloads here, not later.
        foreach (var e in events) _ = e.Data;
        return events;
    }

    public async Task<LogBatch> ReadLogAsync(LogPosition after, int maxCount, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        List<RecordedEvent> events;
        await using (var cmd = new NpgsqlCommand(_sql.ReadLog, connection))
        {
            cmd.Parameters.Add(new NpgsqlParameter<ulong> { TypedValue = after.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Sequence });
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
            events = await ReadEventsAsync(cmd, ct);
        }
        if (events.Count == maxCount) return new LogBatch(events, events[^1].LogPosition, HeldBack: false);

        // The end of the safe log: are committed events waiting behind an open transaction?
        await using var held = new NpgsqlCommand(_sql.HeldBack, connection);
        var heldBack = (bool)(await held.ExecuteScalarAsync(ct))!;
        return new LogBatch(events, events.Count > 0 ? events[^1].LogPosition : after, heldBack);
    }

    /// <summary>
    /// Completes at the next append this process sees: its own at once, other processes' through
    /// LISTEN/NOTIFY (listening starts at the first call). Take it before reading the log, then
    /// await it, so an append landing during the read is not missed; pair it with a poll timeout.
    /// </summary>
    public Task NextAppend()
    {
        _notifier.EnsureListening();
        return _notifier.NextWake;
    }

    /// <summary>
    /// The events at these global positions, in position order; missing positions are left out.
    /// Inside <paramref name="transaction"/> it sees that transaction's own appends (inline
    /// projections read back what they just appended; explain reads the events behind a row).
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(IReadOnlyList<long> positions,
        NpgsqlTransaction? transaction = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Count == 0) return [];
        NpgsqlConnection? owned = null;
        var connection = transaction?.Connection ?? (owned = await _dataSource.OpenConnectionAsync(ct));
        try
        {
            await using var cmd = new NpgsqlCommand(_sql.ReadPositions, connection, transaction);
            cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = positions.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            return await ReadEventsAsync(cmd, ct);
        }
        finally
        {
            if (owned is not null) await owned.DisposeAsync();
        }
    }

    public async IAsyncEnumerable<RecordedEvent> SubscribeAsync(LogPosition after, int batchSize = 1000,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        _notifier.EnsureListening();
        var position = after;
        while (!ct.IsCancellationRequested)
        {
            // Take the wake-up before reading, so an append that lands during the read is not missed.
            var wake = _notifier.NextWake;
            var batch = await ReadLogAsync(position, batchSize, ct);
            foreach (var e in batch.Events) yield return e;
            position = batch.Next;
            if (batch.Events.Count == batchSize) continue;
            var wait = batch.HeldBack ? _options.HeldBackRetry : _options.PollInterval;
            try
            {
                await wake.WaitAsync(wait, ct);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public async Task<IReadOnlyList<RecordedEvent>> QueryEventsAsync(EventQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var cmd = _dataSource.CreateCommand();
        var where = new List<string> { "seq > $1" };
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = query.AfterPosition });
        void Criterion(string column, string op, object? value, NpgsqlDbType type)
        {
            if (value is null) return;
            cmd.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
            where.Add($"{column} {op} ${cmd.Parameters.Count}");
        }
        Criterion("actor", "=", query.Actor, NpgsqlDbType.Text);
        Criterion("correlation_id", "=", query.CorrelationId, NpgsqlDbType.Text);
        Criterion("type", "=", query.EventType, NpgsqlDbType.Text);
        Criterion("stream_id", "=", query.StreamId, NpgsqlDbType.Text);
        Criterion("recorded_at", ">=", query.RecordedFrom?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        Criterion("recorded_at", "<=", query.RecordedTo?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
        cmd.CommandText = $"{_sql.SelectEvents} WHERE {string.Join(" AND ", where)} ORDER BY seq LIMIT ${cmd.Parameters.Count}";
        return await ReadEventsAsync(cmd, ct);
    }

    public ValueTask DisposeAsync() => _notifier.DisposeAsync();

    private (Guid Id, string Type, int SchemaVersion, byte[] Payload) Serialize(EventData e)
    {
        if (e.EventId == Guid.Empty) throw new InvalidAppendException("An event id must not be empty.");
        if (e.Data is null) throw new InvalidAppendException($"Event {e.EventId} has no data.");
        var info = _types.InfoOf(e.Data.GetType());
        var payload = _types.Serialize(info, e.Data);
        if (payload.Length > _options.MaxEventBytes) throw new EventTooLargeException(e.EventId, payload.Length, _options.MaxEventBytes);
        return (e.EventId, info.Name, info.SchemaVersion, payload);
    }

    private static void CheckStreamId(string streamId)
    {
        if (string.IsNullOrWhiteSpace(streamId)) throw new InvalidAppendException("A stream id must not be empty.");
        if (streamId.Length > MaxStreamIdLength)
            throw new InvalidAppendException($"A stream id must be at most {MaxStreamIdLength} characters.");
    }

    private static void CheckDistinct(Guid[] ids)
    {
        if (ids.Length < 2) return;
        var seen = new HashSet<Guid>(ids.Length);
        foreach (var id in ids)
            if (!seen.Add(id)) throw new InvalidAppendException($"Event id {id} appears twice in one append.");
    }

    // A broken or terminated connection, as opposed to a refusal by the database.
    private static bool IsConnectionFailure(NpgsqlException ex) =>
        ex is not PostgresException pg || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal);

    private static void AddText(NpgsqlParameterCollection p, string? value) =>
        p.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });

    private async Task<List<RecordedEvent>> ReadEventsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) events.Add(ReadEvent(reader));
        return events;
    }

    // Column order of Sql.Columns.
    private RecordedEvent ReadEvent(NpgsqlDataReader r) => new(
        _types,
        eventId: r.GetGuid(2),
        streamId: r.GetString(3),
        streamVersion: r.GetInt64(4),
        position: r.GetInt64(0),
        logPosition: new LogPosition(r.GetFieldValue<ulong>(1), r.GetInt64(0)),
        eventType: r.GetString(5),
        schemaVersion: r.GetInt32(6),
        rawData: r.GetFieldValue<byte[]>(7),
        recordedAt: r.GetFieldValue<DateTimeOffset>(12),
        metadata: new EventMetadata
        {
            Actor = r.IsDBNull(8) ? null : r.GetString(8),
            CorrelationId = r.IsDBNull(9) ? null : r.GetString(9),
            CausationId = r.IsDBNull(10) ? null : r.GetString(10),
            Source = r.IsDBNull(11) ? null : r.GetString(11),
        });

    /// <summary>The store's SQL, for one schema. Paste into psql with the schema name filled in.</summary>
    private sealed class Sql(string schema)
    {
        public const string Columns =
            "seq, tx_id, event_id, stream_id, stream_version, type, schema_version, data, actor, correlation_id, causation_id, source, recorded_at";

        public readonly string SelectEvents = $"SELECT {Columns} FROM {schema}.events";

        // The single append, one statement per kind of expectation (and one without arrays for a
        // single event). $1 stream, $2 event count, $3..$6 ids, types, schema versions, payloads
        // (arrays, or scalars for one event), $7..$10 metadata, $11 the exact version.
        private static string InsertEvents(string schema, bool single) => single
            ? $"""
              INSERT INTO {schema}.events (event_id, stream_id, stream_version, type, schema_version, data,
                                           actor, correlation_id, causation_id, source)
              SELECT $3::uuid, $1, bump.base + 1, $4::text, $5::integer, $6::jsonb, $7, $8, $9, $10
              FROM bump
              RETURNING stream_version, seq
              """
            : $"""
              INSERT INTO {schema}.events (event_id, stream_id, stream_version, type, schema_version, data,
                                           actor, correlation_id, causation_id, source)
              SELECT u.id, $1, bump.base + u.i, u.type, u.sv, u.data, $7, $8, $9, $10
              FROM bump, unnest($3::uuid[], $4::text[], $5::integer[], $6::jsonb[]) WITH ORDINALITY AS u (id, type, sv, data, i)
              RETURNING stream_version, seq
              """;

        private static string Bump(string schema, string kind) => kind switch
        {
            "any" => $"""
                INSERT INTO {schema}.streams AS s (stream_id, version) VALUES ($1, $2)
                ON CONFLICT (stream_id) DO UPDATE SET version = s.version + $2, updated_at = now() WHERE NOT s.archived
                RETURNING s.version - $2 AS base
                """,
            "no stream" => $"""
                INSERT INTO {schema}.streams (stream_id, version) VALUES ($1, $2)
                ON CONFLICT (stream_id) DO NOTHING
                RETURNING 0::bigint AS base
                """,
            "exists" => $"""
                UPDATE {schema}.streams s SET version = s.version + $2, updated_at = now()
                WHERE s.stream_id = $1 AND NOT s.archived
                RETURNING s.version - $2 AS base
                """,
            _ => $"""
                UPDATE {schema}.streams s SET version = s.version + $2, updated_at = now()
                WHERE s.stream_id = $1 AND s.version = $11 AND NOT s.archived
                RETURNING s.version - $2 AS base
                """,
        };

        // [kind, single]: any, no stream, exists, exact.
        private readonly string[,] _appends = Appends(schema);

        private static string[,] Appends(string schema)
        {
            string[] kinds = ["any", "no stream", "exists", "exact"];
            var sql = new string[kinds.Length, 2];
            for (var k = 0; k < kinds.Length; k++)
                for (var single = 0; single < 2; single++)
                    sql[k, single] = $"WITH bump AS (\n{Bump(schema, kinds[k])})\n{InsertEvents(schema, single == 1)}";
            return sql;
        }

        public string Append(ExpectedVersion expected, bool single) =>
            _appends[expected.IsAny ? 0 : expected.IsNoStream ? 1 : expected.IsStreamExists ? 2 : 3, single ? 1 : 0];

        public readonly string StoredEvents = $"SELECT stream_version, seq FROM {schema}.events WHERE event_id = ANY ($1) ORDER BY stream_version";

        public readonly string ReadStream = $"""
            SELECT {Columns} FROM {schema}.events
            WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3 AND recorded_at <= $4
            ORDER BY stream_version LIMIT $5
            """;

        // Only transactions older than the snapshot's xmin are finished: reading no further than
        // that means no event can later commit in front of one already handed out.
        public readonly string ReadLog = $"""
            SELECT {Columns} FROM {schema}.events
            WHERE (tx_id, seq) > ($1, $2) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tx_id, seq LIMIT $3
            """;

        public readonly string HeldBack =
            $"SELECT EXISTS (SELECT 1 FROM {schema}.events WHERE tx_id >= pg_snapshot_xmin(pg_current_snapshot()))";

        public readonly string ReadPositions = $"SELECT {Columns} FROM {schema}.events WHERE seq = ANY ($1) ORDER BY seq";

        public readonly string GetStream = $"SELECT version, archived, created_at, updated_at FROM {schema}.streams WHERE stream_id = $1";

        public readonly string Archive = $"UPDATE {schema}.streams SET archived = true, updated_at = now() WHERE stream_id = $1 AND version > 0";
    }
}
