using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Es.Api.Health;

/// <summary>PostgreSQL answers a query within <see cref="HealthOptions.PostgresTimeout"/>.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, HealthOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var data = new Dictionary<string, object> { ["server"] = $"{target.Host}:{target.Port}/{target.Database}" };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.PostgresTimeout);
        try
        {
            await using var cmd = dataSource.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers.", data);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer within {options.PostgresTimeout.TotalSeconds:0.#} s.", data: data);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // The message, not the exception: the health response must not carry a stack trace.
            return HealthCheckResult.Unhealthy($"PostgreSQL is unreachable: {ex.Message}", data: data);
        }
    }
}
