using System.Diagnostics;
using System.Text.Json;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Validation;

namespace Es.GraphQL.Http.Bench;

/// <summary>
/// Experiment (ES_BENCH_PROBE=1): POST /probe does what the GraphQL endpoint does for a POST
/// (read the body, read the JSON, parse, validate, execute, serialize, send), each step timed; GET
/// /probe prints the mean wall-clock µs per step since the last GET, to see where a request's time
/// goes under load. Two changes can be tried: ?cache keeps parsed and validated documents by their
/// text, ?typed serializes with <see cref="TypedResponseWriter"/> (checked against WriteTo's bytes).
/// </summary>
internal static class Probe
{
    private static readonly string[] Steps = ["read", "json", "parse", "validate", "execute", "serialize", "send"];
    private static readonly long[] Ticks = new long[Steps.Length];
    private static long count;
    private static readonly ThreadLocal<System.Buffers.ArrayBufferWriter<byte>> Output = new(() => new(64 * 1024));
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DocumentNode> Documents = new();
    private static long typedChecks;

    public static void Map(WebApplication app, GraphQLSchema schema)
    {
        app.MapGet("/probe", () =>
        {
            var n = Math.Max(1, Interlocked.Exchange(ref count, 0));
            return string.Join(' ', Steps.Select((s, i) => $"{s}={Interlocked.Exchange(ref Ticks[i], 0) * 1e6 / Stopwatch.Frequency / n:N1}µs")) + $" n={n}";
        });
        app.MapPost("/probe", async http =>
        {
            var cache = http.Request.Query.ContainsKey("cache");
            var typed = http.Request.Query.ContainsKey("typed");
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
            long t3, t4;
            DocumentNode document;
            if (cache && Documents.TryGetValue(query, out var cached))
            {
                document = cached;
                t3 = t4 = Stopwatch.GetTimestamp();
            }
            else
            {
                document = Parser.Parse(new Source(query), new ParseOptions { MaxTokens = 15_000, MaxDepth = 100 });
                t3 = Stopwatch.GetTimestamp();
                if (Validator.Validate(schema, document).Count > 0) throw new InvalidOperationException("invalid document");
                t4 = Stopwatch.GetTimestamp();
                if (cache) Documents.TryAdd(query, document);
            }
            var result = await Executor.ExecuteAsync(new ExecutionRequest { Schema = schema, Document = document, VariableValues = variables });
            var t5 = Stopwatch.GetTimestamp();
            // The endpoint serializes straight into the response's pipe; here into a buffer first, to
            // tell the JSON writing apart from the sending.
            var output = Output.Value!;
            output.ResetWrittenCount();
            if (typed)
            {
                using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true })) TypedResponseWriter.Write(writer, result);
                if (Interlocked.Increment(ref typedChecks) <= 1000)
                {
                    var expected = new System.Buffers.ArrayBufferWriter<byte>();
                    using (var writer = new Utf8JsonWriter(expected)) result.WriteTo(writer);
                    if (!expected.WrittenSpan.SequenceEqual(output.WrittenSpan)) throw new InvalidOperationException("TypedResponseWriter wrote other bytes");
                }
            }
            else
            {
                using var writer = new Utf8JsonWriter(output);
                result.WriteTo(writer);
            }
            var t6 = Stopwatch.GetTimestamp();
            http.Response.ContentType = "application/graphql-response+json; charset=utf-8";
            await http.Response.BodyWriter.WriteAsync(output.WrittenMemory);
            var t7 = Stopwatch.GetTimestamp();
            long[] d = [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6];
            for (var i = 0; i < d.Length; i++) Interlocked.Add(ref Ticks[i], d[i]);
            Interlocked.Increment(ref count);
        });
    }

    /// <summary>
    /// What ExecutionResult.WriteTo would cost with concrete-type paths: a ResponseObject's keys and
    /// values by index, object arrays by index (not through IEnumerable and its enumerators), keys
    /// encoded once, and no structural validation by the writer; any other value goes to
    /// ExecutionResult.WriteValue.
    /// </summary>
    private static class TypedResponseWriter
    {
        // Response keys are few and recur in every response: encoded to UTF-8 once.
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonEncodedText> EncodedKeys = new();

        public static void Write(Utf8JsonWriter writer, ExecutionResult result)
        {
            writer.WriteStartObject();
            if (result.Errors is not null)
            {
                writer.WritePropertyName("errors");
                writer.WriteStartArray();
                foreach (var error in result.Errors) ExecutionResult.WriteError(writer, error);
                writer.WriteEndArray();
            }
            if (result.HasData)
            {
                writer.WritePropertyName("data");
                WriteValue(writer, result.Data);
            }
            writer.WriteEndObject();
        }

        private static void WriteValue(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null: writer.WriteNullValue(); break;
                case string s: writer.WriteStringValue(s); break;
                case int i: writer.WriteNumberValue(i); break;
                case bool b: writer.WriteBooleanValue(b); break;
                case ResponseObject o:
                    // ResponseObject keeps its keys and values in a list and an array (see its Keys and Values).
                    var keys = (IReadOnlyList<string>)o.Keys;
                    var values = (object?[])o.Values;
                    writer.WriteStartObject();
                    for (var k = 0; k < keys.Count; k++)
                    {
                        writer.WritePropertyName(EncodedKeys.GetOrAdd(keys[k], static key => JsonEncodedText.Encode(key)));
                        WriteValue(writer, values[k]);
                    }
                    writer.WriteEndObject();
                    break;
                case object?[] array:
                    writer.WriteStartArray();
                    foreach (var item in array) WriteValue(writer, item);
                    writer.WriteEndArray();
                    break;
                default: ExecutionResult.WriteValue(writer, value); break;
            }
        }
    }
}
