using System.Diagnostics;
using System.Text.Json;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Validation;

namespace Es.GraphQL.Http.Bench;

/// <summary>
/// Experiment (ES_BENCH_PROBE=1): POST /probe does what the GraphQL endpoint does for a POST
/// (read the body, read the JSON, parse, validate, execute, write), each step timed; GET /probe
/// prints the mean wall-clock µs per step since the last GET, to see where a request's time goes under load.
/// </summary>
internal static class Probe
{
    private static readonly string[] Steps = ["read", "json", "parse", "validate", "execute", "write"];
    private static readonly long[] Ticks = new long[Steps.Length];
    private static long count;

    public static void Map(WebApplication app, GraphQLSchema schema)
    {
        app.MapGet("/probe", () =>
        {
            var n = Math.Max(1, Interlocked.Exchange(ref count, 0));
            return string.Join(' ', Steps.Select((s, i) => $"{s}={Interlocked.Exchange(ref Ticks[i], 0) * 1e6 / Stopwatch.Frequency / n:N1}µs")) + $" n={n}";
        });
        app.MapPost("/probe", async http =>
        {
            var t0 = Stopwatch.GetTimestamp();
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var t1 = Stopwatch.GetTimestamp();
            using var body = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            var query = body.RootElement.GetProperty("query").GetString()!;
            Dictionary<string, object?>? variables = null;
            if (body.RootElement.TryGetProperty("variables", out var v))
            {
                variables = [];
                foreach (var p in v.EnumerateObject()) variables[p.Name] = p.Value.Clone();
            }
            var t2 = Stopwatch.GetTimestamp();
            var document = Parser.Parse(new Source(query), new ParseOptions { MaxTokens = 15_000, MaxDepth = 100 });
            var t3 = Stopwatch.GetTimestamp();
            var errors = Validator.Validate(schema, document);
            var t4 = Stopwatch.GetTimestamp();
            var result = await Executor.ExecuteAsync(new ExecutionRequest { Schema = schema, Document = document, VariableValues = variables });
            var t5 = Stopwatch.GetTimestamp();
            http.Response.ContentType = "application/graphql-response+json; charset=utf-8";
            await using (var writer = new Utf8JsonWriter(http.Response.BodyWriter)) result.WriteTo(writer);
            await http.Response.BodyWriter.FlushAsync();
            var t6 = Stopwatch.GetTimestamp();
            long[] d = [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5];
            for (var i = 0; i < d.Length; i++) Interlocked.Add(ref Ticks[i], d[i]);
            Interlocked.Increment(ref count);
        });
    }
}
