// Event store benchmark: each of our figures beside the raw Npgsql figure for the same row
// shape on the same cluster, measured in the same run. Not a test: it prints figures.
// Run: scripts/bench eventstore   (or: dotnet run -c Release --project bench/EventStore.Bench; ES_BENCH_ONLY=append,bulk,read picks phases)
// Es's store is Marten's (MartenEventStore); "raw" writes rows of the same shape into a copy of
// Marten's mt_events table (same columns and indexes, seq_id from a sequence, no foreign key to
// mt_streams and no stream row to keep).
using System.Diagnostics;
using System.Text.Json;
using Es.Bench;
using Es.EventStore;
using Marten;
using Npgsql;
using NpgsqlTypes;

var connectionString = BenchArgs.ConnectionString;
var seconds = double.TryParse(Environment.GetEnvironmentVariable("ES_BENCH_SECONDS"), out var s) ? s : 3;
// ES_BENCH_ONLY=append,bulk,read (any of them) runs only those phases.
var phases = (Environment.GetEnvironmentVariable("ES_BENCH_ONLY") is { Length: > 0 } only ? only : "append,bulk,read").Split(',');
var readCount = int.TryParse(Environment.GetEnvironmentVariable("ES_BENCH_READ_EVENTS"), out var r) ? r : 1_000_000;
// A fresh schema per run, dropped at the end (ES_BENCH_KEEP=1 keeps it for a look).
var schema = "es_bench_" + Guid.NewGuid().ToString("N")[..8];
// Marten's append function (its Quick append mode) as its session calls it: one array element per event.
var quickAppend = $"SELECT {schema}.mt_quick_append_events($1, NULL, '*DEFAULT*', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

// Marten opens its own connections from this string; raw Npgsql gets a data source of the same
// string: the same client settings on both sides, prepared statements included.
var sharedSettings = ";Maximum Pool Size=20;Max Auto Prepare=20";
await using var dataSource = NpgsqlDataSource.Create(connectionString + sharedSettings);
var types = new EventTypeRegistry().Register<SaleRecorded>("SaleRecorded");
var options = new EventStoreOptions { Schema = schema };
using var documents = DocumentStore.For(o => EsMarten.Configure(o, connectionString + sharedSettings, types, options));
// As a host runs it: each append raises the daemon's wake-up and notifies other processes (AppendSignal).
await using var signal = new AppendSignal(dataSource, options);
var store = new MartenEventStore(documents, dataSource, types, options, signal);
var results = new List<(string Name, double Ours, double Raw)>();
// Where a single append's time goes: Marten's append function called by hand, autocommitted and in a transaction.
var breakdown = new List<(string Name, double Rate, double Raw)>();
// Where the read's time goes: the raw scan with the payloads deserialised, and Marten's own event query.
var readBreakdown = new List<(string Name, double Rate, double Raw)>();

