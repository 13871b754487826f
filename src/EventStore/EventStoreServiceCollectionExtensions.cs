using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Es.EventStore;

public static class EventStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the PostgreSQL event store: a data source for <paramref name="connectionString"/>, the
    /// event type registry, <see cref="IEventStore"/>, and schema migration at start-up.
    /// </summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, string connectionString,
        Action<EventTypeRegistry>? registerTypes = null, Action<EventStoreOptions>? configure = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException("The event store needs a PostgreSQL connection string (Es:Postgres:ConnectionString).");
        var options = new EventStoreOptions();
        configure?.Invoke(options);
        options.Validate();
        var types = new EventTypeRegistry();
        registerTypes?.Invoke(types);

        services.AddSingleton(options);
        services.AddSingleton(types);
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<PostgresEventStore>();
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<PostgresEventStore>());
        services.AddHostedService<EventStoreMigration>();
        return services;
    }

    private sealed class EventStoreMigration(PostgresEventStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => store.MigrateAsync(ct);
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
