using System.CommandLine;
using Es.EventStore;
using Es.Projections.Cli;
using Spectre.Console;

namespace Es.Projections.Tests;

public sealed class CliTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    private static (IAnsiConsole Console, StringWriter Output) Console()
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
        return (console, output);
    }

    private static async Task<(int Exit, string Output)> RunAsync(ProjectionCatalog catalog, params string[] args)
    {
        var (console, output) = Console();
        var root = new RootCommand { ProjectionsCommand.Create(() => catalog, console) };
        var exit = await root.Parse(["projections", .. args]).InvokeAsync();
        return (exit, output.ToString());
    }

    [Fact]
    public async Task Cli_rebuild_runs_to_completion_with_progress_and_list_and_status_show_the_new_build()
    {
        await StopMidBatchTests.AppendStreamsAsync(db.Store, 20, 10);
        var catalog = db.Catalog(EngineFixture.Options(), Hooked.StreamCounts("cli_counts"));

        var (exit, output) = await RunAsync(catalog, "rebuild", "cli_counts", "--run-here");
        Assert.Equal(0, exit);
        Assert.Contains("build g2 is current", output);
        Assert.Contains("ev/s", output);
        Assert.Contains("100%", output);

        (exit, output) = await RunAsync(catalog, "list");
        Assert.Equal(0, exit);
        Assert.Contains("cli_counts", output);
        Assert.Contains("g2 (v1)", output);

        (exit, output) = await RunAsync(catalog, "status", "cli_counts");
        Assert.Equal(0, exit);
        Assert.Contains("g2 v1 current", output);
        Assert.Equal(TestEvents.CountByStream(await db.WholeLogAsync()), await db.KeyedAsync("SELECT key, count FROM {schema}.cli_counts"));
    }

    [Fact]
    public async Task Cli_pause_resume_and_skip_act_on_the_projection_and_unknown_names_are_reported()
    {
        var catalog = db.Catalog(EngineFixture.Options(), Hooked.StreamCounts("cli_ops"));
        Assert.Equal(0, (await RunAsync(catalog, "pause", "cli_ops")).Exit);
        Assert.Equal(ProjectionState.Paused, (await catalog.GetStatusAsync("cli_ops")).Single().State);
        Assert.Equal(0, (await RunAsync(catalog, "resume", "cli_ops")).Exit);
        Assert.NotEqual(ProjectionState.Paused, (await catalog.GetStatusAsync("cli_ops")).Single().State);

        var (exit, output) = await RunAsync(catalog, "skip", "cli_ops", "--reason", "test");
        Assert.Equal(1, exit);
        Assert.Contains("Nothing to skip", output);

        (exit, output) = await RunAsync(catalog, "pause", "no_such_projection");
        Assert.Equal(2, exit);
        Assert.Contains("No projection named 'no_such_projection'", output);
    }
}