try
{
    await store.MigrateAsync();
    // Marten takes seq_id from its sequence (nextval per event); the raw table from one of its own.
    await Exec($"CREATE TABLE {schema}.raw_events (LIKE {schema}.mt_events INCLUDING ALL); CREATE SEQUENCE {schema}.raw_events_sequence; "
        + $"ALTER TABLE {schema}.raw_events ALTER seq_id SET DEFAULT nextval('{schema}.raw_events_sequence')");

    var payload = new SaleRecorded("merchant-42", "web", "card-9f8e7d", 129.90m, "EUR", DateTimeOffset.Parse("2026-11-01T10:00:00Z"));
    var metadata = new EventMetadata { Actor = "ingest:bench", CorrelationId = "c-1", CausationId = "m-1", Source = "kafka:sales/0/1" };
    // The row Marten writes for this event, column for column: payload, stored type name, .NET type, headers.
    var payloadJson = JsonSerializer.SerializeToUtf8Bytes(payload, types.Json);
    var storedType = types.InfoOf(typeof(SaleRecorded)).StoredName;
    var dotnetType = $"{typeof(SaleRecorded).FullName}, {typeof(SaleRecorded).Assembly.GetName().Name}";
    var headersJson = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { [EsMarten.SchemaVersionHeader] = 1, [EsMarten.SourceHeader] = metadata.Source! });
    long rawVersion = 0;

    Console.WriteLine($"Es event store benchmark (Marten {typeof(DocumentStore).Assembly.GetName().Version}) — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, "
        + $"{Environment.ProcessorCount} cores, schema {schema}, {seconds}s per timed run; appends and reads: best of 3 alternating rounds, bulk: best of 2");

    // 1 and 4 writers, one event per append, each its own transaction.
    foreach (var writers in phases.Contains("append") ? new[] { 1, 4 } : [])
    {
        var best = await AlternateAll(
            () => Rate(writers, async (w, i) =>
                await store.AppendAsync($"sale-{w}-{i % 500}", ExpectedVersion.Any, [EventData.New(payload)], metadata)),
            () => Rate(writers, async (w, i) =>
            {
                await using var cmd = dataSource.CreateCommand(RawInsert(1));
                AddRawRow(cmd);
                await cmd.ExecuteNonQueryAsync();
            }),
            // Marten's own statement for this append (the stream row and the event), one round trip, autocommitted.
            () => Rate(writers, async (w, i) =>
            {
                await using var cmd = dataSource.CreateCommand(quickAppend);
                AddQuickAppend(cmd, $"fn-{w}-{i % 500}");
                await cmd.ExecuteNonQueryAsync();
            }),
            // The same in a transaction, as Marten's session sends it: BEGIN with the statement, then COMMIT.
            () => Rate(writers, async (w, i) =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var tx = await connection.BeginTransactionAsync();
                await using var cmd = new NpgsqlCommand(quickAppend, connection, tx);
                AddQuickAppend(cmd, $"fntx-{w}-{i % 500}");
                await cmd.ExecuteNonQueryAsync();
                await tx.CommitAsync();
            }));
        results.Add(($"single-event append, {writers} writer(s), vs one INSERT per tx", best[0], best[1]));
        breakdown.Add(($"{writers} writer(s): Marten's append function, autocommitted (1 round trip)", best[2], best[1]));
        breakdown.Add(($"{writers} writer(s): the same in BEGIN … COMMIT (2 round trips, as a session)", best[3], best[1]));
    }

    // Batches of 100 events per append (a new stream each) vs one 100-row INSERT.
    if (phases.Contains("append"))
    {
        var best = await AlternateAll(
            async () => 100 * await Rate(1, async (w, i) =>
                await store.AppendAsync($"batch-{Guid.NewGuid():N}", ExpectedVersion.NoStream,
                    Enumerable.Range(0, 100).Select(_ => EventData.New(payload)).ToList(), metadata)),
            async () => 100 * await Rate(1, async (w, i) =>
            {
                await using var cmd = dataSource.CreateCommand(RawInsert(100));
                for (var k = 0; k < 100; k++) AddRawRow(cmd);
                await cmd.ExecuteNonQueryAsync();
            }),
            // Marten's append function with the 100 events, in BEGIN … COMMIT as its session sends it.
            async () => 100 * await Rate(1, async (w, i) =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var tx = await connection.BeginTransactionAsync();
                await using var cmd = new NpgsqlCommand(quickAppend, connection, tx);
                AddQuickAppend(cmd, $"fnbatch-{Guid.NewGuid():N}", 100);
                await cmd.ExecuteNonQueryAsync();
                await tx.CommitAsync();
            }));
        results.Add(("append of 100 events vs one 100-row INSERT", best[0], best[1]));
        breakdown.Add(("100 events: Marten's append function in BEGIN … COMMIT (its per-event loop)", best[2], best[1]));
    }

    // Bulk append of 100k events over 10k new streams (Marten's COPY path) vs raw binary COPY of 100k rows.
    if (phases.Contains("bulk"))
    {
        const int n = 100_000;
        var ours = await Best(async () =>
        {
            var parts = NewStreams("bulk", n);
            var sw = Stopwatch.StartNew();
            await store.AppendManyAsync(parts);
            return n / sw.Elapsed.TotalSeconds;
        });
        var raw = await Best(async () =>
        {
            var sw = Stopwatch.StartNew();
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var writer = await connection.BeginBinaryImportAsync(
                $"COPY {schema}.raw_events (id, stream_id, version, data, type, timestamp, mt_dotnet_type, headers, correlation_id, causation_id, user_name) FROM STDIN (FORMAT BINARY)");
            var stream = $"rawbulk-{Guid.NewGuid():N}";
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < n; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await writer.WriteAsync(stream, NpgsqlDbType.Varchar);
                await writer.WriteAsync((long)i + 1, NpgsqlDbType.Bigint);
                await writer.WriteAsync(payloadJson, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(storedType, NpgsqlDbType.Varchar);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(dotnetType, NpgsqlDbType.Varchar);
                await writer.WriteAsync(headersJson, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(metadata.CorrelationId!, NpgsqlDbType.Varchar);
                await writer.WriteAsync(metadata.CausationId!, NpgsqlDbType.Varchar);
                await writer.WriteAsync(metadata.Actor!, NpgsqlDbType.Varchar);
            }
            await writer.CompleteAsync();
            return n / sw.Elapsed.TotalSeconds;
        });
        results.Add(("bulk append of 100k events over 10k streams vs binary COPY", ours, raw));
    }

    // Reading the log in order: top the store up to readCount events, then read it all, 10,000 a
    // page (QueryEventsAsync with AfterSequence: Es's row reader, payloads deserialised) vs a raw keyset scan of the same columns.
    if (phases.Contains("read"))
    {
        var have = await Scalar($"SELECT count(*) FROM {schema}.mt_events");
        for (var missing = readCount - have; missing > 0; missing -= 100_000)
            await store.AppendManyAsync(NewStreams("fill", (int)Math.Min(missing, 100_000)));
        await Exec($"VACUUM ANALYZE {schema}.mt_events");
        var total = await Scalar($"SELECT count(*) FROM {schema}.mt_events");

        var best = await AlternateAll(async () =>
        {
            var sw = Stopwatch.StartNew();
            long after = 0, count = 0;
            while (true)
            {
                var page = await store.QueryEventsAsync(new EventQuery { AfterSequence = after, Limit = 10_000 });
                if (page.Count == 0) break;
                count += page.Count;
                after = page[^1].Sequence;
            }
            if (count != total) throw new InvalidOperationException($"read {count} of {total}");
            return count / sw.Elapsed.TotalSeconds;
        },
        () => RawScan(null),
        // The raw scan that also turns each payload into its type, as Es's read does (System.Text.Json, Es's options).
        () => RawScan(json => JsonSerializer.Deserialize<SaleRecorded>(json, types.Json)),
        // Marten's own event query, as Es read the log before (its full event object per row).
        async () =>
        {
            var sw = Stopwatch.StartNew();
            long after = 0, count = 0;
            await using var session = documents.QuerySession();
            while (true)
            {
                var page = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(10_000).ToListAsync();
                if (page.Count == 0) break;
                count += page.Count;
                after = page[^1].Sequence;
            }
            return count / sw.Elapsed.TotalSeconds;
        });
        results.Add(($"read {total / 1000}k events in log order vs raw keyset scan", best[0], best[1]));
        readBreakdown.Add(("raw keyset scan that also deserialises each payload", best[2], best[1]));
        readBreakdown.Add(("Es's read against that", best[0], best[2]));
        readBreakdown.Add(("Marten's own event query (QueryAllRawEvents, Es's read before)", best[3], best[1]));
    }

    Console.WriteLine();
    Console.WriteLine($"| {"measure",-60} | {"Es",12} | {"raw Npgsql",12} | {"Es/raw",6} |");
    Console.WriteLine($"|{new string('-', 62)}|{new string('-', 14)}|{new string('-', 14)}|{new string('-', 8)}|");
    foreach (var (name, ours, raw) in results)
        Console.WriteLine($"| {name,-60} | {ours,12:N0} | {raw,12:N0} | {ours / raw,6:P0} |");
    Console.WriteLine("(figures in events/s)");
    Console.WriteLine();
    Console.WriteLine("Where a single append's time goes (same rounds, same raw INSERT):");
    Console.WriteLine($"| {"step",-78} | {"events/s",9} | {"of raw",6} |");
    Console.WriteLine($"|{new string('-', 80)}|{new string('-', 11)}|{new string('-', 8)}|");
    foreach (var (name, rate, raw) in breakdown) Console.WriteLine($"| {name,-78} | {rate,9:N0} | {rate / raw,6:P0} |");
    Console.WriteLine();
    Console.WriteLine("Where the read's time goes (same rounds; each ratio is to the line's own reference):");
    Console.WriteLine($"| {"read",-78} | {"events/s",9} | {"ratio",6} |");
    Console.WriteLine($"|{new string('-', 80)}|{new string('-', 11)}|{new string('-', 8)}|");
    foreach (var (name, rate, raw) in readBreakdown) Console.WriteLine($"| {name,-78} | {rate,9:N0} | {rate / raw,6:P0} |");

    List<StreamAppend> NewStreams(string prefix, int events) =>
        Enumerable.Range(0, (events + 9) / 10).Select(_ => new StreamAppend($"{prefix}-{Guid.NewGuid():N}", ExpectedVersion.NoStream,
            Enumerable.Range(0, 10).Select(_ => EventData.New(payload)).ToList(), metadata)).ToList();

    // A keyset scan of the 14 columns of Marten's rows, 10,000 a page; each payload handed to `payload` if given.
    async Task<double> RawScan(Func<byte[], object?>? payload)
    {
        var sw = Stopwatch.StartNew();
        long last = 0, count = 0;
        await using var connection = await dataSource.OpenConnectionAsync();
        while (true)
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived, headers, correlation_id, causation_id, user_name FROM {schema}.mt_events WHERE seq_id > $1 ORDER BY seq_id LIMIT 10000", connection);
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = last });
            await using var reader = await cmd.ExecuteReaderAsync();
            var k = 0;
            while (await reader.ReadAsync())
            {
                last = reader.GetInt64(0);
                _ = reader.GetGuid(1); _ = reader.GetString(2); _ = reader.GetInt64(3);
                var data = reader.GetFieldValue<byte[]>(4);
                if (payload is not null) _ = payload(data);
                _ = reader.GetString(5); _ = reader.GetFieldValue<DateTimeOffset>(6); _ = reader.GetString(7); _ = reader.GetString(8);
                _ = reader.GetBoolean(9); _ = reader.GetFieldValue<byte[]>(10); _ = reader.GetString(11); _ = reader.GetString(12); _ = reader.GetString(13);
                k++;
            }
            count += k;
            if (k == 0) break;
        }
        return count / sw.Elapsed.TotalSeconds;
    }

    // The arguments Marten's session passes for n events of this bench's payload and metadata.
    void AddQuickAppend(NpgsqlCommand cmd, string stream, int n = 1)
    {
        string[] Repeat(string value) => Enumerable.Repeat(value, n).ToArray();
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = Enumerable.Range(0, n).Select(_ => Guid.CreateVersion7()).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Repeat(storedType), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Repeat(dotnetType), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        cmd.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = Enumerable.Repeat(payloadJson, n).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter<byte[]?[]> { TypedValue = new byte[]?[n], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Repeat(metadata.CausationId!), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Repeat(metadata.CorrelationId!), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        cmd.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = Enumerable.Repeat(headersJson, n).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Repeat(metadata.Actor!), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = Enumerable.Repeat(DateTimeOffset.UtcNow, n).ToArray() });
    }


    void AddRawRow(NpgsqlCommand cmd)
    {
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "raw" });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Interlocked.Increment(ref rawVersion) });
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payloadJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = storedType });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = dotnetType });
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = headersJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = metadata.CorrelationId! });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = metadata.CausationId! });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = metadata.Actor! });
    }
}
finally
{
    if (Environment.GetEnvironmentVariable("ES_BENCH_KEEP") != "1") await Exec($"DROP SCHEMA IF EXISTS {schema} CASCADE");
    else Console.WriteLine($"kept schema {schema}");
}
return;

