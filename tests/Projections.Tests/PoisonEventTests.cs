using Es.EventStore;

namespace Es.Projections.Tests;

public sealed class PoisonEventTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    private static Hooked Picky(string name, Func<bool> broken)
    {
        var picky = Hooked.StreamCounts(name);
        picky.Before = (batch, _) =>
        {
            if (broken() && batch.Events.Any(e => e.Event.Data is Note { Text: "poison" }))
                throw new InvalidOperationException("cannot apply a poison note");
            return Task.CompletedTask;
        };
        return picky;
    }

    [Fact]
    public async Task A_poison_event_fails_only_its_projection_with_the_error_and_the_event_visible_and_a_skip_is_recorded()
    {
        var picky = Picky("picky", () => true);
        var sturdy = Hooked.StreamCounts("sturdy");
        await db.Store.AppendAsync("p-1", ExpectedVersion.Any, [TestEvents.Added("a"), TestEvents.Added("b")]);
        var poison = TestEvents.Noted("poison");
        await db.Store.AppendAsync("p-2", ExpectedVersion.Any, [TestEvents.Added("c"), poison, TestEvents.Added("d")]);
        await db.Store.AppendAsync("p-3", ExpectedVersion.Any, [TestEvents.Added("e")]);

        var catalog = db.Catalog(EngineFixture.Options(), picky, sturdy);
        var daemon = await db.StartDaemonAsync(catalog);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "sturdy");
        await EngineFixture.WaitUntilAsync(async () => (await catalog.GetStatusAsync("picky"))[0].State == ProjectionState.Failed,
            TimeSpan.FromSeconds(20), "picky fails");

        var failed = (await catalog.GetStatusAsync("picky")).Single();
        Assert.Contains("cannot apply a poison note", failed.LastError);
        Assert.Equal(poison.EventId, failed.FailedEvent!.EventId);
        Assert.Equal("p-2", failed.FailedEvent.StreamId);
        Assert.Equal("Note", failed.FailedEvent.EventType);
        Assert.True(failed.LagEvents >= 3);
        // Everything before the poison event is applied, though it came in the same batch.
        Assert.Equal(new Dictionary<string, long> { ["p-1"] = 2, ["p-2"] = 1 }, await db.KeyedAsync("SELECT key, count FROM {schema}.picky"));
        Assert.Equal(6, await db.ScalarAsync("SELECT sum(count) FROM {schema}.sturdy"));

        var skips = await catalog.SkipAsync("picky", skippedBy: "operator@test", reason: "known bad note");
        var skip = Assert.Single(skips);
        Assert.Equal(poison.EventId, skip.EventId);
        Assert.Equal("operator@test", skip.SkippedBy);
        Assert.Contains("cannot apply", skip.Error);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "picky");
        await daemon.StopAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, long> { ["p-1"] = 2, ["p-2"] = 2, ["p-3"] = 1 }, await db.KeyedAsync("SELECT key, count FROM {schema}.picky"));
        Assert.Equal(poison.EventId, Assert.Single(await catalog.GetSkipsAsync("picky")).EventId);
        Assert.DoesNotContain(await catalog.ExplainAsync("picky", "p-2"), e => e.EventId == poison.EventId);
    }
}

public sealed class PoisonRetryTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Retrying_a_failed_projection_after_a_fix_applies_the_event_it_stopped_on()
    {
        var broken = true;
        var picky = Hooked.StreamCounts("picky");
        picky.Before = (batch, _) => broken && batch.Events.Any(e => e.Event.Data is Note { Text: "poison" })
            ? throw new InvalidOperationException("not yet")
            : Task.CompletedTask;
        await db.Store.AppendAsync("r-1", ExpectedVersion.Any, [TestEvents.Added("a"), TestEvents.Noted("poison"), TestEvents.Added("b")]);

        var catalog = db.Catalog(EngineFixture.Options(), picky);
        var daemon = await db.StartDaemonAsync(catalog);
        await EngineFixture.WaitUntilAsync(async () => (await catalog.GetStatusAsync("picky"))[0].State == ProjectionState.Failed,
            TimeSpan.FromSeconds(20), "picky fails");
        broken = false;
        Assert.Equal(1, await catalog.RetryAsync("picky"));
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "picky");
        await daemon.StopAsync(CancellationToken.None);

        Assert.Equal(3, await db.ScalarAsync("SELECT count FROM {schema}.picky WHERE key = 'r-1'"));
        Assert.Empty(await catalog.GetSkipsAsync("picky"));
    }

    [Fact]
    public async Task A_paused_projection_applies_nothing_and_shows_its_lag_until_it_is_resumed()
    {
        var counts = Hooked.StreamCounts("pausable");
        var catalog = db.Catalog(EngineFixture.Options(), counts);
        var daemon = await db.StartDaemonAsync(catalog);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "pausable");
        Assert.Equal(1, await catalog.PauseAsync("pausable"));
        await db.Store.AppendAsync("pause-1", ExpectedVersion.Any, [TestEvents.Added("a")]);
        await Task.Delay(400);
        var paused = (await catalog.GetStatusAsync("pausable")).Single();
        Assert.Equal(ProjectionState.Paused, paused.State);
        Assert.Equal(1, paused.LagEvents);
        Assert.True(paused.LagSeconds >= 0.3, $"lag {paused.LagSeconds} s: the pending event waited at least the 400 ms pause");
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM {schema}.pausable WHERE key = 'pause-1'"));

        Assert.Equal(1, await catalog.ResumeAsync("pausable"));
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "pausable");
        await daemon.StopAsync(CancellationToken.None);
        Assert.Equal(1, await db.ScalarAsync("SELECT count FROM {schema}.pausable WHERE key = 'pause-1'"));
    }
}
