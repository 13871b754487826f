using Es.Commands;
using Es.Domain;
using Es.GraphQL.Types;

namespace Es.Api.Schema;

/// <summary>
/// How a mutation runs a domain command: as the authenticated caller (never an actor from input),
/// through the one command pipeline, then waiting until the read models the API serves have
/// applied what it appended (read-your-writes, see <see cref="ReadYourWrites"/>). A rejection
/// becomes the GraphQL error of the mutation's field.
/// </summary>
public sealed class CommandSender(CommandPipeline pipeline, ReadYourWrites readYourWrites)
{
    public const string Source = "graphql";

    public async Task<CommandResult> SendAsync(ResolveFieldContext ctx, Command command, string? clientMutationId = null)
    {
        var request = ctx.Es();
        if (!request.Caller.IsMember) throw ApiErrors.Unauthenticated();
        var context = new CommandContext(request.Caller.Actor, Source)
        {
            CausationId = request.RequestId,
            IdempotencyKey = clientMutationId is null ? null : $"graphql:{request.Caller.MemberId}:{clientMutationId}",
        };
        var (result, visible) = await SendAndWaitAsync(command, context, ctx.CancellationToken);
        return visible ? result : throw ReadModelBehind();
    }

    /// <summary>
    /// The command's events are stored, but a read model the answer comes from has not applied them
    /// in time (a paused or failing projection): said as an error rather than a silent null, with
    /// <c>stored: true</c> so a client knows not to send it again.
    /// </summary>
    private static Es.GraphQL.GraphQLError ReadModelBehind() => new(
        "Your change is stored, but the read models have not caught up with it yet, so its result cannot be shown. Query again shortly; do not send it again.",
        extensions: new Dictionary<string, object?> { ["code"] = "READ_MODEL_BEHIND", ["stored"] = true });

    /// <summary>
    /// Runs a command with a context the caller built (sign-up acts as the member it creates). A
    /// rejection throws; read models that are late do not (the caller's own follow-up work, such as
    /// returning the new session, must go on once the events are stored).
    /// </summary>
    public async Task<CommandResult> SendAsync(Command command, CommandContext context, CancellationToken ct) =>
        (await SendAndWaitAsync(command, context, ct)).Result;

    private async Task<(CommandResult Result, bool Visible)> SendAndWaitAsync(Command command, CommandContext context, CancellationToken ct)
    {
        var result = await pipeline.SendAsync(command, context, ct);
        if (!result.Succeeded) throw ApiErrors.From(result.Rejections);
        return (result, await readYourWrites.WaitForAsync(result.LastSequence, ct));
    }
}
