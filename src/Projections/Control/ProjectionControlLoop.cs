using JasperFx;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Es.Projections.Control;

/// <summary>
/// Carries out operators' commands on the node that runs a projection's daemon shard. A paused
/// or failed projection's pages refuse to apply (<see cref="Marten.ProjectionStoppedException"/>),
/// which makes Marten pause the shard; when an operator resumes, retries or skips, this loop
/// starts the shard again. Commands are rows in PostgreSQL, so they work from any node or the CLI.
/// A shard Marten stopped on its own (a page PostgreSQL refused at commit) is diagnosed first
/// (<see cref="FailedPageDiagnosis"/>): if an event's statements are refused, the projection is
/// recorded failed on that event, as if its code had thrown, instead of being restarted for ever.
/// </summary>
public sealed class ProjectionControlLoop(ProjectionCatalog catalog, IServiceProvider services, ILogger<ProjectionControlLoop>? logger = null)
    : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(catalog.Options.PollInterval, ct);
                await RunOnceAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Projection control: {Error}", ex.Message);
            }
        }
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var coordinator = services.GetService<IProjectionCoordinator>();
        if (coordinator is null) return;
        var held = await HeldShardsAsync(coordinator);
        var daemon = coordinator.DaemonForMainDatabase();
        var agents = daemon.CurrentAgents();
        foreach (var p in catalog.Registry.All.Where(p => p.Mode == ProjectionMode.Async))
        {
            var shard = ProjectionCatalog.ShardName(p.Name);
            var agent = agents.FirstOrDefault(a => a.Name.Identity == shard);
            // Only the node that holds the shard's hot/cold lock acts on it. An agent is no proof of
            // that: one paused or stopped when its node lost the lock stays in the daemon (Marten's
            // coordinator stops only running agents there), and starting it would run the shard
            // beside the new leader's.
            if (agent is null || agent.Status == AgentStatus.Running || held?.Contains(shard) == false) continue;
            if (await catalog.ControlStatusAsync(p.Name, ct) != "running") continue;
            // Stopped while Es says running: a page failed at commit, in PostgreSQL. Find whether an
            // event's statements are refused before starting the shard on that page again.
            if (await FailedPageDiagnosis.FindAsync(catalog, p, ct) is var (culprit, error))
            {
                _logger.LogError(error, "Projection {Name} stopped on {Event}: PostgreSQL refuses its statements", p.Name, culprit);
                await catalog.RecordFailureAsync(p.Name, culprit, error, ct);
                continue;
            }
            _logger.LogInformation("Projection {Name}: starting its shard again ({Status})", p.Name, agent.Status);
            await daemon.StartAgentAsync(shard, ct);
        }
    }

    /// <summary>The shards whose leadership lock this node holds (null: the coordinator does not say, act as before).</summary>
    private static async Task<HashSet<string>?> HeldShardsAsync(IProjectionCoordinator coordinator)
    {
        if (coordinator is not ProjectionCoordinatorBase { Distributor: { } distributor }) return null;
        var sets = await distributor.BuildDistributionAsync();
        return sets.Where(distributor.HasLock).SelectMany(s => s.Names).Select(n => n.Identity).ToHashSet(StringComparer.Ordinal);
    }
}
