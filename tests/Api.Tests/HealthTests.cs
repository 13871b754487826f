using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Alba;
using Es.Api.Health;
using Es.EventStore;
using Es.Projections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Es.Api.Tests;

/// <summary>/health, /health/live and /health/ready as a load balancer and an operator read them.</summary>
public sealed class HealthTests(ApiHost api) : IClassFixture<ApiHost>
{
    private static readonly string[] Projections = ["activity", "anomalies", "average_ticket", "chat", "customer_spend", "event_counts", "feed", "meetups", "members", "merchants", "network", "polls", "regions", "restaurant_performance", "sales_search", "trends"];

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(IAlbaHost host, string path)
    {
        using var response = await host.Server.CreateClient().GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private static JsonElement Check(JsonElement report, string name) => report.GetProperty("checks").GetProperty(name);

    private static string Status(JsonElement element) => element.GetProperty("status").GetString()!;

    [Fact]
    public async Task Ready_is_healthy_once_migrated_and_lists_every_projection_with_its_state_and_lag()
    {
        var (status, report) = await GetAsync(api.Host, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", Status(report));
        Assert.Equal("Healthy", Status(Check(report, "postgres")));
        var migrations = Check(report, "migrations");
        Assert.Equal("Healthy", Status(migrations));
        Assert.Equal(["accounts", "event store", "projection tables"], migrations.GetProperty("data").EnumerateObject().Select(p => p.Name));
        Assert.All(migrations.GetProperty("data").EnumerateObject(), p => Assert.Equal("done", p.Value.GetString()));
        var projections = Check(report, "projections").GetProperty("data");
        Assert.Equal(Projections, projections.EnumerateObject().Select(p => p.Name).Order());
        Assert.All(projections.EnumerateObject(), p =>
        {
            Assert.Equal("running", p.Value.GetProperty("state").GetString());
            Assert.True(p.Value.GetProperty("lagEvents").GetInt64() >= 0);
            Assert.True(p.Value.TryGetProperty("lagSeconds", out _));
        });
    }

    [Fact]
    public async Task A_paused_projection_makes_the_node_degraded_but_still_ready_naming_the_projection()
    {
        var catalog = api.Host.Services.GetRequiredService<ProjectionCatalog>();
        Assert.True(await catalog.PauseAsync("feed"));
        try
        {
            foreach (var path in new[] { "/health/ready", "/health" })
            {
                var (status, report) = await GetAsync(api.Host, path);
                Assert.Equal(HttpStatusCode.OK, status); // Degraded still takes traffic
                Assert.Equal("Degraded", Status(report));
                var projections = Check(report, "projections");
                Assert.Equal("Degraded", Status(projections));
                Assert.Contains("feed is paused", projections.GetProperty("description").GetString());
                Assert.Equal("paused", projections.GetProperty("data").GetProperty("feed").GetProperty("state").GetString());
                Assert.Equal("running", projections.GetProperty("data").GetProperty("members").GetProperty("state").GetString());
            }
        }
        finally
        {
            await catalog.ResumeAsync("feed");
        }
    }

    [Fact]
    public async Task Live_answers_healthy_without_running_any_check()
    {
        var (status, report) = await GetAsync(api.Host, "/health/live");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", Status(report));
        Assert.Empty(report.GetProperty("checks").EnumerateObject());
    }

    /// <summary>A port nothing listens on: connecting is refused at once.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Postgres_check_reports_an_unreachable_server_unhealthy_without_waiting_for_the_connect_timeout()
    {
        await using var unreachable = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Database=es");
        var check = new PostgresHealthCheck(unreachable, new HealthOptions { PostgresTimeout = TimeSpan.FromSeconds(2) });
        var started = DateTime.UtcNow;

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("PostgreSQL is unreachable", result.Description);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Migrations_check_is_unhealthy_until_every_expected_migration_has_finished()
    {
        var migrations = new StartupMigrations();
        migrations.Expect("event store");
        migrations.Expect("accounts");
        migrations.Complete("event store");
        var check = new MigrationsHealthCheck(migrations);

        var waiting = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, waiting.Status);
        Assert.Equal("Waiting for migrations: accounts.", waiting.Description);

        migrations.Complete("accounts");
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task Health_answers_503_unhealthy_when_PostgreSQL_cannot_be_reached_while_live_stays_200()
    {
        // The host cannot start without PostgreSQL (it migrates first), so it starts on the real one
        // and its PostgreSQL check is pointed at a closed port: what a node sees when the server goes away.
        var schema = "es_api_" + Guid.NewGuid().ToString("N")[..12];
        var unreachable = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Database=es");
        var host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("Es:Postgres:ConnectionString", ApiHost.ConnectionString);
            web.UseSetting("Es:EventStore:Schema", schema);
            web.UseSetting("Es:Projections:NodeName", "api-health-test");
            web.ConfigureTestServices(s => s.AddSingleton(new PostgresHealthCheck(unreachable, new HealthOptions())));
        });
        try
        {
            var (status, report) = await GetAsync(host, "/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", Status(report));
            Assert.Equal("Unhealthy", Status(Check(report, "postgres")));
            Assert.StartsWith("PostgreSQL is unreachable", Check(report, "postgres").GetProperty("description").GetString());

            (status, report) = await GetAsync(host, "/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);

            (status, _) = await GetAsync(host, "/health/live");
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            await host.DisposeAsync();
            await unreachable.DisposeAsync();
            await using var dataSource = NpgsqlDataSource.Create(ApiHost.ConnectionString);
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
