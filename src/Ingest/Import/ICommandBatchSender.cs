using Es.Commands;
using Es.Domain;

namespace Es.Ingest.Import;

/// <summary>
/// Sends a batch of commands and answers their results in the batch's order, as
/// <c>CommandPipeline.SendAsync</c> one by one would (commands of one stream in the batch's order).
/// The importer's only way to the pipeline, so the batched path (<c>CommandPipeline.SendManyAsync</c>,
/// one round trip per batch) and test doubles wrap it.
/// </summary>
public interface ICommandBatchSender
{
    Task<IReadOnlyList<CommandResult>> SendManyAsync(IReadOnlyList<(Command Command, CommandContext Context)> batch, CancellationToken ct);
}

/// <summary>
/// The pipeline's batched path: one read of every stream the batch touches, the decisions in
/// memory, one bulk append (<see cref="CommandPipeline.SendManyAsync"/>), with the results
/// <c>SendAsync</c> would give one by one.
/// </summary>
public sealed class PipelineBatchSender(CommandPipeline pipeline) : ICommandBatchSender
{
    public Task<IReadOnlyList<CommandResult>> SendManyAsync(IReadOnlyList<(Command Command, CommandContext Context)> batch, CancellationToken ct) =>
        pipeline.SendManyAsync(batch, ct);
}
