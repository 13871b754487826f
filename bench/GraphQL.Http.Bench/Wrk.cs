using System.Diagnostics;
using System.Text.Json;

namespace Es.GraphQL.Http.Bench;

/// <summary>
/// What wrk's done() hook (post.lua) reports for one run; latencies in µs. <see cref="Wrapped"/>:
/// how often a script that sends a list of different requests ran out of them and started over.
/// </summary>
internal sealed record WrkSummary(long Requests, long DurationUs, long Bytes, long ConnectErrors, long ReadErrors, long WriteErrors,
    long Non2xx, long Timeouts, long P50Us, long P90Us, long P99Us, long P999Us, long MaxUs, long Wrapped = 0)
{
    public double RequestsPerSecond => Requests / (DurationUs / 1e6);

    public long Errors => ConnectErrors + ReadErrors + WriteErrors + Non2xx + Timeouts;
}

/// <summary>
/// Runs wrk (closed loop: each connection sends its next request when the answer is in) with a Lua
/// script whose done() hook prints a <see cref="WrkSummary"/> as JSON (post.lua); the script's
/// arguments follow "--" (post.lua: the body file, then optionally a bearer token).
/// </summary>
internal static class Wrk
{
    public static Task<WrkSummary> RunAsync(string url, string bodyFile, string script, int threads, int connections, double seconds, string? cpus) =>
        RunAsync(url, script, threads, connections, seconds, cpus, bodyFile);

    public static async Task<WrkSummary> RunAsync(string url, string script, int threads, int connections, double seconds, string? cpus,
        params string[] scriptArguments)
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
            "-s", script, url, "--",
        }.Concat(scriptArguments))
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
