using Es.Commands;
using Es.Domain;

namespace Es.Ingest.Import;

/// <summary>
/// Sends a batch of commands and answers their results in the batch's order, as
/// <c>CommandPipeline.SendAsync</c> one by one would (commands of one stream in the batch's order).
/// The importer's only way to the pipeline, so the batched path (<c>CommandPipeline.SendManyAsync</c>,
/// one round trip per batch) can replace the first implementation without touching the importer.
/// </summary>
public interface ICommandBatchSender
{
    Task<IReadOnlyList<CommandResult>> SendManyAsync(IReadOnlyList<(Command Command, CommandContext Context)> batch, CancellationToken ct);
}

/// <summary>
/// The first implementation: <c>SendAsync</c> per command, the batch's streams side by side (up to
/// <paramref name="parallelism"/> at once), each stream's commands one after another in order.
/// </summary>
public sealed class SendOneByOne(CommandPipeline pipeline, int parallelism = 8) : ICommandBatchSender
{
    public async Task<IReadOnlyList<CommandResult>> SendManyAsync(IReadOnlyList<(Command Command, CommandContext Context)> batch, CancellationToken ct)
    {
        var results = new CommandResult[batch.Count];
        var byStream = batch.Select((entry, index) => (index, stream: Deciders.For(entry.Command).StreamId(entry.Command)))
            .GroupBy(e => e.stream, e => e.index)
            .ToList();
        await Parallel.ForEachAsync(byStream, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (stream, token) =>
        {
            foreach (var index in stream)
                results[index] = await pipeline.SendAsync(batch[index].Command, batch[index].Context, token);
        });
        return results;
    }
}
