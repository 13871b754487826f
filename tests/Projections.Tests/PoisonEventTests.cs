using Es.EventStore;

namespace Es.Projections.Tests;

/// <summary>What the poison-event tests share: a projection that cannot apply a "poison" note, and looks at the log.</summary>
internal static class Poison
{
    public const string Message = "cannot apply a poison note";

    /// <summary>Counts events per stream, and throws on a page holding a poison note while <paramref name="broken"/> says so.</summary>
    public static Hooked Picky(string name, Func<bool> broken)
    {
        var picky = Hooked.StreamCounts(name);
        picky.Before = (batch, _) => broken() && batch.Events.Any(e => e.Event.Data is Note { Text: "poison" })
            ? throw new InvalidOperationException(Message)
            : Task.CompletedTask;
        return picky;
    }

    public static Task<long> SequenceOfAsync(EngineFixture db, Guid eventId) =>
        db.ScalarAsync($"SELECT seq_id FROM {{schema}}.mt_events WHERE id = '{eventId}'");

    /// <summary>Events per stream in the log up to and including a position: what a projection that stopped there has applied.</summary>
    public static Task<Dictionary<string, long>> CountByStreamUpToAsync(EngineFixture db, long position) =>
        db.KeyedAsync($"SELECT stream_id, count(*) FROM {{schema}}.mt_events WHERE seq_id <= {position} AND type <> 'tombstone' GROUP BY stream_id");

    public static async Task<ProjectionStatus> WaitFailedAsync(ProjectionCatalog catalog, string name, DateTimeOffset? after = null)
    {
        await EngineFixture.WaitUntilAsync(async () => (await catalog.GetStatusAsync(name)) is [{ State: ProjectionState.Failed, FailedEvent: { } f }]
                                                        && (after is null || f.FailedAt > after),
            TimeSpan.FromSeconds(20), $"{name} fails");
        return (await catalog.GetStatusAsync(name)).Single();
    }
}

