using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Events.Archiving;
using Marten.Exceptions;
using ExistingStreamIdCollisionException = Marten.Exceptions.ExistingStreamIdCollisionException;
using Npgsql;
using NpgsqlTypes;

namespace Es.EventStore;

/// <summary>
/// Es's event store on Marten. Marten writes and reads the events; this adds what Es promises
/// on top: stable names and schema versions, metadata from the caller (never from input), typed
/// expected-version conflicts with the actual version, idempotent appends (event ids already
/// stored are answered with the original result), all-or-nothing bulk appends, readable archived
/// streams, and audit queries. Thread-safe; one per process.
/// </summary>
public sealed class MartenEventStore(IDocumentStore store, NpgsqlDataSource dataSource, EventTypeRegistry types, EventStoreOptions options,
    AppendSignal? signal = null) : IEventStore
{
    private const int MaxStreamIdLength = 500;
    private readonly Sql _sql = new(options.Schema);
    private readonly EventRows _rows = new(store, types);

    public IDocumentStore Store => store;
    public EventTypeRegistry Types => types;
    public EventStoreOptions Options => options;
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Raised after every append that wrote events; the projection daemon waits on it (null: nobody is told, the daemon polls).</summary>
    public AppendSignal? Signal => signal;

    /// <summary>Creates or updates Marten's schema and Es's indexes. Safe when several processes start at once.</summary>
    /// <summary>The type Marten stores its tombstones under (events of its own that fill a failed append's sequence numbers).</summary>
    internal const string TombstoneType = "tombstone";

    public Task MigrateAsync(CancellationToken ct = default) => EsMarten.MigrateAsync(store, dataSource, options.Schema, ct);

    public async Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events,
        EventMetadata? metadata = null, CancellationToken ct = default)
    {
        CheckStreamId(streamId);
        if (events is null || events.Count == 0) throw new InvalidAppendException($"An append to '{streamId}' must carry at least one event.");
        CheckEvents(events);
        var part = new StreamAppend(streamId, expected, events, metadata);
        try
        {
            // An append is optimistic: a replay of stored ids shows up as a refusal (a conflict or the
            // unique event id), and only then is it looked for.
            for (var attempt = 0; ; attempt++)
            {
                if (expected.IsStreamExists && await VersionOfAsync(streamId, ct) == 0) return await RefusedAsync(part, ct);
                await using var session = OpenSession(metadata);
                var queued = Queue(session, part);
                try
                {
                    await session.SaveChangesAsync(ct);
                    signal?.Appended();
                    return Written(part.StreamId, queued);
                }
                catch (Exception ex) when (IsConflict(ex))
                {
                    // "Any" and "stream exists" name no version: a racer that took the next version
                    // first is no conflict for them, so they go again on top of it. Other expectations are final.
                    if ((expected.IsAny || expected.IsStreamExists) && attempt < MaxAttempts && await ReplayOfAsync(part, ct) is null)
                    {
                        await BackOffAsync(attempt, ct);
                        continue;
                    }
                    return await RefusedAsync(part, ct);
                }
            }
        }
        catch (Exception ex) when (Unavailable(ex) is { } inner)
        {
            throw new EventStoreUnavailableException($"Append to '{streamId}' failed: {inner.Message}", inner);
        }
    }

    public async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Count == 0) return [];
        var total = 0;
        foreach (var a in appends)
        {
            CheckStreamId(a.StreamId);
            if (a.Events is null || a.Events.Count == 0) throw new InvalidAppendException($"A bulk part for '{a.StreamId}' carries no events.");
            CheckEvents(a.Events);
            total += a.Events.Count;
        }
        if (total > options.MaxBulkEvents) throw new InvalidAppendException($"A bulk append of {total} events exceeds the limit of {options.MaxBulkEvents}.");
        if (appends.SelectMany(a => a.Events).Select(e => e.EventId).Distinct().Count() != total)
            throw new InvalidAppendException("A bulk append carries an event id twice.");

        try
        {
            for (var attempt = 0; ; attempt++)
            {
                // Parts already stored (a redelivered batch, stopped halfway) are answered, not written again.
                var stored = await StoredAsync(appends.SelectMany(a => a.Events).Select(e => e.EventId).ToArray(), ct);
                var results = new AppendResult?[appends.Count];
                var pending = new List<int>();
                for (var i = 0; i < appends.Count; i++)
                {
                    var replay = ReplayFrom(appends[i], stored);
                    if (replay is not null) results[i] = replay;
                    else pending.Add(i);
                }
                if (pending.Count == 0) return results!;
                var parts = pending.Select(i => appends[i]).ToList();
                var versions = await VersionsAsync(parts.Select(p => p.StreamId).Distinct(StringComparer.Ordinal).ToArray(), ct);
                CheckExpectations(parts, versions);
                try
                {
                    var written = CanCopy(parts) ? await CopyNewStreamsAsync(parts, ct) : await WriteInOneSessionAsync(parts, versions, ct);
                    signal?.Appended();
                    for (var k = 0; k < pending.Count; k++) results[pending[k]] = written[k];
                    return results!;
                }
                catch (Exception ex) when ((IsConflict(ex) || IsDeadlock(ex)) && attempt < MaxAttempts)
                {
                    // A racer moved a stream (or stored some of these ids) after the check: the next
                    // round answers the stored parts and names every expectation that no longer holds.
                    await BackOffAsync(attempt, ct);
                }
            }
        }
        catch (Exception ex) when (Unavailable(ex) is { } inner)
        {
            throw new EventStoreUnavailableException($"Bulk append of {appends.Count} streams failed: {inner.Message}", inner);
        }
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, StreamReadOptions? readOptions = null, CancellationToken ct = default)
    {
        CheckStreamId(streamId);
        readOptions ??= new StreamReadOptions();
        await using var session = store.QuerySession();
        // Marten hides archived events from its stream reads; Es keeps archived streams readable.
        var query = session.Events.QueryAllRawEvents().Where(e => e.StreamKey == streamId && e.MaybeArchived() && e.Version >= readOptions.FromVersion);
        if (readOptions.ToVersion is { } to) query = query.Where(e => e.Version <= to);
        if (readOptions.ToInstant is { } instant)
        {
            var utc = instant.ToUniversalTime(); // Npgsql writes timestamptz from UTC offsets only
            query = query.Where(e => e.Timestamp <= utc);
        }
        query = query.OrderBy(e => e.Version);
        if (readOptions.MaxCount is { } max) query = query.Take(max);
        var events = await ReadAsync(() => query.ToListAsync(ct));
        return await RecordedAsync(events, ct);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<RecordedEvent>>> ReadStreamsAsync(IReadOnlyCollection<string> streamIds,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(streamIds);
        var ids = streamIds.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var id in ids) CheckStreamId(id);
        var read = new Dictionary<string, IReadOnlyList<RecordedEvent>>(ids.Length, StringComparer.Ordinal);
        if (ids.Length == 0) return read;
        await using var session = store.QuerySession();
        // One query for all of them (stream_id = ANY), archived streams included as in ReadStreamAsync.
        var events = await ReadAsync(() => session.Events.QueryAllRawEvents()
            .Where(e => ids.Contains(e.StreamKey) && e.MaybeArchived())
            .OrderBy(e => e.StreamKey).ThenBy(e => e.Version).ToListAsync(ct));
        var recorded = await RecordedAsync(events, ct);
        foreach (var group in recorded.GroupBy(e => e.StreamId, StringComparer.Ordinal)) read[group.Key] = group.ToList();
        foreach (var id in ids) read.TryAdd(id, []);
        return read;
    }

    public async Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken ct = default)
    {
        CheckStreamId(streamId);
        await using var session = store.QuerySession();
        var state = await session.Events.FetchStreamStateAsync(streamId, ct);
        return state is null || state.Version == 0
            ? null
            : new StreamInfo(streamId, state.Version, state.IsArchived, state.Created, state.LastTimestamp);
    }

    public async Task ArchiveStreamAsync(string streamId, CancellationToken ct = default)
    {
        CheckStreamId(streamId);
        // Marten archives a missing stream without a word; Es says it does not exist.
        if (await VersionOfAsync(streamId, ct) == 0) throw new InvalidAppendException($"Stream '{streamId}' does not exist; there is nothing to archive.");
        await using var session = store.LightweightSession();
        session.Events.ArchiveStream(streamId);
        await session.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(IReadOnlyList<long> sequences, CancellationToken ct = default)
    {
        if (sequences.Count == 0) return [];
        var wanted = sequences.Distinct().ToArray();
        await using var session = store.QuerySession();
        var events = await ReadAsync(() => session.Events.QueryAllRawEvents()
            .Where(e => e.MaybeArchived() && wanted.Contains(e.Sequence) && e.EventTypeName != TombstoneType).OrderBy(e => e.Sequence).ToListAsync(ct));
        return await RecordedAsync(events, ct);
    }

    public async Task<IReadOnlyList<RecordedEvent>> QueryEventsAsync(EventQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 10_000) throw new ArgumentOutOfRangeException(nameof(query), "An event query's limit must be 1..10000.");
        // Read past Marten's event objects (EventRows): the log scan at about three times Marten's rate.
        // Archived streams' events included; not Marten's tombstones (placeholders it writes over the
        // sequence numbers of a failed append). Each filter has its index (EsMarten.AuditIndexes).
        var parameters = new List<NpgsqlParameter> { new NpgsqlParameter<long> { TypedValue = query.AfterSequence } };
        var sql = new System.Text.StringBuilder($"SELECT {EventRows.Columns} FROM {options.Schema}.mt_events WHERE seq_id > $1 AND type <> '{TombstoneType}'");
        void Where(string condition, NpgsqlParameter value)
        {
            parameters.Add(value);
            sql.Append(" AND ").Append(condition.Replace("@", "$" + parameters.Count));
        }
        if (query.Actor is { } actor) Where("user_name = @", new NpgsqlParameter<string> { TypedValue = actor });
        if (query.CorrelationId is { } correlation) Where("correlation_id = @", new NpgsqlParameter<string> { TypedValue = correlation });
        if (query.StreamId is { } stream) Where("stream_id = @", new NpgsqlParameter<string> { TypedValue = stream });
        if (query.EventType is { } type)
        {
            // Every schema version of the type: each is stored under its own name.
            var stored = types.TryGetByName(type, out var info)
                ? Enumerable.Range(1, info.SchemaVersion).Select(v => EventTypeRegistry.StoredName(info.Name, v)).ToArray()
                : [type];
            Where("type = ANY (@)", new NpgsqlParameter<string[]> { TypedValue = stored, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        }
        if (query.RecordedFrom?.ToUniversalTime() is { } from) Where("timestamp >= @", new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        if (query.RecordedTo?.ToUniversalTime() is { } until) Where("timestamp <= @", new NpgsqlParameter<DateTimeOffset> { TypedValue = until });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
        var text = sql.Append(" ORDER BY seq_id LIMIT $").Append(parameters.Count).ToString();
        // A read is safe to repeat: like Marten's own reads (its resilience pipeline), a connection the
        // server dropped (a restart, a terminated backend) is retried on a fresh one, a few times.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var cmd = dataSource.CreateCommand(text);
                foreach (var p in parameters) cmd.Parameters.Add(p.Clone());
                var events = new List<RecordedEvent>(Math.Min(query.Limit, 1_000));
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) events.Add(_rows.Read(r, deferPayload: false));
                return events;
            }
            catch (Exception ex) when (Unavailable(ex) is { } inner)
            {
                if (attempt >= ReadAttempts) throw new EventStoreUnavailableException($"Reading events failed: {inner.Message}", inner);
                // The pool's other idle connections were likely dropped with this one.
                dataSource.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct);
            }
        }
    }

    private const int ReadAttempts = 4;

    private IDocumentSession OpenSession(EventMetadata? metadata)
    {
        var session = store.LightweightSession();
        if (metadata is null) return session;
        session.CorrelationId = metadata.CorrelationId;
        session.CausationId = metadata.CausationId;
        session.LastModifiedBy = metadata.Actor;
        return session;
    }

    // Marten's Append takes the stream's version AFTER the append as its expectation.
    // "Stream exists" was checked just before; streams are never deleted, so it appends as "any" does.
    private IEvent[] Queue(IDocumentSession session, StreamAppend part)
    {
        var events = part.Events.Select(e => Build(session, e, part.Metadata)).ToArray();
        var expected = part.ExpectedVersion;
        if (expected.IsNoStream) session.Events.StartStream(part.StreamId, events);
        else if (expected.IsExact) session.Events.Append(part.StreamId, expected.Value + events.Length, events);
        else session.Events.Append(part.StreamId, events);
        return events;
    }

    // Bounded retries of an append that lost a race it is allowed to lose, spread out so racers do not meet again.
    private const int MaxAttempts = 50;

    private static Task BackOffAsync(int attempt, CancellationToken ct) =>
        Task.Delay(Random.Shared.Next(1, 2 + Math.Min(attempt, 10) * 3), ct);

    private IEvent Build(IDocumentSession session, EventData data, EventMetadata? metadata)
    {
        var info = types.InfoOf(data.Data.GetType());
        var e = session.Events.BuildEvent(data.Data);
        e.Id = data.EventId;
        e.SetHeader(EsMarten.SchemaVersionHeader, info.SchemaVersion);
        if (metadata?.Source is { } source) e.SetHeader(EsMarten.SourceHeader, source);
        return e;
    }

    // Marten clears the session's pending changes on save; the events it wrote carry their version and sequence.
    private static AppendResult Written(string streamId, IEvent[] events) =>
        new(streamId, events[^1].Version, events.Select(e => e.Sequence).ToArray(), AlreadyStored: false);

    // Marten's COPY path is for streams that do not exist yet, each named once; it bypasses inline
    // projections, so a store that has any (rich append, see AddProjections) writes through a session.
    private bool CanCopy(IReadOnlyList<StreamAppend> parts) =>
        store.Options.Events.AppendMode != EventAppendMode.Rich
        && parts.All(p => p.ExpectedVersion.IsNoStream)
        && parts.Select(p => p.StreamId).Distinct(StringComparer.Ordinal).Count() == parts.Count;

    /// <summary>
    /// One session, one transaction: each stream's parts become one Marten stream action that
    /// expects the stream where the check found it, so a racer makes the whole save fail.
    /// </summary>
    private async Task<IReadOnlyList<AppendResult>> WriteInOneSessionAsync(IReadOnlyList<StreamAppend> parts,
        Dictionary<string, long> versions, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var byStream = new Dictionary<string, List<IEvent>>(StringComparer.Ordinal);
        var order = new List<string>();
        var built = new List<IEvent[]>(parts.Count);
        foreach (var part in parts)
        {
            var events = BuildStamped(session, part);
            built.Add(events);
            if (!byStream.TryGetValue(part.StreamId, out var all))
            {
                byStream.Add(part.StreamId, all = []);
                order.Add(part.StreamId);
            }
            all.AddRange(events);
        }
        // Streams in id order, so two bulk appends that share streams lock their rows in the same
        // order and wait for each other instead of deadlocking.
        order.Sort(StringComparer.Ordinal);
        foreach (var stream in order)
        {
            var events = byStream[stream].ToArray();
            var current = versions.GetValueOrDefault(stream);
            if (current == 0) session.Events.StartStream(stream, events);
            else session.Events.Append(stream, current + events.Length, events);
        }
        await session.SaveChangesAsync(ct);
        return parts.Select((p, i) => new AppendResult(p.StreamId, built[i][^1].Version, built[i].Select(e => e.Sequence).ToArray(), false)).ToList();
    }

    private async Task<IReadOnlyList<AppendResult>> CopyNewStreamsAsync(IReadOnlyList<StreamAppend> parts, CancellationToken ct)
    {
        var actions = new List<StreamAction>(parts.Count);
        await using (var session = store.LightweightSession())
        {
            foreach (var part in parts)
            {
                var events = BuildStamped(session, part);
                foreach (var e in events) e.Timestamp = DateTimeOffset.UtcNow;
                actions.Add(StreamAction.Start(((DocumentStore)store).Events, part.StreamId, events));
            }
        }
        await store.BulkInsertEventsAsync(actions, options.BulkBatchSize, ct);
        return actions.Select(a => new AppendResult(a.Key!, a.Events[^1].Version, a.Events.Select(e => e.Sequence).ToArray(), false)).ToList();
    }

    // A bulk append carries metadata per part, not per session: stamp it on each event.
    private IEvent[] BuildStamped(IDocumentSession session, StreamAppend part)
    {
        var events = part.Events.Select(e => Build(session, e, part.Metadata)).ToArray();
        foreach (var e in events)
        {
            e.CorrelationId = part.Metadata?.CorrelationId;
            e.CausationId = part.Metadata?.CausationId;
            e.UserName = part.Metadata?.Actor;
        }
        return events;
    }

    // Each part's expectation is checked against where the parts before it leave its stream; a part
    // for an archived stream refuses the whole bulk.
    private static void CheckExpectations(IReadOnlyList<StreamAppend> parts, Dictionary<string, long> versions)
    {
        if (parts.FirstOrDefault(p => versions.ContainsKey(p.StreamId + "\0archived")) is { } archived)
            throw new StreamArchivedException(archived.StreamId);
        var running = new Dictionary<string, long>(StringComparer.Ordinal);
        var conflicts = new List<WrongExpectedVersionException>();
        foreach (var p in parts)
        {
            var at = running.TryGetValue(p.StreamId, out var v) ? v : versions.GetValueOrDefault(p.StreamId);
            if (!p.ExpectedVersion.IsSatisfiedBy(at)) conflicts.Add(new WrongExpectedVersionException(p.StreamId, p.ExpectedVersion, at));
            running[p.StreamId] = at + p.Events.Count;
        }
        if (conflicts.Count > 0) throw new BulkAppendConflictException(conflicts);
    }

    // After a refusal: the original result when every id is stored already, else the typed conflict.
    private async Task<AppendResult> RefusedAsync(StreamAppend part, CancellationToken ct)
    {
        if (await ReplayOfAsync(part, ct) is { } replay) return replay;
        var state = await GetStreamAsync(part.StreamId, ct);
        if (state is { Archived: true }) throw new StreamArchivedException(part.StreamId);
        throw new WrongExpectedVersionException(part.StreamId, part.ExpectedVersion, state?.Version ?? 0);
    }

    private async Task<AppendResult?> ReplayOfAsync(StreamAppend part, CancellationToken ct) =>
        ReplayFrom(part, await StoredAsync(part.Events.Select(e => e.EventId).ToArray(), ct));

    private static AppendResult? ReplayFrom(StreamAppend part, IReadOnlyDictionary<Guid, (string Stream, long Version, long Sequence)> stored)
    {
        var found = 0;
        foreach (var e in part.Events)
            if (stored.TryGetValue(e.EventId, out var s) && s.Stream == part.StreamId) found++;
        if (found == 0) return null;
        if (found < part.Events.Count)
            throw new InvalidAppendException($"Some but not all events of this append to '{part.StreamId}' are stored already; an append is replayed whole or not at all.");
        var rows = part.Events.Select(e => stored[e.EventId]).ToList();
        return new AppendResult(part.StreamId, rows.Max(r => r.Version), rows.Select(r => r.Sequence).ToArray(), AlreadyStored: true);
    }

    // Marten may still load an event whose CLR type it finds by its stored .NET name though Es does not
    // register it; then its EventTypeName is Marten's default alias, so the error names the stored one.
    private async Task<IReadOnlyList<RecordedEvent>> RecordedAsync(IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        try
        {
            return events.Select(e => RecordedEvent.From(e, types)).ToList();
        }
        catch (UnknownEventTypeException)
        {
            // Only now, on the error path, is the stored name looked up.
        }
        var unknown = events.First(e => !types.TryGetByType(e.EventType, out _));
        await using var cmd = dataSource.CreateCommand(_sql.StoredType);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = unknown.Sequence });
        var stored = await cmd.ExecuteScalarAsync(ct) as string ?? unknown.EventTypeName;
        throw new UnknownEventTypeException(RecordedEvent.UnknownTypeMessage(stored, unknown));
    }

    private async Task<IReadOnlyDictionary<Guid, (string Stream, long Version, long Sequence)>> StoredAsync(Guid[] ids, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(_sql.StoredIds);
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        var found = new Dictionary<Guid, (string, long, long)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found[r.GetGuid(0)] = (r.GetString(1), r.GetInt64(2), r.GetInt64(3));
        return found;
    }

    private async Task<long> VersionOfAsync(string streamId, CancellationToken ct) =>
        (await VersionsAsync([streamId], ct)).GetValueOrDefault(streamId);

    // A stream's version, and a marker key for archived ones (they take no events whatever the version).
    private async Task<Dictionary<string, long>> VersionsAsync(string[] streamIds, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(_sql.Versions);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streamIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            versions[r.GetString(0)] = r.GetInt64(1);
            if (r.GetBoolean(2)) versions[r.GetString(0) + "\0archived"] = 1;
        }
        return versions;
    }

    private void CheckEvents(IReadOnlyList<EventData> events)
    {
        var ids = new HashSet<Guid>();
        foreach (var e in events)
        {
            if (e?.Data is null) throw new InvalidAppendException("An event to append is null.");
            if (!ids.Add(e.EventId)) throw new InvalidAppendException($"Event id {e.EventId} appears twice in one append.");
            var info = types.InfoOf(e.Data.GetType());
            var bytes = JsonSerializer.SerializeToUtf8Bytes(e.Data, info.ClrType, types.Json).Length;
            if (bytes > options.MaxEventBytes) throw new EventTooLargeException(e.EventId, bytes, options.MaxEventBytes);
        }
    }

    private static void CheckStreamId(string streamId)
    {
        if (string.IsNullOrWhiteSpace(streamId)) throw new InvalidAppendException("A stream id must not be empty.");
        if (streamId.Length > MaxStreamIdLength) throw new InvalidAppendException($"A stream id is at most {MaxStreamIdLength} characters.");
    }

    // The whole transaction was rolled back: safe to go again.
    private static bool IsDeadlock(Exception ex) => ex switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected } => true,
        _ => ex.InnerException is { } inner && IsDeadlock(inner),
    };

    private static bool IsConflict(Exception ex) => ex switch
    {
        EventStreamUnexpectedMaxEventIdException or ExistingStreamIdCollisionException or InvalidStreamOperationException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => ex.InnerException is { } inner && IsConflict(inner),
    };

    private static Exception? Unavailable(Exception ex) => ex switch
    {
        EventStoreException => null,
        NpgsqlException { IsTransient: true } or NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException } => ex,
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "08006" or "08003" } => ex,
        _ => ex.InnerException is { } inner ? Unavailable(inner) : null,
    };

    private async Task<IReadOnlyList<IEvent>> ReadAsync(Func<Task<IReadOnlyList<IEvent>>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is not EventStoreException && Inner<EventStoreException>(ex) is { } ours)
        {
            // Es's own error (an upcaster step missing, say) raised inside Marten's deserialisation: as it is.
            throw ours;
        }
        catch (Exception ex) when (ex is not EventStoreException && UnknownType(ex) is { } message)
        {
            throw new UnknownEventTypeException(message);
        }
        catch (Exception ex) when (Unavailable(ex) is { } inner)
        {
            throw new EventStoreUnavailableException($"Reading events failed: {inner.Message}", inner);
        }
    }

    private static T? Inner<T>(Exception ex) where T : Exception =>
        ex.InnerException switch { T t => t, { } inner => Inner<T>(inner), null => null };

    private static string? UnknownType(Exception ex) =>
        ex.GetType().Name.Contains("UnknownEventType", StringComparison.Ordinal) ? ex.Message
        : ex.InnerException is { } inner ? UnknownType(inner) : null;

    private sealed class Sql(string schema)
    {
        public readonly string StoredIds = $"SELECT id, stream_id, version, seq_id FROM {schema}.mt_events WHERE id = ANY ($1)";
        public readonly string StoredType = $"SELECT type FROM {schema}.mt_events WHERE seq_id = $1";
        public readonly string Versions = $"SELECT id, version, is_archived FROM {schema}.mt_streams WHERE id = ANY ($1)";
    }
}
