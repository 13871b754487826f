using Es.EventStore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Es.Api.Health;

/// <summary>Every schema migration of the start-up (event store, accounts, projection tables) has finished.</summary>
public sealed class MigrationsHealthCheck(StartupMigrations migrations) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var steps = migrations.Steps;
        var data = steps.ToDictionary(s => s.Key, s => (object)(s.Value ? "done" : "pending"));
        var pending = migrations.Pending;
        return Task.FromResult(pending.Count == 0
            ? HealthCheckResult.Healthy("Migrations done.", data)
            : HealthCheckResult.Unhealthy($"Waiting for migrations: {string.Join(", ", pending)}.", data: data));
    }
}
