// GraphQL engine benchmark: parse, validate and execute (in process, in-memory resolvers) for a
// small query, a nested query with lists and fragments, and the introspection query — time per
// operation and allocations — beside graphql-js doing the same work in Node, in the same run.
// "serialize" writes the executed result as JSON (JSON.stringify on the Node side).
// Run: scripts/bench graphql (ES_BENCH_ES_ONLY=1: our figures alone, for quick A/B comparisons)
using System.Diagnostics;
using System.Text.Json;
using Es.GraphQL;
using Es.GraphQL.Bench;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;
using Es.GraphQL.Validation;

var seconds = double.TryParse(Environment.GetEnvironmentVariable("ES_BENCH_SECONDS"), out var s) ? s : 1;
var dir = AppContext.BaseDirectory;
var jsDir = Path.GetFullPath(Path.Combine(dir, "..", "..", "..", "js"));

var introspectionQuery = await Node("--introspection-query");
var schema = BuildAstSchema.BuildSchema(File.ReadAllText(Path.Combine(dir, "schema.graphql")), new BuildSchemaOptions
{
    Resolvers = BenchResolvers.For,
});

(string Name, string Text, Dictionary<string, object?> Variables)[] cases =
[
    ("small", File.ReadAllText(Path.Combine(dir, "queries", "small.graphql")), []),
    ("nested", File.ReadAllText(Path.Combine(dir, "queries", "nested.graphql")), new() { ["first"] = 20 }),
    ("introspection", introspectionQuery, []),
];

var ours = new Dictionary<string, Dictionary<string, (double Ns, double Bytes)>>();
foreach (var (name, text, variables) in cases)
{
    var document = Parser.Parse(new Source(text));
    var result = await Executor.ExecuteAsync(new ExecutionRequest { Schema = schema, Document = document, VariableValues = variables });
    Check(name, result);
    var output = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
    ours[name] = new()
    {
        ["parse"] = await Measure(() => { Parser.Parse(new Source(text)); return ValueTask.CompletedTask; }),
        ["validate"] = await Measure(() =>
        {
            if (Validator.Validate(schema, document).Count > 0) throw new InvalidOperationException($"{name} is invalid");
            return ValueTask.CompletedTask;
        }),
        ["execute"] = await Measure(async () =>
            Check(name, await Executor.ExecuteAsync(new ExecutionRequest { Schema = schema, Document = document, VariableValues = variables }))),
        ["serialize"] = await Measure(() =>
        {
            output.ResetWrittenCount();
            using var writer = new Utf8JsonWriter(output, ExecutionResult.WriterOptions);
            result.WriteTo(writer);
            return ValueTask.CompletedTask;
        }),
        ["total"] = await Measure(async () =>
        {
            var doc = Parser.Parse(new Source(text));
            if (Validator.Validate(schema, doc).Count > 0) throw new InvalidOperationException($"{name} is invalid");
            Check(name, await Executor.ExecuteAsync(new ExecutionRequest { Schema = schema, Document = doc, VariableValues = variables }));
        }),
    };
}

if (Environment.GetEnvironmentVariable("ES_BENCH_ES_ONLY") == "1")
{
    foreach (var (name, phases) in ours)
        Console.WriteLine($"{name,-14} " + string.Join("  ", phases.Select(p => $"{p.Key} {p.Value.Ns / 1000:N2} µs {p.Value.Bytes:N0} B")));
    return;
}
var js = JsonDocument.Parse(await Node(dir, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))).RootElement;

Console.WriteLine($"Es GraphQL engine vs graphql-js 17.1.0 — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, node {(await Node2(["-e", "process.stdout.write(process.version)"], raw: true)).Trim()}, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine($"| {"case",-14} | {"phase",-9} | {"Es µs/op",9} | {"Es bytes/op",11} | {"graphql-js µs/op",16} | {"speed-up",8} |");
Console.WriteLine($"|{new string('-', 16)}|{new string('-', 11)}|{new string('-', 11)}|{new string('-', 13)}|{new string('-', 18)}|{new string('-', 10)}|");
foreach (var (name, _, _) in cases)
    foreach (var (phase, (ns, bytes)) in ours[name])
    {
        var jsNs = js.GetProperty(name).GetProperty(phase).GetDouble();
        Console.WriteLine($"| {name,-14} | {phase,-9} | {ns / 1000,9:N2} | {bytes,11:N0} | {jsNs / 1000,16:N2} | {jsNs / ns,7:N1}x |");
    }
return;

async Task<(double Ns, double Bytes)> Measure(Func<ValueTask> work)
{
    // Warm up for a second, not a count: tiered compilation promotes hot methods in batches after
    // a delay, and a phase measured before that reads several times slower than it is.
    var warm = Stopwatch.StartNew();
    while (warm.Elapsed.TotalSeconds < 1) for (var i = 0; i < 50; i++) await work();
    var iterations = 0L;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        for (var i = 0; i < 50; i++) await work();
        iterations += 50;
    }
    var elapsed = watch.Elapsed;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    return (elapsed.TotalNanoseconds / iterations, (double)allocated / iterations);
}

static void Check(string name, ExecutionResult result)
{
    if (result.Errors is { Count: > 0 } errors) throw new InvalidOperationException($"{name}: {string.Join("; ", errors.Select(e => e.Message))}");
}

async Task<string> Node(params string[] args) => await Node2(args, raw: false);

async Task<string> Node2(string[] args, bool raw)
{
    var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = jsDir };
    if (!raw) start.ArgumentList.Add(Path.Combine(jsDir, "bench.mjs"));
    foreach (var a in args) start.ArgumentList.Add(a);
    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    var error = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"node {string.Join(' ', args)} failed: {error}");
    return output;
}
