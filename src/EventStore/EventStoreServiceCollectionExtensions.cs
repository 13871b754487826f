using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Es.EventStore;

public static class EventStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds Es's event store: Marten (<c>AddMarten</c>, lightweight sessions) configured by
    /// <see cref="EsMarten"/>, the event type registry, <see cref="IEventStore"/>, and the schema
    /// applied at start-up. Returns Marten's configuration so a host can add the daemon to it.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore(this IServiceCollection services,
        string connectionString, Action<EventTypeRegistry>? registerTypes = null, Action<EventStoreOptions>? configure = null)
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
        services.AddSingleton<AppendSignal>();
        services.AddSingleton<MartenEventStore>();
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<MartenEventStore>());
        StartupMigrations.In(services).Expect(EventStoreMigration.Step);
        services.AddHostedService<EventStoreMigration>();
        return services.AddMarten(o => EsMarten.Configure(o, connectionString, types, options)).UseLightweightSessions();
    }

    private sealed class EventStoreMigration(MartenEventStore store, StartupMigrations migrations) : IHostedService
    {
        public const string Step = "event store";

        public async Task StartAsync(CancellationToken ct)
        {
            await store.MigrateAsync(ct);
            migrations.Complete(Step);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
