using System.Text.Json;
using Alba;
using Es.Domain;
using Es.EventStore;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Projections.Tests;

public sealed class HostingTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task The_Es_host_starts_with_its_projections_running_and_GET_projections_reports_them_caught_up_with_the_log()
    {
        await using var host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("Es:Postgres:ConnectionString", EngineFixture.ConnectionString);
            // The host binds Es:EventStore and Es:Projections: this test's own schema, not the shared "es".
            web.UseSetting("Es:EventStore:Schema", db.Schema);
            web.UseSetting("Es:Projections:NodeName", "hosting-test");
        });
        Assert.Equal(db.Schema, host.Services.GetRequiredService<IDocumentStore>().Options.Events.DatabaseSchemaName);
        Assert.Equal(db.Schema, host.Services.GetRequiredService<ProjectionCatalog>().EventSchema);
        Assert.Equal("hosting-test", host.Services.GetRequiredService<ProjectionOptions>().NodeName);

        var store = host.Services.GetRequiredService<IEventStore>();
        var member = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
            await store.AppendAsync($"handle-h{i}", ExpectedVersion.NoStream, [EventData.New(new HandleReserved($"h{i}", member, DateTimeOffset.UtcNow))]);
        await store.AppendAsync("post-1", ExpectedVersion.Any,
            [EventData.New(new PostLiked(Guid.Empty, member, DateTimeOffset.UtcNow)), EventData.New(new PostLiked(Guid.Empty, Guid.NewGuid(), DateTimeOffset.UtcNow))]);

        JsonElement eventCounts = default;
        var served = "";
        var caughtUp = EngineFixture.WaitUntilAsync(async () =>
        {
            var result = await host.Scenario(s =>
            {
                s.Get.Url("/projections");
                s.StatusCodeShouldBeOk();
            });
            var all = result.ReadAsJson<JsonElement>();
            served = all.GetRawText();
            eventCounts = all.EnumerateArray().SingleOrDefault(p => p.GetProperty("name").GetString() == "event_counts");
            return eventCounts.ValueKind == JsonValueKind.Object && eventCounts.GetProperty("lagEvents").GetInt64() == 0
                   && eventCounts.GetProperty("position").GetInt64() == 5;
        }, TimeSpan.FromSeconds(30), "GET /projections shows event_counts caught up");
        try { await caughtUp; }
        catch (TimeoutException e) { throw new TimeoutException($"{e.Message} It served: {served}", e); }

        Assert.Equal("Running", eventCounts.GetProperty("state").GetString());
        Assert.Equal("Async", eventCounts.GetProperty("mode").GetString());
        Assert.True(eventCounts.GetProperty("isCurrent").GetBoolean());
        Assert.Equal(1, eventCounts.GetProperty("generation").GetInt32());
        Assert.Equal(new Dictionary<string, long> { ["HandleReserved"] = 3, ["PostLiked"] = 2 },
            await db.KeyedAsync("SELECT key, count FROM {schema}.event_counts"));
        await host.Scenario(s =>
        {
            s.Get.Url("/health");
            s.StatusCodeShouldBeOk();
        });
    }
}
