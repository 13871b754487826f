using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Es.Api.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>The checks a node's readiness depends on: PostgreSQL, the start-up migrations, the projections.</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddEsHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new HealthOptions();
        configuration.GetSection(HealthOptions.Section).Bind(options);
        services.AddSingleton(options);
        // A check that hangs past its timeout reports Unhealthy rather than holding the probe.
        var timeout = options.PostgresTimeout + TimeSpan.FromSeconds(3);
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", HealthStatus.Unhealthy, [ReadyTag], timeout)
            .AddCheck<MigrationsHealthCheck>("migrations", HealthStatus.Unhealthy, [ReadyTag], timeout)
            .AddCheck<ProjectionsHealthCheck>("projections", HealthStatus.Degraded, [ReadyTag], timeout);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process is up (no check runs). <c>/health/ready</c>: PostgreSQL, the
    /// migrations and the projections. <c>/health</c>: every check. JSON; 503 when Unhealthy, 200 when
    /// Healthy or Degraded.
    /// </summary>
    public static IEndpointRouteBuilder MapEsHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthJsonWriter.WriteAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthJsonWriter.WriteAsync });
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthJsonWriter.WriteAsync });
        return endpoints;
    }
}
