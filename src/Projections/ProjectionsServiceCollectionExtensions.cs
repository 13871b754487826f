using Es.EventStore;
using Es.Projections.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Es.Projections;

public static class ProjectionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the projection engine over the event store added by <c>AddEventStore</c>: the
    /// registry of <paramref name="register"/>ed projections, the <see cref="ProjectionCatalog"/>
    /// (status, operator commands, explain), the <see cref="InlineProjector"/>, and the daemon as
    /// a hosted service (unless <see cref="ProjectionOptions.RunDaemon"/> is off).
    /// </summary>
    public static IServiceCollection AddProjections(this IServiceCollection services, Action<ProjectionRegistry> register,
        Action<ProjectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        var options = new ProjectionOptions();
        configure?.Invoke(options);
        options.Validate();
        var registry = new ProjectionRegistry();
        register(registry);

        services.AddSingleton(options);
        services.AddSingleton(registry);
        services.AddSingleton(sp => new ProjectionCatalog(sp.GetRequiredService<PostgresEventStore>(), registry, options));
        services.AddSingleton(sp => new InlineProjector(sp.GetRequiredService<ProjectionCatalog>()));
        if (options.RunDaemon)
        {
            services.AddSingleton<ProjectionDaemon>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ProjectionDaemon>());
        }
        else
        {
            services.AddHostedService<ProjectionTablesMigration>();
        }
        return services;
    }

    // A node without the daemon still needs the engine's tables and the views its readers query.
    private sealed class ProjectionTablesMigration(ProjectionCatalog catalog) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            await catalog.MigrateAsync(ct);
            await catalog.EnsureAsync(ct);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
