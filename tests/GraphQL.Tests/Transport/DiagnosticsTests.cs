using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Es.GraphQL.Transport;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Tests.Transport;

/// <summary>
/// Each operation is reported through System.Diagnostics — a span from the ActivitySource
/// "Es.GraphQL" and, from the Meter of the same name, its duration and its errors by code — so
/// that OpenTelemetry can collect them. Listeners here are process-wide, so each test picks out
/// its own operations by a name no other test uses.
/// </summary>
public sealed class DiagnosticsTests
{
    private static readonly Es.GraphQL.Types.GraphQLSchema Schema = BuildAstSchema.BuildSchema("""
        type Query { hello: String!, fails: String, other: String }
        type Mutation { bump: Int! }
        """, new BuildSchemaOptions
    {
        Resolvers = (type, field) => (type, field) switch
        {
            ("Query", "hello") => _ => new("hello"),
            ("Query", "fails") => _ => throw new InvalidOperationException("boom"),
            ("Mutation", "bump") => _ => new(1),
            _ => null,
        },
    });

    [Fact]
    public async Task Each_operation_is_a_span_named_by_its_type_and_name_with_its_error_count()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GraphQLDiagnostics.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var endpoint = await TestEndpoint.StartAsync(Schema);

        await endpoint.PostAsync(new { query = "query SpanOk { hello }" });
        await endpoint.PostAsync(new { query = "query SpanFails { hello fails }" });
        await endpoint.PostAsync(new { query = "mutation SpanBump { bump }" });

        var ok = Assert.Single(spans, s => s.DisplayName == "query SpanOk");
        Assert.Equal("query", ok.GetTagItem("graphql.operation.type"));
        Assert.Equal("SpanOk", ok.GetTagItem("graphql.operation.name"));
        Assert.Equal("http", ok.GetTagItem("graphql.transport"));
        Assert.Equal(0, ok.GetTagItem("graphql.error.count"));
        Assert.Equal(ActivityStatusCode.Unset, ok.Status);
        Assert.Equal(ActivityKind.Server, ok.Kind);

        var failed = Assert.Single(spans, s => s.DisplayName == "query SpanFails");
        Assert.Equal(1, failed.GetTagItem("graphql.error.count"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);

        Assert.Single(spans, s => s.DisplayName == "mutation SpanBump" && (string?)s.GetTagItem("graphql.operation.type") == "mutation");
    }

    [Fact]
    public async Task Durations_and_errors_by_code_are_measured_per_operation_name_and_type()
    {
        var durations = new ConcurrentQueue<(double Seconds, Dictionary<string, object?> Tags)>();
        var errors = new ConcurrentQueue<(long Count, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GraphQLDiagnostics.SourceName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == GraphQLDiagnostics.DurationInstrument) durations.Enqueue((value, ToDictionary(tags)));
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == GraphQLDiagnostics.ErrorsInstrument) errors.Enqueue((value, ToDictionary(tags)));
        });
        listener.Start();
        await using var endpoint = await TestEndpoint.StartAsync(Schema);

        await endpoint.PostAsync(new { query = "query MeteredOk { hello }" });
        await endpoint.PostAsync(new { query = "query MeteredFails { fails other: fails }" });
        await endpoint.PostAsync(new { query = "query MeteredInvalid { nope }" });

        var ok = Assert.Single(durations, d => Equals(d.Tags["graphql.operation.name"], "MeteredOk"));
        Assert.InRange(ok.Seconds, 0, 10);
        Assert.Equal("query", ok.Tags["graphql.operation.type"]);
        Assert.Equal("http", ok.Tags["graphql.transport"]);
        Assert.False(ok.Tags.ContainsKey("error.type"));

        var failed = Assert.Single(durations, d => Equals(d.Tags["graphql.operation.name"], "MeteredFails"));
        Assert.Equal("INTERNAL_SERVER_ERROR", failed.Tags["error.type"]);
        var failedErrors = errors.Where(e => Equals(e.Tags["graphql.operation.name"], "MeteredFails")).ToList();
        Assert.Equal(2, failedErrors.Sum(e => e.Count));
        Assert.All(failedErrors, e => Assert.Equal("INTERNAL_SERVER_ERROR", e.Tags["graphql.error.code"]));

        // A document that does not validate has no operation to name: it is counted, by its code.
        Assert.Contains(errors, e => Equals(e.Tags["graphql.error.code"], "VALIDATION") && Equals(e.Tags["graphql.operation.type"], "unknown"));
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags) dictionary[tag.Key] = tag.Value;
        return dictionary;
    }
}
