using System.Diagnostics;
using System.Security.Cryptography;
using Es.Commands;
using Es.Domain;

namespace Es.Ingest.Import;

/// <param name="Kind">sales or orders: what the caller says the file holds.</param>
/// <param name="Mapping">A mapping name (<see cref="ImportMappings"/>); detected from the header when null.</param>
public sealed record ImportRequest(ImportKind Kind, string Path, string? Mapping = null);

/// <summary>What the importer tells whoever watches (the progress bar, a log, a test).</summary>
public interface IImportObserver
{
    void Started(ImportStart start) { }

    /// <summary>A unit was rejected or skipped: its line, the reason code and the message.</summary>
    void Problem(int line, LineProblem problem, bool skipped) { }

    /// <summary>A batch is done and checkpointed: <paramref name="unitsDone"/> of <see cref="ImportStart.Total"/> (the resumed ones included).</summary>
    void Progress(long unitsDone, int lastLine) { }
}

public sealed record ImportStart(string FileName, string Mapping, string FileId, int Total, int ResumedAfterLine, long UnitsAlreadyDone);

/// <summary>The end of an import: units by outcome, the reasons counted, the events appended.</summary>
public sealed record ImportSummary
{
    public required string FileName { get; init; }
    public required string Mapping { get; init; }
    public required string FileId { get; init; }
    /// <summary>0 when the import started at the top; else the line it continued after.</summary>
    public int ResumedAfterLine { get; init; }
    /// <summary>Units of an earlier, interrupted run that this one did not send again.</summary>
    public long ResumedPast { get; init; }
    /// <summary>Units that appended at least one new event.</summary>
    public long Stored { get; set; }
    /// <summary>Units whose every command was known already (imported before, or the same fact from elsewhere).</summary>
    public long AlreadyKnown { get; set; }
    public long Rejected { get; set; }
    public long Skipped { get; set; }
    public long EventsAppended { get; set; }
    public Dictionary<string, long> RejectedBy { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> SkippedBy { get; } = new(StringComparer.Ordinal);
    public TimeSpan Elapsed { get; set; }

    public long Processed => Stored + AlreadyKnown + Rejected + Skipped;
    public double UnitsPerSecond => Elapsed.TotalSeconds > 0 ? Processed / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Imports a file through the one command pipeline: the mapping turns units (lines) into commands,
/// the importer sends them in batches, each command as <c>Actor.System("file:NAME#LINE")</c> with the
/// idempotency key <c>file:&lt;file id&gt;:&lt;mapping&gt;#&lt;line&gt;:&lt;n&gt;</c> (the file id is a
/// hash of the content, so a resumed import, or the same file imported again under any name, stores
/// nothing twice), reports each rejected or skipped line without stopping, and checkpoints after each
/// batch so an interrupted import continues where it stopped.
/// </summary>
/// <param name="batchUnits">Units (lines) a batch: 2,000 imported about 3× as fast as 200 in the import bench (docs/benchmarks.md).</param>
public sealed class FileImporter(ICommandBatchSender sender, ImportCheckpoints checkpoints, int batchUnits = 2_000)
{
    public async Task<ImportSummary> RunAsync(ImportRequest request, IImportObserver? observer = null, CancellationToken ct = default)
    {
        observer ??= new NoObserver();
        var clock = Stopwatch.StartNew();
        if (!File.Exists(request.Path)) throw new FileNotFoundException($"No file {request.Path}.", request.Path);
        var mapping = ImportMappings.For(request.Kind, request.Mapping, request.Path);
        var source = new ImportSource(request.Path, System.IO.Path.GetFileName(request.Path));
        var fileId = await FileIdAsync(mapping.FilesFor(request.Path), ct);

        await checkpoints.EnsureTableAsync(ct);
        var resumeAfter = await checkpoints.ResumeAfterAsync(fileId, mapping.Name, ct);
        await checkpoints.StartAsync(fileId, mapping.Name, source.Name, ct);
        var plan = mapping.Open(source);

        var summary = new ImportSummary { FileName = source.Name, Mapping = mapping.Name, FileId = fileId, ResumedAfterLine = resumeAfter };
        var batch = new List<ImportRecord>(batchUnits);
        long done = 0, resumedPast = 0;
        var started = false;
        foreach (var record in plan.Records)
        {
            ct.ThrowIfCancellationRequested();
            if (record.Line <= resumeAfter)
            {
                resumedPast++;
                continue;
            }
            if (!started)
            {
                started = true;
                observer.Started(new ImportStart(source.Name, mapping.Name, fileId, Math.Max(plan.Total, (int)resumedPast), resumeAfter, resumedPast));
                done = resumedPast;
            }
            batch.Add(record);
            if (batch.Count < batchUnits) continue;
            done += await SendAsync(batch, source, fileId, mapping.Name, summary, observer, ct);
            await checkpoints.AdvanceAsync(fileId, mapping.Name, batch[^1].Line, batch.Count, completed: false, ct);
            observer.Progress(done, batch[^1].Line);
            batch.Clear();
        }
        if (!started) observer.Started(new ImportStart(source.Name, mapping.Name, fileId, Math.Max(plan.Total, (int)resumedPast), resumeAfter, resumedPast));
        done += await SendAsync(batch, source, fileId, mapping.Name, summary, observer, ct);
        await checkpoints.AdvanceAsync(fileId, mapping.Name, batch.Count > 0 ? batch[^1].Line : resumeAfter, batch.Count, completed: true, ct);
        observer.Progress(Math.Max(done, resumedPast), batch.Count > 0 ? batch[^1].Line : resumeAfter);
        return summary with { ResumedPast = resumedPast, Elapsed = clock.Elapsed };
    }

    /// <summary>
    /// Idempotency key of the n-th command of the unit at <paramref name="line"/>. Content, not the
    /// file's name: a copy or rename of a file imported already comes back "already known".
    /// </summary>
    public static string IdempotencyKey(string fileId, string mapping, int line, int n) => $"file:{fileId}:{mapping}#{line}:{n}";

    private async Task<int> SendAsync(List<ImportRecord> batch, ImportSource source, string fileId, string mapping,
        ImportSummary summary, IImportObserver observer, CancellationToken ct)
    {
        var commands = new List<(Command, CommandContext)>();
        foreach (var record in batch)
            for (var n = 0; n < record.Commands.Count; n++)
            {
                var where = source.SourceId(record.Line);
                commands.Add((record.Commands[n], new CommandContext(Actor.System(where), where)
                {
                    CorrelationId = $"file:{fileId}#{record.Line}",
                    IdempotencyKey = record.ProducerKey is { } key && record.Commands.Count == 1 ? key : IdempotencyKey(fileId, mapping, record.Line, n),
                }));
            }
        var results = commands.Count > 0 ? await sender.SendManyAsync(commands, ct) : [];
        var next = 0;
        foreach (var record in batch)
        {
            if (record.Skip is { } skip)
            {
                summary.Skipped++;
                summary.SkippedBy[skip.Code] = summary.SkippedBy.GetValueOrDefault(skip.Code) + 1;
                observer.Problem(record.Line, skip, skipped: true);
                continue;
            }
            var problem = record.Problem;
            var appended = 0;
            for (var n = 0; n < record.Commands.Count; n++, next++)
            {
                var result = results[next];
                if (!result.Succeeded)
                {
                    // The first refusal speaks for the unit; what the unit's earlier commands stored stays stored.
                    problem ??= Describe(record.Commands[n], result.Rejections[0]);
                }
                else if (!result.AlreadyApplied) appended += result.Events.Count;
            }
            summary.EventsAppended += appended;
            if (problem is not null)
            {
                summary.Rejected++;
                summary.RejectedBy[problem.Code] = summary.RejectedBy.GetValueOrDefault(problem.Code) + 1;
                observer.Problem(record.Line, problem, skipped: false);
            }
            else if (appended > 0) summary.Stored++;
            else summary.AlreadyKnown++;
        }
        return batch.Count;
    }

    private static LineProblem Describe(Command command, Rejection rejection) =>
        new(rejection.Reason, $"{command.GetType().Name}: {rejection.Message}{(rejection.Field is { } f ? $" ({f})" : "")}");

    /// <summary>SHA-256 over the content of every file the mapping reads, in order; 16 bytes of it in hex.</summary>
    public static async Task<string> FileIdAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0) hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    private sealed class NoObserver : IImportObserver;
}
