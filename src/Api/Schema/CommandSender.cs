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
        return await SendAsync(command, context, ctx.CancellationToken);
    }

    /// <summary>Runs a command with a context the caller built (sign-up acts as the member it creates).</summary>
    public async Task<CommandResult> SendAsync(Command command, CommandContext context, CancellationToken ct)
    {
        var result = await pipeline.SendAsync(command, context, ct);
        if (!result.Succeeded) throw ApiErrors.From(result.Rejections);
        await readYourWrites.WaitForAsync(result.LastSequence, ct);
        return result;
    }
}
