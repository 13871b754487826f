using System.CommandLine;
using Es.EventStore;
using Es.Projections.Cli;
using Spectre.Console;

namespace Es.Projections.Tests;

/// <summary>Runs <c>projections ...</c> as an operator would, into a plain (non-interactive, no colour) console.</summary>
internal static class Cli
{
    public static async Task<(int Exit, string Output)> RunAsync(ProjectionCatalog catalog, params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        var root = new RootCommand { ProjectionsCommand.Create(() => catalog, console) };
        // A command that never returns fails the test instead of hanging it (exit 130, "Cancelled.").
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var exit = await root.Parse(["projections", .. args]).InvokeAsync(cancellationToken: timeout.Token);
        return (exit, output.ToString());
    }

    /// <summary>The cells of the table rows of a command's output, trimmed (borders are box-drawing or ASCII characters).</summary>
    public static List<string[]> Rows(string output) => output.Split('\n')
        .Select(line => line.Split('│', '|').Select(c => c.Trim()).ToArray())
        .Where(cells => cells.Length > 2)
        .Select(cells => cells[1..^1])
        .ToList();
}

public sealed class CliRebuildTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Cli_rebuild_waits_for_the_new_build_showing_progress_exits_0_and_list_and_status_show_it_current()
    {
        const int streams = 20, eventsPerStream = 10, events = streams * eventsPerStream;
        await TestEvents.AppendStreamsAsync(db.Store, streams, eventsPerStream);
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 50), Hooked.StreamCounts("cli_counts"));
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(20), "cli_counts");
        // The operator's process: the same projections, no daemon of its own; --run-here lends a rebuild runner.
        var operatorCatalog = db.BuildNode(EngineFixture.Options(), Hooked.StreamCounts("cli_counts")).Catalog;

        var (exit, output) = await Cli.RunAsync(operatorCatalog, "rebuild", "cli_counts", "--run-here");
        Assert.True(exit == 0, output);
        Assert.Contains("Rebuilding cli_counts as build g2 beside the current one.", output);
        Assert.Contains($"cli_counts g2  {events:N0}/{events:N0} (100%)", output);
        Assert.Contains("ev/s", output);
        Assert.Contains("cli_counts: build g2 is current.", output);

        (exit, output) = await Cli.RunAsync(operatorCatalog, "list");
        Assert.True(exit == 0, output);
        var listed = Assert.Single(Cli.Rows(output), r => r[0] == "cli_counts");
        Assert.Equal(["cli_counts", "1", "Async", "ItemAdded, Note", "g2 (v1)", "running"], listed);

        (exit, output) = await Cli.RunAsync(operatorCatalog, "status", "cli_counts");
        Assert.True(exit == 0, output);
        var status = Assert.Single(Cli.Rows(output), r => r[0] == "cli_counts");
        Assert.Equal(["cli_counts", "g2 v1 current", "running", events.ToString(), "0", "0.0"], status[..6]);
        Assert.Equal(await db.CountByStreamAsync(), await db.KeyedAsync("SELECT key, count FROM {schema}.cli_counts"));
    }
}

public sealed class CliRebuildFailureTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Cli_rebuild_exits_1_with_the_error_when_the_new_build_cannot_apply_an_event_while_the_served_build_keeps_serving()
    {
        var broken = false;
        var poison = TestEvents.Noted("poison");
        await db.Store.AppendAsync("c-1", ExpectedVersion.Any, [TestEvents.Added("a"), poison, TestEvents.Added("b")]);
        await using var node = await db.StartNodeAsync(EngineFixture.Options(), Poison.Picky("fragile", () => broken));
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(20), "fragile");
        var served = await db.KeyedAsync("SELECT key, count FROM {schema}.fragile");
        Assert.Equal(await db.CountByStreamAsync(), served);

        // A change that cannot apply an event already in the log: the rebuild stops on it.
        broken = true;
        var (exit, output) = await Cli.RunAsync(node.Catalog, "rebuild", "fragile");
        Assert.True(exit == 1, output);
        Assert.Contains("fragile g2: failed:", output);
        Assert.Contains(Poison.Message, output);
        Assert.Contains($"#{await Poison.SequenceOfAsync(db, poison.EventId)}", output);
        Assert.DoesNotContain("is current", output);

        (exit, output) = await Cli.RunAsync(node.Catalog, "status", "fragile");
        Assert.True(exit == 0, output);
        var rows = Cli.Rows(output).Where(r => r[0] == "fragile").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["g1 v1 current", "running"], rows[0][1..3]);
        Assert.Equal(["g2 v1", "failed"], rows[1][1..3]);
        Assert.Contains(Poison.Message, rows[1][^1]);
        Assert.Equal(served, await db.KeyedAsync("SELECT key, count FROM {schema}.fragile"));

        // Fixed: the rebuild runner, which keeps trying, gets past the event and swaps the build in.
        broken = false;
        await EngineFixture.WaitUntilAsync(async () => (await node.Catalog.GetStatusAsync("fragile")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(20), "the fixed rebuild is current");
        (exit, output) = await Cli.RunAsync(node.Catalog, "status", "fragile");
        Assert.True(exit == 0, output);
        Assert.Equal(["g2 v1 current", "running"], Assert.Single(Cli.Rows(output), r => r[0] == "fragile")[1..3]);
        Assert.Equal(served, await db.KeyedAsync("SELECT key, count FROM {schema}.fragile"));
    }
}

