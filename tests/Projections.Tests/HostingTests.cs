using Es.EventStore;
using Es.Projections.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Es.Projections.Tests;

public sealed class HostingTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task A_host_with_the_event_store_and_projections_runs_the_daemon_and_serves_status()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services
            .AddEventStore(EngineFixture.ConnectionString, types => types.Register<ItemAdded>("ItemAdded").Register<Note>("Note"),
                o => o.Schema = db.Schema)
            .AddProjections(p => p.Add(Hooked.StreamCounts("hosted_counts")), o =>
            {
                o.NodeName = "host-a";
                o.PollInterval = TimeSpan.FromMilliseconds(100);
                o.OwnershipInterval = TimeSpan.FromMilliseconds(200);
            });
        using var host = builder.Build();
        await host.StartAsync();

        var store = host.Services.GetRequiredService<IEventStore>();
        await store.AppendAsync("hosted-1", ExpectedVersion.Any, [TestEvents.Added("a"), TestEvents.Added("b")]);
        var catalog = host.Services.GetRequiredService<ProjectionCatalog>();
        await EngineFixture.WaitUntilAsync(async () =>
        {
            try { return (await catalog.GetStatusAsync("hosted_counts")) is [{ State: ProjectionState.Running, LagEvents: 0 }]; }
            catch (Npgsql.PostgresException) { return false; } // the daemon is still creating its tables
        }, TimeSpan.FromSeconds(20), "the hosted daemon caught up");
        Assert.Equal(["hosted_counts/0"], host.Services.GetRequiredService<ProjectionDaemon>().Owned);
        await host.StopAsync();

        Assert.Equal(2, await db.ScalarAsync("SELECT count FROM {schema}.hosted_counts WHERE key = 'hosted-1'"));
    }
}
