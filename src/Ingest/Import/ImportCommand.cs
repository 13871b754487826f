using System.CommandLine;
using System.Diagnostics;
using Es.Ingest.Import.Mappings;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Es.Ingest.Import;

/// <summary>
/// <c>import sales|orders FILE [--mapping NAME] [--format csv|jsonl]</c>: a file through the command
/// pipeline, with a progress bar (rate and ETA; plain lines when the output is not a terminal), each
/// rejected or skipped line reported as it comes, and a summary. Exit 0 when no line was rejected,
/// 1 when some were (the rest is stored), 2 on bad usage, 3 when the database failed and 130 when
/// interrupted (for both, run it again to continue).
/// </summary>
public static class ImportCommand
{
    public const int Ok = 0, SomeRejected = 1, Usage = 2, DatabaseFailed = 3, Interrupted = 130;

    /// <param name="importer">Resolves the importer (over the host's event store) when the command runs.</param>
    /// <param name="console">Where output goes; the terminal when null.</param>
    public static Command Create(Func<FileImporter> importer, IAnsiConsole? console = null)
    {
        var kind = new Argument<string>("KIND") { Description = "sales or orders: what the file holds." };
        kind.AcceptOnlyFromAmong("sales", "orders");
        var file = new Argument<FileInfo>("FILE") { Description = "The CSV file (for olist: the orders file, with its items, payments and customers files beside it), or a JSON Lines file of contract messages (.jsonl, .ndjson)." };
        var mapping = new Option<string?>("--mapping") { Description = $"How columns become commands: {string.Join(", ", ImportMappings.Names)}. Detected from the header when left out." };
        var format = new Option<string?>("--format") { Description = "csv or jsonl; from the file's extension when left out." };
        format.AcceptOnlyFromAmong("csv", "jsonl");
        var command = new Command("import", "Import sales or orders from a file, resumably, each line once.") { kind, file, mapping, format };
        command.SetAction((r, ct) => RunAsync(console ?? AnsiConsole.Console, importer,
            r.GetRequiredValue(kind) == "sales" ? ImportKind.Sales : ImportKind.Orders, r.GetRequiredValue(file),
            r.GetValue(mapping), r.GetValue(format), ct));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, Func<FileImporter> importer, ImportKind kind, FileInfo file,
        string? mapping, string? format, CancellationToken ct)
    {
        if (!file.Exists)
        {
            console.MarkupLineInterpolated($"[red]No file[/] {file.FullName}.");
            return Usage;
        }
        format ??= ImportMappings.IsJsonLines(file.FullName) ? "jsonl" : "csv";
        if (format == "jsonl")
        {
            // One Kafka-contract message per line: the contracts say what each line becomes; there is nothing to map.
            if (mapping is not null && !mapping.Equals(JsonLinesMapping.MappingName, StringComparison.OrdinalIgnoreCase))
            {
                console.MarkupLineInterpolated($"[red]--mapping {mapping} is for CSV files;[/] a JSON Lines file holds contract messages (docs/ingest.md).");
                return Usage;
            }
            mapping = JsonLinesMapping.MappingName;
        }
        else mapping ??= ImportMappings.DetectCsv(file.FullName);
        try { ImportMappings.For(kind, mapping, file.FullName); }
        catch (ArgumentException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return Usage;
        }

        var observer = new ConsoleObserver(console);
        ImportSummary summary;
        try
        {
            var run = importer();
            if (console.Profile.Capabilities.Interactive)
                summary = await console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        observer.Bar = ctx;
                        return await run.RunAsync(new ImportRequest(kind, file.FullName, mapping), observer, ct);
                    });
            else
                summary = await run.RunAsync(new ImportRequest(kind, file.FullName, mapping), observer, ct);
        }
        catch (OperationCanceledException)
        {
            console.MarkupLineInterpolated($"Interrupted after line {observer.LastLine:N0} ({observer.Done:N0} lines done); run the same command again to continue from there.");
            return Interrupted;
        }
        catch (Exception e) when (e is Es.EventStore.EventStoreUnavailableException or Npgsql.NpgsqlException)
        {
            console.MarkupLineInterpolated($"[red]The database failed[/] after line {observer.LastLine:N0} ({e.Message}); run the same command again to continue from there.");
            return DatabaseFailed;
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or ArgumentException)
        {
            console.MarkupLineInterpolated($"[red]Cannot import {file.Name}:[/] {e.Message}");
            return Usage;
        }

        Summarise(console, summary);
        return summary.Rejected > 0 ? SomeRejected : Ok;
    }

    private static void Summarise(IAnsiConsole console, ImportSummary s)
    {
        if (s.ResumedAfterLine > 0)
            console.WriteLine($"Resumed after line {s.ResumedAfterLine:N0}: {s.ResumedPast:N0} lines were done by the interrupted run.");
        console.WriteLine($"Imported {s.FileName} ({s.Mapping}) in {s.Elapsed.TotalSeconds:N1} s, {s.UnitsPerSecond:N0} lines/s: "
            + $"{s.Stored:N0} stored, {s.AlreadyKnown:N0} already known, {s.Rejected:N0} rejected, {s.Skipped:N0} skipped; {s.EventsAppended:N0} events appended.");
        foreach (var (code, count) in s.RejectedBy.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
            console.WriteLine($"  rejected {code}: {count:N0}");
        foreach (var (code, count) in s.SkippedBy.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
            console.WriteLine($"  skipped {code}: {count:N0}");
    }

    /// <summary>Feeds the progress bar, or prints a progress line every two seconds when there is no terminal.</summary>
    private sealed class ConsoleObserver(IAnsiConsole console) : IImportObserver
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private ProgressTask? _task;
        private TimeSpan _lastLine = TimeSpan.Zero;
        private long _startDone;
        private int _total;

        public ProgressContext? Bar { get; set; }
        public long Done { get; private set; }
        public int LastLine { get; private set; }

        public void Started(ImportStart start)
        {
            _total = start.Total;
            Done = _startDone = start.UnitsAlreadyDone;
            LastLine = start.ResumedAfterLine;
            var resumed = start.ResumedAfterLine > 0 ? $", resuming after line {start.ResumedAfterLine:N0}" : "";
            console.WriteLine($"Importing {start.FileName} with the {start.Mapping} mapping: {start.Total:N0} lines{resumed}.");
            if (Bar is { } bar)
            {
                _task = bar.AddTask(Markup.Escape(start.FileName), maxValue: Math.Max(1, start.Total));
                _task.Value = start.UnitsAlreadyDone;
            }
        }

        public void Problem(int line, LineProblem problem, bool skipped) =>
            console.WriteLine($"line {line}{(skipped ? " skipped" : "")}: {problem.Code}: {problem.Message}");

        public void Progress(long unitsDone, int lastLine)
        {
            Done = unitsDone;
            LastLine = lastLine;
            if (_task is { } task)
            {
                task.Value = unitsDone;
                return;
            }
            if (_clock.Elapsed - _lastLine < TimeSpan.FromSeconds(2)) return;
            _lastLine = _clock.Elapsed;
            var rate = (unitsDone - _startDone) / Math.Max(0.001, _clock.Elapsed.TotalSeconds);
            var left = Math.Max(0, _total - unitsDone);
            var eta = rate > 0 ? TimeSpan.FromSeconds(left / rate) : TimeSpan.Zero;
            console.WriteLine($"  {unitsDone:N0}/{_total:N0} lines ({100.0 * unitsDone / Math.Max(1, _total):N0}%), {rate:N0} lines/s, ETA {eta:h\\:mm\\:ss}");
        }
    }

    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed:N0} lines/s" : "", Style.Plain);
    }
}