public sealed class CliOperatorTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Cli_status_shows_the_event_a_projection_stopped_on_and_skip_records_the_operator_and_moves_it_past_that_event()
    {
        var poison = TestEvents.Noted("poison");
        await db.Store.AppendAsync("s-1", ExpectedVersion.Any, [TestEvents.Added("a"), poison, TestEvents.Added("b")]);
        var poisonAt = await Poison.SequenceOfAsync(db, poison.EventId);
        await using var node = await db.StartNodeAsync(EngineFixture.Options(), Poison.Picky("cli_picky", () => true));
        await Poison.WaitFailedAsync(node.Catalog, "cli_picky");

        var (exit, output) = await Cli.RunAsync(node.Catalog, "status", "cli_picky");
        Assert.True(exit == 0, output);
        var row = Assert.Single(Cli.Rows(output), r => r[0] == "cli_picky");
        Assert.Equal(["g1 v1 current", "failed"], row[1..3]);
        Assert.Contains(Poison.Message, row[^1]);
        Assert.Contains($"cli_picky g1 stopped on Note {poison.EventId} of 's-1' at {poisonAt}: retry or skip it.", output);

        (exit, output) = await Cli.RunAsync(node.Catalog, "resume", "cli_picky");
        Assert.Equal(1, exit);
        Assert.Contains("cli_picky: nothing to do, it was not paused.", output);

        (exit, output) = await Cli.RunAsync(node.Catalog, "skip", "cli_picky", "--reason", "bad note", "--by", "ops@test");
        Assert.True(exit == 0, output);
        Assert.Contains($"Skipped Note {poison.EventId} of 's-1' at {poisonAt}.", output);
        var skip = Assert.Single(await node.Catalog.GetSkipsAsync("cli_picky"));
        Assert.Equal(("ops@test", "bad note", poison.EventId), (skip.SkippedBy, skip.Reason, skip.EventId));
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(20), "cli_picky");

        (exit, output) = await Cli.RunAsync(node.Catalog, "status", "cli_picky");
        Assert.True(exit == 0, output);
        Assert.Equal(["g1 v1 current", "running"], Assert.Single(Cli.Rows(output), r => r[0] == "cli_picky")[1..3]);
        Assert.DoesNotContain("stopped on", output);
        Assert.Equal((await db.CountByStreamAsync())["s-1"] - 1, await db.ScalarAsync("SELECT count FROM {schema}.cli_picky WHERE key = 's-1'"));

        (exit, output) = await Cli.RunAsync(node.Catalog, "skip", "cli_picky", "--reason", "again");
        Assert.Equal(1, exit);
        Assert.Contains("Nothing to skip", output);
        (exit, output) = await Cli.RunAsync(node.Catalog, "retry", "cli_picky");
        Assert.Equal(1, exit);
        Assert.Contains("cli_picky: nothing to do, it was not failed.", output);
    }

    [Fact]
    public async Task Cli_explain_prints_one_row_per_event_behind_the_key_in_log_order()
    {
        await db.Store.AppendAsync("x-1", ExpectedVersion.Any, [TestEvents.Added("a")]);
        await db.Store.AppendAsync("x-2", ExpectedVersion.Any, [TestEvents.Added("b")]);
        await db.Store.AppendAsync("x-1", ExpectedVersion.Any, [TestEvents.Noted("c"), TestEvents.Added("d")]);
        await using var node = await db.StartNodeAsync(EngineFixture.Options(), Hooked.StreamCounts("cli_explained"));
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(20), "cli_explained");

        var (exit, output) = await Cli.RunAsync(node.Catalog, "explain", "cli_explained", "x-1");
        Assert.True(exit == 0, output);
        var rows = Cli.Rows(output).Where(r => r[0] != "Position").ToList();
        var log = await db.Store.ReadStreamAsync("x-1");
        Assert.Equal(log.Select(e => $"{e.Sequence} {e.EventType} {e.StreamId} {e.StreamVersion}"), rows.Select(r => string.Join(' ', r[..4])));
    }

    [Fact]
    public async Task Cli_pause_and_resume_act_on_the_projection_from_any_process_and_say_when_there_is_nothing_to_do()
    {
        // No daemon in this process: the commands are rows in PostgreSQL.
        var catalog = db.BuildNode(EngineFixture.Options(), Hooked.StreamCounts("cli_ops")).Catalog;

        var (exit, output) = await Cli.RunAsync(catalog, "pause", "cli_ops");
        Assert.True(exit == 0, output);
        Assert.Contains("cli_ops: paused.", output);
        Assert.Equal(ProjectionState.Paused, (await catalog.GetStatusAsync("cli_ops")).Single().State);
        (exit, output) = await Cli.RunAsync(catalog, "pause", "cli_ops");
        Assert.Equal(1, exit);
        Assert.Contains("cli_ops: nothing to do, it was not running.", output);

        (exit, output) = await Cli.RunAsync(catalog, "resume", "cli_ops");
        Assert.True(exit == 0, output);
        Assert.Contains("cli_ops: resumed.", output);
        // Running, or Rebuilding when this class's earlier tests left a log for its first build to be made from.
        Assert.DoesNotContain(await catalog.GetStatusAsync("cli_ops"), s => s.State is ProjectionState.Paused or ProjectionState.Failed);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("retry")]
    [InlineData("skip")]
    [InlineData("rebuild")]
    [InlineData("status")]
    [InlineData("explain", "k")]
    public async Task Cli_commands_on_an_unknown_projection_exit_2_naming_it(string verb, string? key = null)
    {
        var catalog = db.BuildNode(EngineFixture.Options(), Hooked.StreamCounts("cli_known")).Catalog;
        var (exit, output) = await Cli.RunAsync(catalog, key is null ? [verb, "no_such_projection"] : [verb, "no_such_projection", key]);
        Assert.Equal(2, exit);
        Assert.Contains("No projection named 'no_such_projection'.", output);
    }
}
