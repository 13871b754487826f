using Es.Projections;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Es.Api.Health;

/// <summary>
/// Each projection's state and lag, from <see cref="ProjectionCatalog.GetStatusAsync"/>. A paused or
/// failed projection, one with no served build yet, or one further behind the log than
/// <see cref="HealthOptions.ProjectionLagSeconds"/> makes the node Degraded, not Unhealthy: the API
/// still answers (the other read models are current; writes are stored), an operator should look.
/// </summary>
public sealed class ProjectionsHealthCheck(ProjectionCatalog catalog, HealthOptions options) : IHealthCheck
{
    /// <summary>What /health shows of one projection.</summary>
    public sealed record Entry(string State, int? Generation, long Position, long LagEvents, double LagSeconds, string? RebuildingGeneration, string? LastError);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var statuses = await catalog.GetStatusAsync(ct: ct);
        var data = new Dictionary<string, object>();
        var problems = new List<string>();
        foreach (var builds in statuses.GroupBy(s => s.Name))
        {
            var current = builds.FirstOrDefault(b => b.IsCurrent);
            var rebuilding = builds.FirstOrDefault(b => !b.IsCurrent);
            var shown = current ?? rebuilding!;
            var entry = new Entry(shown.State.ToString().ToLowerInvariant(), current?.Generation, shown.Position, shown.LagEvents,
                Math.Round(shown.LagSeconds, 3), rebuilding is null ? null : $"g{rebuilding.Generation}", shown.LastError);
            data[builds.Key] = entry;
            if (current is null) problems.Add($"{builds.Key} has no served build yet (first build under way)");
            else if (current.State is ProjectionState.Paused or ProjectionState.Failed) problems.Add($"{builds.Key} is {entry.State}");
            else if (current.LagSeconds > options.ProjectionLagSeconds) problems.Add($"{builds.Key} is {current.LagSeconds:0} s behind the log");
        }
        return problems.Count == 0
            ? HealthCheckResult.Healthy($"{data.Count} projections running.", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems) + ".", data: data);
    }
}
