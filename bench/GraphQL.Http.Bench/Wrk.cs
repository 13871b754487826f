using System.Diagnostics;
using System.Text.Json;

namespace Es.GraphQL.Http.Bench;

/// <summary>What wrk's done() hook (post.lua) reports for one run; latencies in µs.</summary>
internal sealed record WrkSummary(long Requests, long DurationUs, long Bytes, long ConnectErrors, long ReadErrors, long WriteErrors,
    long Non2xx, long Timeouts, long P50Us, long P90Us, long P99Us, long P999Us, long MaxUs)
{
    public double RequestsPerSecond => Requests / (DurationUs / 1e6);

    public long Errors => ConnectErrors + ReadErrors + WriteErrors + Non2xx + Timeouts;
}

/// <summary>Runs wrk (closed loop: each connection sends its next request when the answer is in) with post.lua.</summary>
internal static class Wrk
{
    public static async Task<WrkSummary> RunAsync(string url, string bodyFile, string script, int threads, int connections, double seconds, string? cpus)
    {
        var start = new ProcessStartInfo(cpus is null ? "wrk" : "taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (cpus is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(cpus);
            start.ArgumentList.Add("wrk");
        }
        foreach (var argument in new[]
        {
            "-t", threads.ToString(), "-c", connections.ToString(), "-d", $"{seconds:0.###}s", "--timeout", "5s",
            "-s", script, url, "--", bodyFile,
        })
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await output).Split('\n');
        if (process.ExitCode != 0 || lines.LastOrDefault(l => l.StartsWith('{')) is not { } json)
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {await output}{await error}");
        return JsonSerializer.Deserialize<WrkSummary>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
