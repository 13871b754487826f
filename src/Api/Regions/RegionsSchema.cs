using Es.Api.Polls;
using Es.GraphQL.Types;

namespace Es.Api.Regions;

/// <summary>
/// The regional view for the people who decide local policy: counts per region with small ones
/// suppressed, open polls' turnout and closed polls' results. Public: no count under 5 is given.
/// </summary>
public static class RegionsSchema
{
    public static void Add(SchemaBuilder builder) => builder
        .Object<SuppressedCount>("SuppressedCount", o => o
            .Description($"A count that may be too small to show: 1 to {SuppressedCount.Threshold - 1} people are shown as \"<{SuppressedCount.Threshold}\", so no one can be singled out.")
            .Field("value", "Int", c => c.Value, $"The count; null when it is between 1 and {SuppressedCount.Threshold - 1}.")
            .Field("display", "String!", c => c.Display, $"The count as text, or \"<{SuppressedCount.Threshold}\"."))
        .Object<ConditionCountView>("ConditionCount", o => o
            .Field("name", "String!", c => c.Name)
            .Field("count", "SuppressedCount!", c => c.Count, "Members of the region who follow the condition."))
        .Object<PollTurnoutView>("PollTurnout", o => o
            .Field("poll", "Poll", f => f
                .Description("The poll with its results (public, as `poll` gives them).")
                .ResolveAsync((t, ctx) => ctx.Request.DataLoader<Guid, PollView>("polls", ctx.Service<PollReads>().ByIdsAsync).LoadAsync(t.PollId)))
            .Field("voters", "SuppressedCount!", t => t.Voters)
            .Field("electorate", "SuppressedCount!", t => t.Electorate, "The region's members when the poll opened (or the voters, if more).")
            .Field("turnout", "Float", t => t.Turnout, "voters / electorate; null when either is suppressed."))
        .Object<RegionView>("Region", o => o
            .Description("A region's figures. Counts are of active (not deactivated) members, posts not deleted, meetups not cancelled.")
            .Field("name", "String!", r => r.Name)
            .Field("members", "SuppressedCount!", r => r.Members)
            .Field("activeMembersThisMonth", "SuppressedCount!", r => r.ActiveMembersThisMonth,
                "Members who posted, commented, liked, scheduled or joined a meetup, opened a poll or voted in the region this month (Seoul time).")
            .Field("conditions", "[ConditionCount!]!", r => r.Conditions, "Conditions of interest of the region's members, by name.")
            .Field("posts", "SuppressedCount!", r => r.Posts)
            .Field("meetups", "SuppressedCount!", r => r.Meetups)
            .Field("openPolls", "[PollTurnout!]!", r => r.OpenPolls, "Soonest-closing first.")
            .Field("closedPolls", "[PollTurnout!]!", r => r.ClosedPolls, "Their results are in `poll`."))
        .Query(q => q
            .Field("region", "Region!", f => f
                .Description("A region's figures (all zero for a name nobody uses). Public: counts under 5 are suppressed.")
                .Argument("name", "String!")
                .ResolveAsync((_, ctx) => ctx.Service<RegionReads>().RegionAsync(ctx.Arguments.Get<string>("name"), ctx.Service<TimeProvider>().GetUtcNow(), ctx.CancellationToken)))
            .Field("regions", "[Region!]!", f => f
                .Description("Every region with members, posts, meetups or polls, by name. Public: counts under 5 are suppressed.")
                .ResolveAsync(async (_, ctx) =>
                {
                    var reads = ctx.Service<RegionReads>();
                    var now = ctx.Service<TimeProvider>().GetUtcNow();
                    var regions = new List<RegionView>();
                    foreach (var name in await reads.NamesAsync(ctx.CancellationToken))
                        regions.Add(await reads.RegionAsync(name, now, ctx.CancellationToken));
                    return regions;
                })));
}
