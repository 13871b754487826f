// GraphQL over HTTP benchmark: our endpoint (MapGraphQL on Kestrel) against graphql-js 17 behind
// graphql-http on node:http, the same schema, data and queries (those of bench/GraphQL.Bench),
// loaded one server at a time by the same wrk, connections and duration; requests/s, p50, p99.
// Run: scripts/bench http (knobs: ES_BENCH_SECONDS, ES_BENCH_WARMUP, ES_BENCH_MAX_WARMUP, ES_BENCH_CONNECTIONS,
// ES_BENCH_SETUPS=pinned,shared)
// Serve only: Es.GraphQL.Http.Bench serve SCHEMA_FILE
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Es.GraphQL.Http.Bench;

if (args is ["serve", var schemaFile])
{
    await BenchHost.RunAsync(schemaFile);
    return 0;
}

var seconds = Knob("ES_BENCH_SECONDS", 10);
var warmup = Knob("ES_BENCH_WARMUP", 3);
var maxWarmup = Knob("ES_BENCH_MAX_WARMUP", 60);
var connections = (int)Knob("ES_BENCH_CONNECTIONS", 32);
var setupNames = (Environment.GetEnvironmentVariable("ES_BENCH_SETUPS") ?? "pinned,shared").Split(',');

var dir = AppContext.BaseDirectory;
var jsDir = Path.GetFullPath(Path.Combine(dir, "..", "..", "..", "js"));
var schemaPath = Path.Combine(dir, "schema.graphql");
var script = Path.Combine(dir, "post.lua");

// The request bodies, written once and sent as they are by the check and by wrk to both servers.
var bodies = Path.Combine(Path.GetTempPath(), $"es-http-bench-{Environment.ProcessId}");
Directory.CreateDirectory(bodies);
var introspection = await Output("node", Path.Combine(jsDir, "server.mjs"), "--introspection-query");
(string Name, string Path, string Text, JsonObject? Variables)[] cases =
[
    ("small", "/graphql", File.ReadAllText(Path.Combine(dir, "queries", "small.graphql")), null),
    ("nested", "/graphql", File.ReadAllText(Path.Combine(dir, "queries", "nested.graphql")), new JsonObject { ["first"] = 20 }),
    ("introspection", "/graphql", introspection, null),
    // Reads the body and answers the small query's result as a constant: the cost of HTTP alone.
    ("floor", "/floor", File.ReadAllText(Path.Combine(dir, "queries", "small.graphql")), null),
];
foreach (var c in cases)
{
    var body = new JsonObject { ["query"] = c.Text };
    if (c.Variables is not null) body["variables"] = c.Variables;
    File.WriteAllText(Path.Combine(bodies, c.Name + ".json"), body.ToJsonString());
}