async Task<double> Best(Func<Task<double>> run) => Math.Max(await run(), await run());

// The disk's flush latency drifts over seconds: each side's best of 3 rounds that take the sides in turn.
async Task<double[]> AlternateAll(params Func<Task<double>>[] sides)
{
    var best = new double[sides.Length];
    for (var round = 0; round < 3; round++)
        for (var k = 0; k < sides.Length; k++) best[k] = Math.Max(best[k], await sides[k]());
    return best;
}


// Runs `op` from `writers` concurrent loops for the configured time; returns operations per second.
async Task<double> Rate(int writers, Func<int, long, Task> op)
{
    var stop = Stopwatch.StartNew();
    long total = 0;
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        long i = 0;
        while (stop.Elapsed.TotalSeconds < seconds) await op(w, i++);
        Interlocked.Add(ref total, i);
    })));
    return total / stop.Elapsed.TotalSeconds;
}

// The columns Marten's append writes; seq_id (nextval), tenant_id and is_archived take the table's defaults, timestamp now().
string RawInsert(int rows) =>
    $"INSERT INTO {schema}.raw_events (id, stream_id, version, data, type, timestamp, mt_dotnet_type, headers, correlation_id, causation_id, user_name) VALUES "
    + string.Join(", ", Enumerable.Range(0, rows).Select(k =>
        $"(${k * 10 + 1}, ${k * 10 + 2}, ${k * 10 + 3}, ${k * 10 + 4}, ${k * 10 + 5}, now(), ${k * 10 + 6}, ${k * 10 + 7}, ${k * 10 + 8}, ${k * 10 + 9}, ${k * 10 + 10})"));

async Task Exec(string sql)
{
    await using var cmd = dataSource.CreateCommand(sql);
    await cmd.ExecuteNonQueryAsync();
}

async Task<long> Scalar(string sql)
{
    await using var cmd = dataSource.CreateCommand(sql);
    return Convert.ToInt64(await cmd.ExecuteScalarAsync());
}

public sealed record SaleRecorded(string MerchantId, string Platform, string CardToken, decimal Amount, string Currency, DateTimeOffset ApprovedAt);