public sealed class PoisonEventTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task A_poison_event_stops_only_its_projection_on_that_event_with_the_error_in_status_and_a_skip_records_who_and_why_and_passes_exactly_that_event()
    {
        await db.Store.AppendAsync("p-1", ExpectedVersion.Any, [TestEvents.Added("a"), TestEvents.Added("b")]);
        var poison = TestEvents.Noted("poison");
        await db.Store.AppendAsync("p-2", ExpectedVersion.Any, [TestEvents.Added("c"), poison, TestEvents.Added("d")]);
        await db.Store.AppendAsync("p-3", ExpectedVersion.Any, [TestEvents.Added("e")]);
        var poisonAt = await Poison.SequenceOfAsync(db, poison.EventId);
        var logged = await db.CountByStreamAsync();

        // Pages of two: the pages before the poison event's page are applied and kept.
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 2), Poison.Picky("picky", () => true), Hooked.StreamCounts("sturdy"));
        var catalog = node.Catalog;
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "sturdy");
        var failed = await Poison.WaitFailedAsync(catalog, "picky");

        Assert.Contains(Poison.Message, failed.LastError);
        Assert.Equal(poison.EventId, failed.FailedEvent!.EventId);
        Assert.Equal(poisonAt, failed.FailedEvent.Sequence);
        Assert.Equal("p-2", failed.FailedEvent.StreamId);
        Assert.Equal("Note", failed.FailedEvent.EventType);
        // Stopped before the poison event: its page is not applied, and what is applied is exactly the log up to the checkpoint.
        Assert.InRange(failed.Position, 1, poisonAt - 1);
        Assert.Equal(logged.Values.Sum() - failed.Position, failed.LagEvents);
        Assert.Equal(await Poison.CountByStreamUpToAsync(db, failed.Position), await db.KeyedAsync("SELECT key, count FROM {schema}.picky"));
        // The other projection is not held up by it.
        Assert.Equal(logged, await db.KeyedAsync("SELECT key, count FROM {schema}.sturdy"));

        // Never passed over on its own: several control-loop rounds later it is still stopped on the same event.
        await Task.Delay(600);
        var still = (await catalog.GetStatusAsync("picky")).Single();
        Assert.Equal(ProjectionState.Failed, still.State);
        Assert.Equal(poison.EventId, still.FailedEvent?.EventId);
        Assert.Equal(failed.Position, still.Position);
        Assert.Empty(await catalog.GetSkipsAsync("picky"));

        var skip = await catalog.SkipAsync("picky", skippedBy: "operator@test", reason: "known bad note");
        Assert.NotNull(skip);
        Assert.Equal(poison.EventId, skip.EventId);
        Assert.Equal(poisonAt, skip.Sequence);
        Assert.Equal("p-2", skip.StreamId);
        Assert.Equal("Note", skip.EventType);
        Assert.Equal("operator@test", skip.SkippedBy);
        Assert.Equal("known bad note", skip.Reason);
        Assert.Contains(Poison.Message, skip.Error);
        // The failure is cleared with the skip.
        var resumed = (await catalog.GetStatusAsync("picky")).Single();
        Assert.Null(resumed.FailedEvent);
        Assert.Null(resumed.LastError);
        Assert.Null(await catalog.SkipAsync("picky", "operator@test", "twice"));
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "picky");

        // Everything but that one event: the log's counts less one for its stream.
        var expected = new Dictionary<string, long>(logged) { ["p-2"] = logged["p-2"] - 1 };
        Assert.Equal(expected, await db.KeyedAsync("SELECT key, count FROM {schema}.picky"));
        Assert.Equal(poison.EventId, Assert.Single(await catalog.GetSkipsAsync("picky")).EventId);
        var explained = await catalog.ExplainAsync("picky", "p-2");
        Assert.Equal((await db.Store.ReadStreamAsync("p-2")).Where(e => e.EventId != poison.EventId).Select(e => e.EventId), explained.Select(e => e.EventId));
    }
}

