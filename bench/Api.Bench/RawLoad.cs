using System.Diagnostics;

namespace Es.Api.Bench;

/// <summary>A closed-loop run in this process: requests, how long, latency percentiles (µs), failures.</summary>
internal sealed record RawSummary(long Requests, double Seconds, long P50Us, long P99Us, long MaxUs, long Failures)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// The raw side's load: <c>connections</c> workers, each running an operation again as soon as the
/// last one finished (closed loop, as wrk's connections do), or <c>pauseMs</c> after it (paced, as
/// post.lua's delay), for a fixed time.
/// </summary>
internal static class RawLoad
{
    public static async Task<RawSummary> RunAsync(int connections, double seconds, Func<CancellationToken, Task> operation, int pauseMs = 0)
    {
        var samples = new List<long>[connections];
        var failures = 0L;
        using var stop = new CancellationTokenSource();
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(seconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var mine = new List<long>(16_384);
            samples[w] = mine;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                if (pauseMs > 0) await Task.Delay(pauseMs);
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await operation(stop.Token);
                    mine.Add(Stopwatch.GetTimestamp() - t0);
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref failures) == 1) Console.Error.WriteLine($"  raw operation failed: {e.Message}");
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var all = samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        long Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p / 100 * all.Length) - 1)] * 1_000_000 / Stopwatch.Frequency;
        return new RawSummary(all.Length, elapsed, Percentile(50), Percentile(99), Percentile(100), failures);
    }
}
