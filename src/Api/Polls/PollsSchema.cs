using Es.Api.Members;
using Es.Api.Schema;
using Es.Domain;
using Es.GraphQL.Types;

namespace Es.Api.Polls;

/// <summary>Poll, open and closed polls by region with their results and my vote, and open/vote/close.</summary>
public static class PollsSchema
{
    public static void Add(SchemaBuilder builder) => builder
        .Enum<PollStatus>("PollStatus")
        .Object<PollView>("Poll", o => o
            .Description("A local issue put to the vote of a region's members. Results are public.")
            .Field("id", "ID!", p => p.Id.ToString())
            .Field("region", "String!", p => p.Region)
            .Field("question", "String!", p => p.Question)
            .Field("options", "[PollOption!]!", f => f
                .Description("The options in order, each with its votes so far.")
                .ResolveFromSource(p => p.Options.Select((text, i) => new PollOptionView(i, text, p.Tally[i])).ToArray()))
            .Field("totalVotes", "Int!", p => p.TotalVotes)
            .Field("openedAt", "DateTime!", p => p.OpenedAt)
            .Field("closesAt", "DateTime!", p => p.ClosesAt)
            .Field("closed", "Boolean!", f => f
                .Description("Closed early by its opener, or its deadline passed.")
                .Resolve((p, ctx) => p.IsClosedAt(ctx.Service<TimeProvider>().GetUtcNow())))
            .Field("closedAt", "DateTime", f => f.Resolve((p, ctx) => p.ClosedAtAsOf(ctx.Service<TimeProvider>().GetUtcNow())))
            .Field("openedBy", "Member", f => f.ResolveAsync((p, ctx) => ctx.LoadMember(p.OpenedBy)))
            .Field("myVote", "Int", f => f
                .Description("The index of the option the signed-in member chose; null if they have not voted or are anonymous.")
                .ResolveAsync(async (p, ctx) => ctx.Caller().MemberId is { } me
                    ? await ctx.Request.DataLoader<Guid, int?>("myVote", (ids, ct) => ctx.Service<PollReads>().VotesOfAsync(me, ids, ct)).LoadAsync(p.Id)
                    : null)))
        .Object<PollOptionView>("PollOption", o => o
            .Field("index", "Int!", v => v.Index, "What castVote takes.")
            .Field("text", "String!", v => v.Text)
            .Field("votes", "Int!", v => v.Votes))
        .Connection<PollView>("Poll")
        .InputObject("OpenPollInput", i => i
            .Field("region", "String!", description: "Your own region: only its members vote.")
            .Field("question", "String!")
            .Field("options", "[String!]!", description: $"{Poll.MinOptions} to {Poll.MaxOptions} options.")
            .Field("closesAt", "DateTime!", description: $"At most {Poll.MaxDuration.TotalDays} days ahead.")
            .Field("clientMutationId", "String", description: "Makes the mutation safe to retry: the same id again opens nothing new.")
            .ToValue(v => v))
        .Query(q => q
            .Field("polls", "PollConnection!", f => f
                .Description("Open polls soonest-closing first, or closed polls latest first; by region. Public.")
                .Argument("region", "String")
                .Argument("status", "PollStatus", PollStatus.Open)
                .Paged()
                .ResolveAsync((_, ctx) => ctx.Service<PollReads>().ListAsync(ctx.Arguments.GetOrDefault<string?>("region", null),
                    ctx.Arguments.Get<PollStatus>("status"), ctx.Service<TimeProvider>().GetUtcNow(), ctx.Page(), ctx.CancellationToken)))
            .Field("poll", "Poll", f => f
                .Argument("id", "ID!")
                .ResolveAsync((_, ctx) => PollAsync(ctx, ctx.Arguments.Id("id")))))
        .Mutation(m => m
            .Field("openPoll", "Poll", f => f
                .Argument("input", "OpenPollInput!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    var v = ctx.Arguments.Get<ArgumentValues>("input");
                    var clientId = v.GetOrDefault<string?>("clientMutationId", null);
                    var pollId = clientId is null ? Guid.CreateVersion7() : NameBasedGuid.Create($"poll:{me}:{clientId}");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new OpenPoll(pollId, v.Get<string>("region"), v.Get<string>("question"),
                        v.GetList<string>("options") ?? [], v.Get<DateTimeOffset>("closesAt")), clientId);
                    return await FreshAsync(ctx, pollId);
                }))
            .Field("castVote", "Poll", f => f
                .Description("Votes, or changes your vote, until the poll closes. Only members of the poll's region vote (FORBIDDEN, NOT_IN_REGION).")
                .Argument("pollId", "ID!")
                .Argument("option", "Int!", description: "The option's index.")
                .ResolveAsync(async (_, ctx) =>
                {
                    var id = ctx.Arguments.Id("pollId");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new CastVote(id, ctx.Arguments.Get<int>("option")));
                    return await FreshAsync(ctx, id);
                }))
            .Field("closePoll", "Poll", f => f
                .Description("Its opener closes a poll before its deadline; after the deadline anyone may record that it closed.")
                .Argument("pollId", "ID!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var id = ctx.Arguments.Id("pollId");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new ClosePoll(id));
                    return await FreshAsync(ctx, id);
                })));

    // After a mutation, read again: the request's loader may hold the poll as it was before.
    private static async Task<PollView?> FreshAsync(ResolveFieldContext ctx, Guid id) =>
        (await ctx.Service<PollReads>().ByIdsAsync([id], ctx.CancellationToken)).GetValueOrDefault(id);

    private static Task<PollView?> PollAsync(ResolveFieldContext ctx, Guid id) =>
        ctx.Request.DataLoader<Guid, PollView>("polls", ctx.Service<PollReads>().ByIdsAsync).LoadAsync(id);
}
