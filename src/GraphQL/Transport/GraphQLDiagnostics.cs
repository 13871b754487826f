using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Es.GraphQL.Language;

namespace Es.GraphQL.Transport;

/// <summary>
/// What the endpoint reports about each operation through System.Diagnostics, so that
/// OpenTelemetry (or dotnet-counters, or any listener) can collect it: one Activity per operation
/// from the ActivitySource <see cref="SourceName"/>, and from the Meter of the same name the
/// histogram <see cref="DurationInstrument"/> (seconds) and the counter
/// <see cref="ErrorsInstrument"/> (errors in responses, by code). Both carry the operation's type
/// and name and the transport. When nothing listens, the cost is a few branches.
/// </summary>
public static class GraphQLDiagnostics
{
    public const string SourceName = "Es.GraphQL";
    public const string DurationInstrument = "graphql.server.operation.duration";
    public const string ErrorsInstrument = "graphql.server.operation.errors";

    /// <summary>Distinct operation names reported before further ones are reported as <see cref="OtherName"/>: names come from clients.</summary>
    public const int MaxOperationNames = 1000;
    public const string OtherName = "_OTHER";

    internal static readonly ActivitySource ActivitySource = new(SourceName, typeof(GraphQLDiagnostics).Assembly.GetName().Version?.ToString());
    private static readonly Meter Meter = new(SourceName, typeof(GraphQLDiagnostics).Assembly.GetName().Version?.ToString());

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(DurationInstrument, "s",
        "Time from receiving an operation to having its response (for a subscription: its whole life).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(ErrorsInstrument, "{error}",
        "Errors in operation responses, by extensions.code.");

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    /// <summary>Starts the operation's span, or null when no listener samples it.</summary>
    internal static Activity? StartOperation(string transport)
    {
        var activity = ActivitySource.StartActivity("GraphQL Operation", ActivityKind.Server);
        activity?.SetTag("graphql.transport", transport);
        return activity;
    }

    /// <summary>Names the span once the operation is known (OpenTelemetry's GraphQL convention: "{type} {name}").</summary>
    internal static void Describe(Activity? activity, OperationDefinitionNode? operation)
    {
        if (activity is null || operation is null) return;
        var type = TypeName(operation);
        activity.SetTag("graphql.operation.type", type);
        if (operation.Name?.Value is { } name)
        {
            activity.SetTag("graphql.operation.name", name);
            activity.DisplayName = $"{type} {name}";
        }
        else
        {
            activity.DisplayName = type;
        }
    }

    /// <summary>Records the finished operation: its duration, its errors by code, and the span's status.</summary>
    internal static void Complete(Activity? activity, string transport, OperationDefinitionNode? operation, long startTimestamp,
        IReadOnlyList<GraphQLError>? errors)
    {
        var errorCount = errors?.Count ?? 0;
        if (activity is not null)
        {
            activity.SetTag("graphql.error.count", errorCount);
            if (errorCount > 0)
                activity.SetStatus(ActivityStatusCode.Error, errors![0].Message);
            activity.Dispose();
        }
        if (!Duration.Enabled && !Errors.Enabled) return;
        var type = operation is null ? "unknown" : TypeName(operation);
        var name = NameTag(operation?.Name?.Value);
        var tags = new TagList
        {
            { "graphql.operation.type", type },
            { "graphql.operation.name", name },
            { "graphql.transport", transport },
        };
        if (errorCount > 0) tags.Add("error.type", CodeOf(errors![0]));
        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        if (errorCount == 0 || !Errors.Enabled) return;
        foreach (var error in errors!)
        {
            Errors.Add(1, new TagList
            {
                { "graphql.operation.type", type },
                { "graphql.operation.name", name },
                { "graphql.transport", transport },
                { "graphql.error.code", CodeOf(error) },
            });
        }
    }

    private static string TypeName(OperationDefinitionNode operation) => operation.Operation switch
    {
        OperationType.Mutation => "mutation",
        OperationType.Subscription => "subscription",
        _ => "query",
    };

    private static string CodeOf(GraphQLError error) =>
        error.Extensions?.TryGetValue("code", out var code) == true && code is string s ? s : "UNKNOWN";

    private static string NameTag(string? name)
    {
        if (name is null) return "";
        if (Names.TryGetValue(name, out var known)) return known;
        return Names.Count < MaxOperationNames ? Names.GetOrAdd(name, name) : OtherName;
    }
}
