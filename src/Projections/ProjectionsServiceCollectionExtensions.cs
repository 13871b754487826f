using Es.EventStore;
using Es.Projections.Control;
using Es.Projections.Marten;
using Es.Projections.Rebuilds;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Daemon.HighWater;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Es.Projections;

public static class ProjectionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds Es's projections to the Marten store added by <c>AddEventStore</c>: each registered
    /// projection as a Marten projection (async or inline) with the daemon's page size, Marten's
    /// async daemon in hot/cold mode (one node runs the projections, another takes over when it
    /// dies), the <see cref="ProjectionCatalog"/> (status, operator commands, explain), and Es's
    /// rebuild runner and control loop, unless <see cref="ProjectionOptions.RunDaemon"/> is off.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddProjections(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, Action<ProjectionRegistry> register,
        Action<ProjectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        var options = new ProjectionOptions();
        configure?.Invoke(options);
        options.Validate();
        var registry = new ProjectionRegistry();
        register(registry);

        var services = marten.Services;
        services.AddSingleton(options);
        services.AddSingleton(registry);
        services.AddSingleton(sp => new ProjectionCatalog(sp.GetRequiredService<MartenEventStore>(), registry, options));
        // Es's tables first: Marten's daemon starts with the host, and its pages write Es's views.
        StartupMigrations.In(services).Expect(ProjectionTablesMigration.Step);
        services.AddHostedService<ProjectionTablesMigration>();
        services.ConfigureMarten((sp, o) =>
        {
            Register(o, registry, options, () => sp.GetRequiredService<ProjectionCatalog>());
            // The daemon looks for new events as soon as an append commits, here or on another node.
            o.Projections.Wakeup = new SignalWakeup(sp.GetRequiredService<AppendSignal>(), options.WakeSpacing);
        });
        if (options.RunDaemon)
        {
            marten.AddAsyncDaemon(DaemonMode.HotCold);
            services.AddHostedService<RebuildRunner>();
            services.AddHostedService<ProjectionControlLoop>();
        }
        return marten;
    }

    /// <summary>Registers every projection of the catalog with Marten. Hosts call it through <see cref="AddProjections"/>; tests directly.</summary>
    public static void Register(StoreOptions o, ProjectionRegistry registry, ProjectionOptions options, Func<ProjectionCatalog> catalog)
    {
        var lazy = new Lazy<ProjectionCatalog>(catalog);
        // A projection that throws stops on the event (Es records it): never skipped silently.
        o.Projections.Errors.SkipApplyErrors = false;
        o.Projections.Errors.SkipSerializationErrors = false;
        o.Projections.Errors.SkipUnknownEvents = false;
        o.Projections.LeadershipPollingTime = (int)options.TakeoverInterval.TotalMilliseconds;
        o.Projections.FastPollingTime = options.FastPolling;
        o.Projections.SlowPollingTime = options.SlowPolling;
        o.Projections.StaleSequenceThreshold = options.StaleGapThreshold;
        // Marten's default quick append learns an event's sequence and stream version only in the
        // database, after an inline projection has run: it would see 0 for both (explain would find
        // nothing, a version column would hold 0 until a rebuild). Rich append assigns them first.
        if (registry.All.Any(p => p.Mode == ProjectionMode.Inline)) o.Events.AppendMode = EventAppendMode.Rich;
        foreach (var p in registry.All)
            o.Projections.Add(new EsMartenProjection(p, lazy),
                p.Mode == ProjectionMode.Inline ? ProjectionLifecycle.Inline : ProjectionLifecycle.Async, p.Name,
                a => a.BatchSize = options.BatchSize);
    }

    // The daemon disposes its wakeup when it stops, and may start again (a new leader): the signal is the host's.
    private sealed class SignalWakeup(AppendSignal signal, TimeSpan spacing) : IDaemonWakeup
    {
        private long _lastReturn;

        public async Task WaitAsync(TimeSpan timeout, CancellationToken token)
        {
            var since = System.Diagnostics.Stopwatch.GetElapsedTime(_lastReturn);
            if (since < spacing)
            {
                await Task.Delay(spacing - since, token);
                timeout -= spacing - since;
            }
            if (timeout > TimeSpan.Zero) await signal.WaitAsync(timeout, token);
            _lastReturn = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        public void Dispose()
        {
        }
    }

    private sealed class ProjectionTablesMigration(ProjectionCatalog catalog, StartupMigrations migrations) : IHostedService
    {
        public const string Step = "projection tables";

        public async Task StartAsync(CancellationToken ct)
        {
            await catalog.PrepareAsync(ct);
            migrations.Complete(Step);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
