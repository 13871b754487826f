using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Es.Bench;

/// <summary>
/// What every database benchmark here reads from its command line and environment: <c>--name value</c>
/// arguments, and the cluster (ES_BENCH_POSTGRES, set by scripts/bench; ES_TEST_POSTGRES; or the
/// private cluster's default address).
/// </summary>
public sealed class BenchArgs(string[] args)
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ES_BENCH_POSTGRES") is { Length: > 0 } b ? b
        : Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } t ? t
        : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";

    public int Int(string name, int fallback) =>
        String(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public bool Flag(string name) => args.Contains(name);
}

/// <summary>Statements a benchmark sends beside the code it measures, with a long timeout (a 1M-event schema is slow to drop).</summary>
public sealed class BenchDb(NpgsqlDataSource dataSource, CancellationToken ct)
{
    public async Task ExecAsync(string sql, CancellationToken token = default)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(token == default ? ct : token);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}

/// <summary>Latency of a call as one client sees it: sequential calls after 10 untimed ones.</summary>
public static class Latency
{
    /// <summary>The value at <paramref name="p"/> (0–1) of an ascending list, nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>
    /// Times up to <paramref name="count"/> calls, or as many as fit in <paramref name="maxSeconds"/>;
    /// each call returns its result's size. Prints p50, p99, max, the calls made and the mean size
    /// (in <paramref name="unit"/>), or what <paramref name="describeLast"/> says of the last size.
    /// </summary>
    public static async Task<string> TimeAsync(int count, Func<int, Task<int>> call, double maxSeconds = double.PositiveInfinity,
        string unit = "rows", Func<int, string>? describeLast = null)
    {
        for (var i = 0; i < 10; i++) await call(i);
        var ms = new List<double>(count);
        var sizes = new List<int>(count);
        var cap = Stopwatch.StartNew();
        for (var i = 0; i < count && cap.Elapsed.TotalSeconds < maxSeconds; i++)
        {
            var start = Stopwatch.GetTimestamp();
            sizes.Add(await call(i));
            ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        ms.Sort();
        var size = describeLast is null ? $"{sizes.Average():N1} {unit} on average" : $"last: {describeLast(sizes[^1])}";
        return $"p50 {Percentile(ms, 0.50),7:N2} ms, p99 {Percentile(ms, 0.99),7:N2} ms, max {ms[^1],7:N1} ms over {ms.Count} calls ({size})";
    }
}

/// <summary>Loading a generated log and reading it back raw, as the rebuild benches do.</summary>
public static class BenchLog
{
    /// <summary>
    /// Bulk appends of 20k events in the log's order; each run of 10 consecutive events is a new
    /// stream (the bulk path's COPY takes new streams only; the projections read event data, not
    /// streams), named so that the stream ids sort in the log's order. Returns how long it took.
    /// </summary>
    public static async Task<TimeSpan> LoadInStreamsOfTenAsync(Es.EventStore.IEventStore store, IReadOnlyList<object> log, CancellationToken ct)
    {
        var load = Stopwatch.StartNew();
        for (var written = 0; written < log.Count;)
        {
            var chunk = Math.Min(20_000, log.Count - written);
            var appends = new List<Es.EventStore.StreamAppend>(chunk / 10 + 1);
            for (var first = written; first < written + chunk; first += 10)
            {
                var stream = new List<Es.EventStore.EventData>(10);
                for (var n = first; n < Math.Min(first + 10, written + chunk); n++) stream.Add(Es.EventStore.EventData.New(log[n]));
                appends.Add(new Es.EventStore.StreamAppend($"c{first / 10:D7}", Es.EventStore.ExpectedVersion.NoStream, stream));
            }
            await store.AppendManyAsync(appends, ct);
            written += chunk;
        }
        return load.Elapsed;
    }

    /// <summary>The raw page read of these event types up to the log's head (RawLogPages): events seen, events/s and how long.</summary>
    public static async Task<(long Seen, double Rate, TimeSpan Elapsed)> RawReadAsync(NpgsqlDataSource dataSource, BenchDb db, string schema,
        string[] storedNames, int batch, int pages, CancellationToken ct)
    {
        var head = await db.ScalarAsync($"SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events");
        var read = Stopwatch.StartNew();
        var seen = await RawLogPages.ReadAsync(dataSource, schema, head, storedNames, batch, pages, ct);
        return (seen, seen / read.Elapsed.TotalSeconds, read.Elapsed);
    }
}
