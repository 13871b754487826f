namespace Es.Api.Health;

/// <summary>Thresholds of the health checks, bound from <c>Es:Health</c>.</summary>
public sealed class HealthOptions
{
    public const string Section = "Es:Health";

    /// <summary>How long PostgreSQL has to answer before the node reports it unreachable.</summary>
    public TimeSpan PostgresTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A projection whose oldest waiting event is older than this makes the node Degraded.</summary>
    public double ProjectionLagSeconds { get; set; } = 30;
}
