using Es.Api.Members;
using Es.Api.Schema;
using Es.GraphQL.Types;

namespace Es.Api.Network;

/// <summary>
/// The social graph: <c>me.network</c> (neighbours, two hops, suggestions, the neighbourhood's graph)
/// and <c>regionGraph</c>. A member reads only their own network: <c>Member.network</c> is FORBIDDEN
/// on anyone else. Others appear in it only through public facts: their profile, and the likes,
/// comments and meetups between them — never their chats.
/// </summary>
public static class NetworkSchema
{
    public const int DefaultGraphLimit = 50;
    public const int DefaultRegionGraphLimit = 100;

    public static void Add(SchemaBuilder builder) => builder
        .Enum<InteractionKind>("InteractionKind")
        .Object<MemberView>("Member", o => o
            .Field("network", "Network", f => f
                .Description("The member's social graph. Only the member reads it: FORBIDDEN for anyone else.")
                .Argument("asOf", "DateTime", description: "The time weights are decayed to; now when omitted.")
                .Resolve((m, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    if (me != m.Id) throw ApiErrors.Forbidden("NOT_YOUR_NETWORK", "A member's network is theirs alone.");
                    return new NetworkScope(me, AsOf(ctx));
                })))
        .Object<InteractionCount>("InteractionCount", o => o
            .Field("kind", "InteractionKind!", k => k.Kind)
            .Field("count", "Int!", k => k.Count))
        .Object<NetworkScope>("Network", o => o
            .Description("Members linked by likes and comments on each other's posts, shared meetups and chats. Weights: docs/analytics.md, \"Social graph\".")
            .Field("neighbours", "NetworkNeighbourConnection!", f => f
                .Description("The members I interacted with, strongest link first.")
                .Paged()
                .ResolveAsync((s, ctx) => ctx.Service<NetworkReads>().NeighboursAsync(s, ctx.Page(), ctx.CancellationToken)))
            .Field("twoHop", "TwoHopMemberConnection!", f => f
                .Description("Members my neighbours are publicly linked with and I am not, with the neighbours in between; strongest first.")
                .Argument("first", "Int", Relay.DefaultPageSize, $"How many, at most {Relay.MaxPageSize}.")
                .ResolveAsync(async (s, ctx) =>
                {
                    var page = FirstOnly(ctx);
                    return (await ctx.Service<NetworkReads>().TwoHopAsync(s, page.Fetch, ctx.CancellationToken))
                        .ToConnection(page, t => [t.MemberId.ToString()]);
                }))
            .Field("suggestions", "SuggestedMemberConnection!", f => f
                .Description("Members two hops away, not yet linked, in my region or sharing a condition of interest, with the reason.")
                .Argument("first", "Int", Relay.DefaultPageSize, $"How many, at most {Relay.MaxPageSize}.")
                .ResolveAsync(async (s, ctx) =>
                {
                    var page = FirstOnly(ctx);
                    return (await ctx.Service<NetworkReads>().SuggestionsAsync(s, page.Fetch, ctx.CancellationToken))
                        .ToConnection(page, t => [t.MemberId.ToString()]);
                }))
            .Field("graph", "NetworkGraph!", f => f
                .Description("Me and my strongest neighbours (limit nodes in all), my links to them and the public links among them: for drawing.")
                .Argument("limit", "Int", DefaultGraphLimit, $"Nodes, 1 to {NetworkReads.MaxGraphNodes}.")
                .ResolveAsync((s, ctx) => ctx.Service<NetworkReads>().NeighbourhoodAsync(s, Limit(ctx, NetworkReads.MaxGraphNodes), ctx.CancellationToken))))
        .Object<NeighbourView>("NetworkNeighbour", o => o
            .Field("member", "Member", f => f.ResolveAsync((n, ctx) => ctx.LoadMember(n.MemberId)))
            .Field("weight", "Float!", n => n.Weight)
            .Field("kinds", "[InteractionCount!]!", n => n.Kinds)
            .Field("lastInteractionAt", "DateTime!", n => n.LastInteractionAt))
        .Object<TwoHopView>("TwoHopMember", o => o
            .Field("member", "Member", f => f.ResolveAsync((t, ctx) => ctx.LoadMember(t.MemberId)))
            .Field("via", "[Member!]!", f => f
                .Description("The neighbours in between, strongest path first.")
                .ResolveAsync(async (t, ctx) => (await Task.WhenAll(t.Via.Select(ctx.LoadMember))).OfType<MemberView>().ToArray()))
            .Field("weight", "Float!", t => t.Weight))
        .Object<SuggestionView>("SuggestedMember", o => o
            .Field("member", "Member", f => f.ResolveAsync((s, ctx) => ctx.LoadMember(s.MemberId)))
            .Field("reason", "String!", s => s.Reason)
            .Field("sharedNeighbours", "Int!", s => s.SharedNeighbours)
            .Field("sameRegion", "Boolean!", s => s.SameRegion)
            .Field("sharedConditions", "[String!]!", s => s.SharedConditions))
        .Object<NetworkGraph>("NetworkGraph", o => o
            .Field("nodes", "[NetworkGraphNode!]!", g => g.Nodes)
            .Field("edges", "[NetworkGraphEdge!]!", g => g.Edges))
        .Object<GraphNode>("NetworkGraphNode", o => o
            .Field("id", "ID!", n => n.Id.ToString())
            .Field("label", "String!", n => n.Label, "The display name.")
            .Field("region", "String!", n => n.Region))
        .Object<GraphEdge>("NetworkGraphEdge", o => o
            .Field("source", "ID!", e => e.Source.ToString())
            .Field("target", "ID!", e => e.Target.ToString())
            .Field("weight", "Float!", e => e.Weight)
            .Field("kinds", "[InteractionKind!]!", e => e.Kinds))
        .Connection<NeighbourView>("NetworkNeighbour")
        .Connection<TwoHopView>("TwoHopMember")
        .Connection<SuggestionView>("SuggestedMember")
        .Query(q => q
            .Field("regionGraph", "NetworkGraph!", f => f
                .Description("The members of a region (the most linked first, limit nodes) and the public links among them. "
                    + "For the region's own members and administrators; FORBIDDEN for anyone else.")
                .Argument("region", "String!")
                .Argument("limit", "Int", DefaultRegionGraphLimit, $"Nodes, 1 to {NetworkReads.MaxRegionGraphNodes}.")
                .Argument("asOf", "DateTime", description: "The time weights are decayed to; now when omitted.")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    var region = ctx.Arguments.Get<string>("region");
                    var limit = Limit(ctx, NetworkReads.MaxRegionGraphNodes);
                    if (!ctx.Caller().IsAdministrator)
                    {
                        var caller = (await ctx.Service<MemberReads>().ByIdsAsync([me], ctx.CancellationToken)).GetValueOrDefault(me);
                        if (caller?.Region != region)
                            throw ApiErrors.Forbidden("NOT_YOUR_REGION", "Only the region's members and administrators see its graph.");
                    }
                    return await ctx.Service<NetworkReads>().RegionAsync(region, AsOf(ctx), limit, ctx.CancellationToken);
                })));

    private static DateTimeOffset AsOf(ResolveFieldContext ctx) =>
        ctx.Arguments.TryGet<DateTimeOffset>("asOf", out var asOf) ? asOf : ctx.Service<TimeProvider>().GetUtcNow();

    private static PageRequest FirstOnly(ResolveFieldContext ctx)
    {
        var first = ctx.Arguments.GetOrDefault("first", Relay.DefaultPageSize);
        if (first is < 0 or > Relay.MaxPageSize)
            throw ApiErrors.Validation("PAGE_SIZE", $"first must be between 0 and {Relay.MaxPageSize}.", "first");
        return new PageRequest(first, null);
    }

    private static int Limit(ResolveFieldContext ctx, int max)
    {
        var limit = ctx.Arguments.Get<int>("limit");
        return limit is >= 1 && limit <= max ? limit
            : throw ApiErrors.Validation("GRAPH_LIMIT", $"limit must be between 1 and {max}.", "limit");
    }
}
