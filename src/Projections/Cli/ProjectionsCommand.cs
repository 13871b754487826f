using System.CommandLine;
using Es.Projections.Rebuilds;
using Spectre.Console;

namespace Es.Projections.Cli;

/// <summary>
/// <c>projections list|status|rebuild|pause|resume|retry|skip|explain</c>: the operator's
/// commands, as one System.CommandLine <see cref="Command"/> a host mounts under its root.
/// Every command acts through PostgreSQL, so it works from any node, daemon running or not.
/// </summary>
public static class ProjectionsCommand
{
    /// <param name="catalog">Resolves the engine (from the host's services) when a command runs.</param>
    /// <param name="console">Where output goes; the terminal when null.</param>
    public static Command Create(Func<ProjectionCatalog> catalog, IAnsiConsole? console = null)
    {
        var command = new Command("projections", "List, watch and operate the projections (read models).");
        IAnsiConsole Out() => console ?? AnsiConsole.Console;
        var name = new Argument<string>("NAME") { Description = "The projection's name." };

        var list = new Command("list", "The registered projections and their current builds.");
        list.SetAction((_, ct) => RunAsync(Out(), catalog, ct, (c, o) => ListAsync(c, o, ct)));
        command.Add(list);

        var statusName = new Argument<string?>("NAME") { Description = "One projection; all when left out.", Arity = ArgumentArity.ZeroOrOne };
        var status = new Command("status", "Position, lag, rate, state and last error of every build and shard.") { statusName };
        status.SetAction((r, ct) => RunAsync(Out(), catalog, ct, (c, o) => StatusAsync(c, o, r.GetValue(statusName), ct)));
        command.Add(status);

        var noWait = new Option<bool>("--no-wait") { Description = "Start the rebuild and return; a node's rebuild runner finishes it." };
        var runHere = new Option<bool>("--run-here") { Description = "Also run the rebuild runner in this process (when no node runs one)." };
        var rebuild = new Command("rebuild", "Rebuild a projection from the start of the log, beside the serving build, and swap it in.") { name, noWait, runHere };
        rebuild.SetAction((r, ct) => RunAsync(Out(), catalog, ct,
            (c, o) => RebuildAsync(c, o, r.GetRequiredValue(name), r.GetValue(noWait), r.GetValue(runHere), ct)));
        command.Add(rebuild);

        command.Add(Simple("pause", "Stop applying events to a projection (every build) until resumed.", name, catalog, Out,
            (c, n, ct) => c.PauseAsync(n, ct), "paused", "was not running"));
        command.Add(Simple("resume", "Resume a paused projection from its checkpoint.", name, catalog, Out,
            (c, n, ct) => c.ResumeAsync(n, ct), "resumed", "was not paused"));
        command.Add(Simple("retry", "Try again the event a failed projection stopped on.", name, catalog, Out,
            (c, n, ct) => c.RetryAsync(n, ct), "retrying", "was not failed"));

        var reason = new Option<string?>("--reason") { Description = "Why the event is skipped (recorded)." };
        var by = new Option<string?>("--by") { Description = "Who skips it (recorded); the OS user when left out." };
        var skip = new Command("skip", "Skip the event a failed projection stopped on; the skip is recorded.") { name, reason, by };
        skip.SetAction((r, ct) => RunAsync(Out(), catalog, ct, async (c, o) =>
        {
            var s = await c.SkipAsync(r.GetRequiredValue(name), r.GetValue(by) ?? Environment.UserName, r.GetValue(reason), ct);
            if (s is null)
            {
                o.MarkupLine("[yellow]Nothing to skip:[/] the projection is not failed on an event.");
                return 1;
            }
            o.MarkupLineInterpolated($"Skipped [bold]{s.EventType}[/] {s.EventId} of '{s.StreamId}' at {s.Sequence}.");
            return 0;
        }));
        command.Add(skip);

        var key = new Argument<string>("KEY") { Description = "The key of the read-model row." };
        var explain = new Command("explain", "The events that made one read-model row, in log order.") { name, key };
        explain.SetAction((r, ct) => RunAsync(Out(), catalog, ct, async (c, o) =>
        {
            var events = await c.ExplainAsync(r.GetRequiredValue(name), r.GetRequiredValue(key), ct);
            var table = new Table().AddColumns("Position", "Type", "Stream", "Version", "Recorded", "Actor");
            foreach (var e in events)
                table.AddRow(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(e.EventType), Markup.Escape(e.StreamId),
                    e.StreamVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), e.RecordedAt.ToString("u"), Markup.Escape(e.Metadata.Actor ?? ""));
            o.Write(table);
            return 0;
        }));
        command.Add(explain);
        return command;
    }

    private static Command Simple(string verb, string description, Argument<string> name, Func<ProjectionCatalog> catalog, Func<IAnsiConsole> console,
        Func<ProjectionCatalog, string, CancellationToken, Task<bool>> act, string done, string notDone)
    {
        var command = new Command(verb, description) { name };
        command.SetAction((r, ct) => RunAsync(console(), catalog, ct, async (c, o) =>
        {
            var n = r.GetRequiredValue(name);
            var changed = await act(c, n, ct);
            o.MarkupLineInterpolated($"{n}: {(changed ? done : "nothing to do, it " + notDone)}.");
            return changed ? 0 : 1;
        }));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, Func<ProjectionCatalog> resolve, CancellationToken ct,
        Func<ProjectionCatalog, IAnsiConsole, Task<int>> run)
    {
        try
        {
            var catalog = resolve();
            await catalog.PrepareAsync(ct);
            return await run(catalog, console);
        }
        catch (ProjectionException ex)
        {
            console.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 2;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Cancelled.[/]");
            return 130;
        }
    }

    private static async Task<int> ListAsync(ProjectionCatalog catalog, IAnsiConsole console, CancellationToken ct)
    {
        var status = await catalog.GetStatusAsync(ct: ct);
        var table = new Table().AddColumns("Name", "Version", "Mode", "Event types", "Current build", "State");
        foreach (var p in catalog.Registry.All.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var current = status.FirstOrDefault(s => s.Name == p.Name && s.IsCurrent);
            var building = status.FirstOrDefault(s => s.Name == p.Name && !s.IsCurrent);
            table.AddRow(Markup.Escape(p.Name), p.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Mode.ToString(),
                Markup.Escape(string.Join(", ", p.EventTypes.Order())),
                current is null ? "-" : $"g{current.Generation} (v{current.Version})" + (building is null ? "" : $", building g{building.Generation}"),
                StateMarkup(current?.State ?? ProjectionState.Rebuilding));
        }
        console.Write(table);
        return 0;
    }

    private static async Task<int> StatusAsync(ProjectionCatalog catalog, IAnsiConsole console, string? name, CancellationToken ct)
    {
        var status = await catalog.GetStatusAsync(name, ct);
        if (name is not null && status.Count == 0) throw new ProjectionNotFoundException(name);
        var table = new Table().AddColumns("Name", "Build", "State", "Position", "Lag (events)", "Lag (s)", "Events/s", "Last error");
        foreach (var p in status)
            table.AddRow(Markup.Escape(p.Name), $"g{p.Generation} v{p.Version}{(p.IsCurrent ? " current" : "")}", StateMarkup(p.State),
                p.Position.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p.LagEvents.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), p.LagSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
                p.EventsPerSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(p.LastError ?? ""));
        console.Write(table);
        foreach (var p in status.Where(p => p.FailedEvent is not null))
            console.MarkupLineInterpolated(
                $"[red]{p.Name} g{p.Generation} stopped on {p.FailedEvent!.EventType} {p.FailedEvent.EventId} of '{p.FailedEvent.StreamId}' at {p.FailedEvent.Sequence}[/]: retry or skip it.");
        return 0;
    }

    private static async Task<int> RebuildAsync(ProjectionCatalog catalog, IAnsiConsole console, string name, bool noWait, bool runHere,
        CancellationToken ct)
    {
        var generation = await catalog.RebuildAsync(name, ct);
        console.MarkupLineInterpolated($"Rebuilding [bold]{name}[/] as build g{generation} beside the current one.");
        if (noWait) return 0;

        RebuildRunner? runner = null;
        if (runHere)
        {
            runner = new RebuildRunner(catalog);
            await runner.StartAsync(ct);
        }
        try
        {
            string? failure = null;
            // Poll the build's status; a rebuild runner (here or on any node) does the work.
            async Task<bool> StepAsync(Action<ProjectionStatus> show)
            {
                var build = (await catalog.GetStatusAsync(name, ct)).FirstOrDefault(s => s.Generation == generation);
                if (build is null)
                {
                    failure = "the build was replaced or dropped before it finished";
                    return true;
                }
                show(build);
                if (build.State == ProjectionState.Failed)
                {
                    failure = $"failed: {build.LastError}";
                    return true;
                }
                return build.IsCurrent;
            }

            if (console.Profile.Capabilities.Interactive)
            {
                await console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"{name} g{generation}", maxValue: 1);
                        while (!await StepAsync(build =>
                               {
                                   task.MaxValue = Math.Max(1, build.EventsProcessed + build.LagEvents);
                                   task.Value = build.EventsProcessed;
                                   task.Description = Markup.Escape(Describe(name, generation, build));
                               }))
                            await Task.Delay(250, ct);
                        task.Value = task.MaxValue;
                    });
            }
            else
            {
                // Logs and pipes: a plain line a second instead of a redrawn bar.
                ProjectionStatus? last = null;
                while (!await StepAsync(build => last = build))
                {
                    if (last is not null) console.WriteLine(Describe(name, generation, last));
                    await Task.Delay(1000, ct);
                }
                if (last is not null) console.WriteLine(Describe(name, generation, last));
            }
            if (failure is not null)
            {
                console.MarkupLineInterpolated($"[red]{name} g{generation}: {failure}[/]");
                return 1;
            }
            console.MarkupLineInterpolated($"[green]{name}: build g{generation} is current.[/]");
            return 0;
        }
        finally
        {
            if (runner is not null)
            {
                await runner.StopAsync(CancellationToken.None);
                runner.Dispose();
            }
        }
    }

    /// <summary>"name gN  processed/total (pct)  rate ev/s  ETA".</summary>
    private static string Describe(string name, int generation, ProjectionStatus build)
    {
        var total = build.EventsProcessed + build.LagEvents;
        var done = total == 0 ? 1 : (double)build.EventsProcessed / total;
        var eta = build.LagEvents == 0 ? TimeSpan.Zero
            : build.EventsPerSecond > 0 ? TimeSpan.FromSeconds(build.LagEvents / build.EventsPerSecond) : (TimeSpan?)null;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{name} g{generation}  {build.EventsProcessed:N0}/{total:N0} ({done * 100:0}%)  {build.EventsPerSecond:N0} ev/s  ETA {(eta is { } e ? e.ToString(@"hh\:mm\:ss") : "?")}");
    }

    private static string StateMarkup(ProjectionState state) => state switch
    {
        ProjectionState.Running => "[green]running[/]",
        ProjectionState.Rebuilding => "[blue]rebuilding[/]",
        ProjectionState.Paused => "[yellow]paused[/]",
        _ => "[red]failed[/]",
    };
}