public sealed class PoisonRetryTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Retrying_without_a_fix_stops_on_the_same_event_again_and_retrying_after_the_fix_applies_it_and_clears_the_failure()
    {
        var broken = true;
        var poison = TestEvents.Noted("poison");
        await db.Store.AppendAsync("r-1", ExpectedVersion.Any, [TestEvents.Added("a"), poison, TestEvents.Added("b")]);
        await using var node = await db.StartNodeAsync(EngineFixture.Options(), Poison.Picky("retried", () => broken));
        var catalog = node.Catalog;
        var first = await Poison.WaitFailedAsync(catalog, "retried");
        Assert.Equal(poison.EventId, first.FailedEvent!.EventId);

        Assert.True(await catalog.RetryAsync("retried"));
        var again = await Poison.WaitFailedAsync(catalog, "retried", after: first.FailedEvent.FailedAt);
        Assert.Equal(poison.EventId, again.FailedEvent!.EventId);
        Assert.Contains(Poison.Message, again.LastError);

        broken = false;
        Assert.True(await catalog.RetryAsync("retried"));
        Assert.False(await catalog.RetryAsync("retried"));
        var retrying = (await catalog.GetStatusAsync("retried")).Single();
        Assert.Null(retrying.FailedEvent);
        Assert.Null(retrying.LastError);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "retried");

        Assert.Equal((await db.CountByStreamAsync())["r-1"], await db.ScalarAsync("SELECT count FROM {schema}.retried WHERE key = 'r-1'"));
        Assert.Empty(await catalog.GetSkipsAsync("retried"));
        Assert.Contains(poison.EventId, (await catalog.ExplainAsync("retried", "r-1")).Select(e => e.EventId));
    }

    [Fact]
    public async Task A_paused_projection_applies_nothing_and_shows_its_lag_until_it_is_resumed()
    {
        await using var node = await db.StartNodeAsync(EngineFixture.Options(), Hooked.StreamCounts("pausable"));
        var catalog = node.Catalog;
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "pausable");
        Assert.True(await catalog.PauseAsync("pausable"));
        Assert.False(await catalog.PauseAsync("pausable"));
        await db.Store.AppendAsync("pause-1", ExpectedVersion.Any, [TestEvents.Added("a"), TestEvents.Added("b")]);
        const int pausedMs = 400;
        await Task.Delay(pausedMs);

        var paused = (await catalog.GetStatusAsync("pausable")).Single();
        Assert.Equal(ProjectionState.Paused, paused.State);
        Assert.Equal(2, paused.LagEvents);
        Assert.True(paused.LagSeconds >= pausedMs / 1000.0 * 0.75, $"lag {paused.LagSeconds} s: the pending events waited the {pausedMs} ms pause");
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM {schema}.pausable WHERE key = 'pause-1'"));

        Assert.True(await catalog.ResumeAsync("pausable"));
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "pausable");
        Assert.Equal(2, await db.ScalarAsync("SELECT count FROM {schema}.pausable WHERE key = 'pause-1'"));
    }

    [Fact]
    public async Task A_rebuild_of_a_paused_projection_waits_until_it_is_resumed_and_then_swaps_in_exact()
    {
        await TestEvents.AppendStreamsAsync(db.Store, streams: 10, eventsPerStream: 30);
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 50), Hooked.StreamCounts("held"));
        var catalog = node.Catalog;
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "held");
        Assert.True(await catalog.PauseAsync("held"));
        var generation = await catalog.RebuildAsync("held");
        await Task.Delay(TimeSpan.FromMilliseconds(800)); // several of the runner's 100 ms polls

        var builds = await catalog.GetStatusAsync("held");
        var waiting = builds.Single(b => b.Generation == generation);
        Assert.False(waiting.IsCurrent);
        Assert.Equal(0, waiting.Position);
        Assert.Contains(builds, b => b.IsCurrent && b.Generation != generation);

        Assert.True(await catalog.ResumeAsync("held"));
        await EngineFixture.WaitUntilAsync(async () => (await catalog.GetStatusAsync("held")) is [{ IsCurrent: true } only] && only.Generation == generation,
            TimeSpan.FromSeconds(30), "the rebuild swapped in after the resume");
        Assert.Equal(await db.CountByStreamAsync(), await db.KeyedAsync("SELECT key, count FROM {schema}.held"));
    }
}

public sealed class PoisonStatementTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task A_statement_that_fails_in_the_database_stops_its_projection_on_that_event_as_a_thrown_error_does()
    {
        await db.Store.AppendAsync("q-1", ExpectedVersion.Any, [TestEvents.Added("a"), TestEvents.Added("b")]);
        var poison = TestEvents.Noted("poison");
        await db.Store.AppendAsync("q-2", ExpectedVersion.Any, [TestEvents.Added("c"), poison, TestEvents.Added("d")]);
        var poisonAt = await Poison.SequenceOfAsync(db, poison.EventId);

        // Nothing throws in the apply step: the page's statements fail when PostgreSQL runs them.
        var sqlPicky = Hooked.StreamCounts("sql_picky");
        sqlPicky.Before = (batch, _) =>
        {
            if (batch.Events.Any(e => e.Event.Data is Note { Text: "poison" })) batch.Execute("SELECT 1 / 0");
            return Task.CompletedTask;
        };
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 2), sqlPicky);
        var failed = await Poison.WaitFailedAsync(node.Catalog, "sql_picky");

        Assert.Contains("division by zero", failed.LastError);
        Assert.Equal(poison.EventId, failed.FailedEvent!.EventId);
        Assert.Equal(poisonAt, failed.FailedEvent.Sequence);
        Assert.InRange(failed.Position, 1, poisonAt - 1);
    }
}