var ours = new ServerSpec("Es", "dotnet", [typeof(BenchHost).Assembly.Location, "serve", schemaPath],
    new() { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" }, JitPath: "/jit");
// Our endpoint keeps parsed and validated documents by their text (DocumentCacheSize); graphql-http
// has no such cache. This variant turns it off, to compare the engines doing the same work.
var oursUncached = ours with
{
    Name = "Es (no document cache)",
    Environment = new(ours.Environment) { ["ES_BENCH_DOCUMENT_CACHE"] = "0" },
};
var node = new ServerSpec("graphql-js", "node", [Path.Combine(jsDir, "server.mjs"), schemaPath],
    new() { ["NODE_ENV"] = "production" }, jsDir);
var nodeCluster = node with { Name = "graphql-js x2", Arguments = [.. node.Arguments, "--workers", "2"] };

// Two cores: wrk competes with the server for them. "pinned" gives each one core (taskset), the
// fair fight for single-threaded Node; "shared" lets both use both, where our server can take two
// cores, and so can Node with two cluster workers.
(string Name, string? ServerCpus, string? WrkCpus, int WrkThreads, ServerSpec[] Servers)[] setups =
[
    ("pinned", "1", "0", 1, [ours, oursUncached, node]),
    ("shared", null, null, 2, [ours, node, nodeCluster]),
];

Console.WriteLine($"GraphQL over HTTP: Es vs graphql-js 17.1.0 + graphql-http 1.23.1 — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
    $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, node {(await Output("node", "--version")).Trim()}, " +
    $"{(await Output("wrk", "-v")).Split('\n')[0].Split(" [")[0]}");
Console.WriteLine($"wrk: {connections} connections; each server warmed up on every query (for .NET until its JIT settles), " +
    $"then per query {warmup:0.#} s warm-up and {seconds:0.#} s measured; " +
    $"load average at start {CpuTime.LoadAverage()}");

var reference = new Dictionary<string, JsonNode?>();
var results = new List<(string Setup, string Server, string Case, double WarmUp, WrkSummary Run, double ServerCpu, double WrkCpu, double OtherCpu)>();
var failures = new List<string>();
using var http = new HttpClient();

try
{
    foreach (var setup in setups.Where(s => setupNames.Contains(s.Name)))
    {
        foreach (var spec in setup.Servers)
        {
            await using var server = await ServerProcess.StartAsync(spec, setup.ServerCpus);
            Console.Error.WriteLine($"{setup.Name} {spec.Name}: listening on {server.Url}, load average {CpuTime.LoadAverage()}");
            await CheckAnswersAsync(spec.Name, server.Url);
            var warmedUp = await WarmUpServerAsync(spec, server.Url, setup.WrkThreads, setup.WrkCpus);
            Console.Error.WriteLine($"  warmed up in {warmedUp:N0} s");
            foreach (var c in cases)
            {
                var url = server.Url + c.Path;
                var body = Path.Combine(bodies, c.Name + ".json");
                await Wrk.RunAsync(url, body, script, setup.WrkThreads, connections, warmup, setup.WrkCpus);

                var (serverBefore, wrkBefore, machineBefore) = (CpuTime.OfTree(server.Pid), CpuTime.OfReapedChildren(), CpuTime.OfMachine());
                var clock = Stopwatch.StartNew();
                var run = await Wrk.RunAsync(url, body, script, setup.WrkThreads, connections, seconds, setup.WrkCpus);
                var ticksPerPercent = clock.Elapsed.TotalSeconds * CpuTime.TicksPerSecond / 100; // of one core
                var serverCpu = (CpuTime.OfTree(server.Pid) - serverBefore) / ticksPerPercent;
                var wrkCpu = (CpuTime.OfReapedChildren() - wrkBefore) / ticksPerPercent;
                var otherCpu = (CpuTime.OfMachine() - machineBefore) / ticksPerPercent - serverCpu - wrkCpu;
                results.Add((setup.Name, spec.Name, c.Name, warmedUp, run, serverCpu, wrkCpu, otherCpu));
                if (run.Errors > 0) failures.Add($"{setup.Name} {spec.Name} {c.Name}: {run.Errors} errors ({run.Non2xx} non-2xx)");
                Console.Error.WriteLine($"  {c.Name,-13} {run.RequestsPerSecond,9:N0} req/s  p50 {run.P50Us / 1000.0:N2} ms  p99 {run.P99Us / 1000.0:N2} ms  " +
                    $"errors {run.Errors}  CPU server {serverCpu:N0} % ({serverCpu * 1e4 / run.RequestsPerSecond:N0} µs/req) wrk {wrkCpu:N0} % other {otherCpu:N0} %");
            }
        }
    }
}
finally
{
    Directory.Delete(bodies, recursive: true);
}

Console.WriteLine();
Console.WriteLine("| setup | server | query | warm-up s | req/s | p50 ms | p99 ms | errors | server CPU | server CPU µs/req | wrk CPU | other CPU |");
Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var r in results)
    Console.WriteLine($"| {r.Setup} | {r.Server} | {r.Case} | {r.WarmUp:N0} | {r.Run.RequestsPerSecond:N0} | {r.Run.P50Us / 1000.0:N2} | {r.Run.P99Us / 1000.0:N2} | " +
        $"{r.Run.Errors} | {r.ServerCpu:N0} % | {r.ServerCpu * 1e4 / r.Run.RequestsPerSecond:N0} | {r.WrkCpu:N0} % | {r.OtherCpu:N0} % |");

Console.WriteLine();
Console.WriteLine("| setup | query | Es | against | Es req/s ÷ theirs | Es p99 ÷ theirs | aim: 3x, lower p99 | their CPU/req ÷ Es CPU/req |");
Console.WriteLine("| --- | --- | --- | --- | ---: | ---: | --- | ---: |");
string[] esServers = [ours.Name, oursUncached.Name];
foreach (var (r, es) in results.Where(r => !esServers.Contains(r.Server))
             .SelectMany(r => results.Where(o => o.Setup == r.Setup && o.Case == r.Case && esServers.Contains(o.Server)).Select(es => (r, es))))
{
    var speedUp = es.Run.RequestsPerSecond / r.Run.RequestsPerSecond;
    var p99 = (double)es.Run.P99Us / r.Run.P99Us;
    var aim = r.Case == "floor" ? "(no GraphQL)" : speedUp >= 3 && p99 < 1 ? "met" : "missed";
    var cpu = r.ServerCpu / r.Run.RequestsPerSecond / (es.ServerCpu / es.Run.RequestsPerSecond);
    Console.WriteLine($"| {r.Setup} | {r.Case} | {es.Server} | {r.Server} | {speedUp:N2}x | {p99:N2} | {aim} | {cpu:N2}x |");
}
Console.WriteLine();
Console.WriteLine($"load average at end {CpuTime.LoadAverage()}");

foreach (var failure in failures) Console.Error.WriteLine($"FAILED: {failure}");
return failures.Count == 0 ? 0 : 1;

// Before measuring a server: every query in turn, 2 s each, once; then, for .NET, again until a
// whole round compiles (almost) no new method. Tiered compilation promotes hot code to its
// optimised, profile-guided tier in batches, after a delay that restarts whenever new code is
// jitted, on the same core as the requests when pinned: that can take tens of seconds of load,
// and until then a request costs several times what it costs after.
async Task<double> WarmUpServerAsync(ServerSpec spec, string baseUrl, int threads, string? cpus)
{
    var clock = Stopwatch.StartNew();
    var compiled = spec.JitPath is { } jit ? await JitCountAsync(baseUrl + jit) : 0;
    while (true)
    {
        foreach (var c in cases)
            await Wrk.RunAsync(baseUrl + c.Path, Path.Combine(bodies, c.Name + ".json"), script, threads, connections, 2, cpus);
        if (spec.JitPath is null || clock.Elapsed.TotalSeconds >= maxWarmup) break;
        var now = await JitCountAsync(baseUrl + spec.JitPath);
        if (now - compiled <= 40) break;
        compiled = now;
    }
    return clock.Elapsed.TotalSeconds;
}

async Task<long> JitCountAsync(string url) => long.Parse(await http.GetStringAsync(url), CultureInfo.InvariantCulture);

// Before loading a server: each query answers 200 with the JSON the first server answered.
async Task CheckAnswersAsync(string server, string baseUrl)
{
    foreach (var c in cases)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + c.Path)
        {
            Content = new StringContent(File.ReadAllText(Path.Combine(bodies, c.Name + ".json")), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            failures.Add($"{server} {c.Name}: {(int)response.StatusCode} {text}");
            continue;
        }
        var answer = JsonNode.Parse(text);
        if (answer?["errors"] is not null) failures.Add($"{server} {c.Name}: errors {answer["errors"]!.ToJsonString()}");
        var key = c.Name == "floor" ? "small" : c.Name;
        if (!reference.TryAdd(key, answer) && !JsonNode.DeepEquals(reference[key], answer))
            failures.Add($"{server} {c.Name}: answered differently from the first server:\n{text}\n{reference[key]!.ToJsonString()}");
    }
    if (failures.Count > 0) throw new InvalidOperationException(string.Join('\n', failures));
}

static double Knob(string name, double fallback) =>
    double.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

static async Task<string> Output(string program, params string[] arguments)
{
    var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments) start.ArgumentList.Add(argument);
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    // wrk -v prints its version and then its usage, and exits 1.
    if (process.ExitCode != 0 && program != "wrk") throw new InvalidOperationException($"{program} failed: {await error}");
    return await output + await error;
}
