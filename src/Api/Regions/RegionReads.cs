using Es.Projections;
using Es.Projections.Regions;
using Npgsql;

namespace Es.Api.Regions;

/// <summary>A region's figures as the public sees them: every count already suppressed.</summary>
public sealed record RegionView(string Name, SuppressedCount Members, SuppressedCount ActiveMembersThisMonth,
    IReadOnlyList<ConditionCountView> Conditions, SuppressedCount Posts, SuppressedCount Meetups,
    IReadOnlyList<PollTurnoutView> OpenPolls, IReadOnlyList<PollTurnoutView> ClosedPolls);

public sealed record ConditionCountView(string Name, SuppressedCount Count);

/// <summary>
/// A poll's turnout: voters over the electorate (the region's members when it opened, or the
/// voters if more: members who moved in later may vote). The ratio is null when either count is
/// suppressed, so it cannot give one back.
/// </summary>
public sealed record PollTurnoutView(Guid PollId, SuppressedCount Voters, SuppressedCount Electorate, double? Turnout)
{
    public static PollTurnoutView Of(Guid pollId, long voters, long electorate)
    {
        var (v, e) = (SuppressedCount.Of(voters), SuppressedCount.Of(Math.Max(electorate, voters)));
        double? turnout = v.IsSuppressed || e.IsSuppressed ? null : e.Value == 0 ? 0 : (double)v.Value!.Value / e.Value!.Value;
        return new PollTurnoutView(pollId, v, e, turnout);
    }
}

/// <summary>Reads of the regions read model; the raw counts stay in here.</summary>
public sealed class RegionReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    private string V(string table) => catalog.ViewName(table);

    private string Sql(string sql) => sql.Replace("{members}", V(RegionProjection.Members)).Replace("{posts}", V(RegionProjection.Posts))
        .Replace("{meetups}", V(RegionProjection.Meetups)).Replace("{polls}", V(RegionProjection.Polls))
        .Replace("{voters}", V(RegionProjection.Voters)).Replace("{activity}", V(RegionProjection.Activity));

    private const string Names = """
        SELECT region FROM {members} WHERE active UNION SELECT region FROM {posts} WHERE NOT deleted
        UNION SELECT region FROM {meetups} UNION SELECT region FROM {polls} ORDER BY 1
        """;

    private const string Counts = """
        SELECT (SELECT count(*) FROM {members} WHERE region = $1 AND active),
               (SELECT count(DISTINCT member_id) FROM {activity} WHERE region = $1 AND month = $2),
               (SELECT count(*) FROM {posts} WHERE region = $1 AND NOT deleted),
               (SELECT count(*) FROM {meetups} WHERE region = $1 AND NOT cancelled)
        """;

    private const string Conditions = """
        SELECT c, count(*) FROM {members}, unnest(conditions) AS c WHERE region = $1 AND active GROUP BY c ORDER BY c
        """;

    private const string Polls = """
        SELECT p.poll_id, p.electorate, (SELECT count(*) FROM {voters} v WHERE v.poll_id = p.poll_id),
               p.closed_at IS NOT NULL OR p.closes_at <= $2
        FROM {polls} p WHERE p.region = $1 ORDER BY p.closes_at, p.poll_id
        """;

    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Sql(Names));
        var names = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) names.Add(r.GetString(0));
        return names;
    }

    public async Task<RegionView> RegionAsync(string name, DateTimeOffset now, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql(Counts)) { Parameters = { new() { Value = name }, new() { Value = RegionProjection.MonthOf(now) } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql(Conditions)) { Parameters = { new() { Value = name } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql(Polls)) { Parameters = { new() { Value = name }, new() { Value = now.ToUniversalTime() } } });
        await using var r = await batch.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var (members, active, posts, meetups) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
        await r.NextResultAsync(ct);
        var conditions = new List<ConditionCountView>();
        while (await r.ReadAsync(ct)) conditions.Add(new ConditionCountView(r.GetString(0), SuppressedCount.Of(r.GetInt64(1))));
        await r.NextResultAsync(ct);
        var (open, closed) = (new List<PollTurnoutView>(), new List<PollTurnoutView>());
        while (await r.ReadAsync(ct))
            (r.GetBoolean(3) ? closed : open).Add(PollTurnoutView.Of(r.GetGuid(0), r.GetInt64(2), r.GetInt32(1)));
        return new RegionView(name, SuppressedCount.Of(members), SuppressedCount.Of(active), conditions,
            SuppressedCount.Of(posts), SuppressedCount.Of(meetups), open, closed);
    }
}
