using Es.Domain;
using Es.Projections;
using Es.Projections.Activity;
using Npgsql;

namespace Es.Api.Activity;

public sealed record WeeklyEntry(int Rank, Guid MemberId, decimal Score, int ActiveDays, DateTimeOffset? FirstActionAt, IReadOnlyList<ScoreLine> Breakdown);

public sealed record CohortRow(string SignupMonth, int Members, int Returning)
{
    public double Share => Members == 0 ? 0 : (double)Returning / Members;
}

public sealed record FeatureUsageRow(string Feature, int ReturningUsers, int Returning, int OtherUsers, int Others)
{
    public double ReturningShare => Returning == 0 ? 0 : (double)ReturningUsers / Returning;
    public double OtherShare => Others == 0 ? 0 : (double)OtherUsers / Others;

    /// <summary>How many times more often returning members used it; null when no other member did.</summary>
    public double? Ratio => OtherShare == 0 ? null : ReturningShare / OtherShare;
}

/// <summary>
/// Reads of the activity read model: member of the week (scored here, with <see cref="ActivityScoring"/>),
/// returning members by sign-up cohort and feature usage. Days, weeks and months are the community's
/// (<see cref="CommunityCalendar"/>). A returning member, in a month, is one active on at least
/// <see cref="ReturningDays"/> distinct days, a day with any action of theirs (a like received is not theirs).
/// </summary>
public sealed class ActivityReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    public const int ReturningDays = 3;

    private readonly string _daily = catalog.ViewName(ActivityProjection.Daily);
    private readonly string _members = catalog.ViewName(ActivityProjection.Members);

    // $1..$2 the week's days; $3..$5 the score table; $6 region or null; $7 how many.
    private string RankSql => $"""
        WITH rules AS (SELECT * FROM unnest($3::text[], $4::numeric[], $5::int[]) AS r(kind, weight, cap)),
        week AS (SELECT member_id, kind, sum(count)::int AS n FROM {_daily} WHERE day BETWEEN $1 AND $2 GROUP BY member_id, kind),
        scores AS (SELECT w.member_id, sum(least(w.n, r.cap) * r.weight) AS score FROM week w JOIN rules r ON r.kind = w.kind GROUP BY w.member_id),
        days AS (SELECT member_id, count(DISTINCT day)::int AS active_days, min(first_at) AS first_at FROM {_daily}
                 WHERE day BETWEEN $1 AND $2 AND kind <> '{ActivityKinds.LikeReceived}' GROUP BY member_id)
        SELECT s.member_id, s.score, coalesce(d.active_days, 0), d.first_at
        FROM scores s JOIN {_members} m ON m.member_id = s.member_id LEFT JOIN days d ON d.member_id = s.member_id
        WHERE s.score > 0 AND NOT m.deactivated AND ($6::text IS NULL OR m.region = $6)
        ORDER BY s.score DESC, coalesce(d.active_days, 0) DESC, d.first_at NULLS LAST, s.member_id
        LIMIT $7
        """;

    private string CountsSql => $"""
        SELECT member_id, kind, sum(count)::int FROM {_daily} WHERE member_id = ANY ($3) AND day BETWEEN $1 AND $2 GROUP BY member_id, kind
        """;

    public async Task<IReadOnlyList<WeeklyEntry>> MembersOfTheWeekAsync(DateOnly monday, string? region, int first, CancellationToken ct)
    {
        var sunday = monday.AddDays(6);
        var ranked = new List<(Guid Id, decimal Score, int Days, DateTimeOffset? First)>();
        await using (var cmd = dataSource.CreateCommand(RankSql))
        {
            cmd.Parameters.AddWithValue(monday);
            cmd.Parameters.AddWithValue(sunday);
            cmd.Parameters.AddWithValue(ActivityScoring.Rules.Select(r => r.Kind).ToArray());
            cmd.Parameters.AddWithValue(ActivityScoring.Rules.Select(r => r.Weight).ToArray());
            cmd.Parameters.AddWithValue(ActivityScoring.Rules.Select(r => r.WeeklyCap).ToArray());
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)region ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.AddWithValue(first);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                ranked.Add((r.GetGuid(0), r.GetDecimal(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3)));
        }
        if (ranked.Count == 0) return [];

        var counts = ranked.ToDictionary(e => e.Id, _ => new Dictionary<string, int>());
        await using (var cmd = dataSource.CreateCommand(CountsSql))
        {
            cmd.Parameters.AddWithValue(monday);
            cmd.Parameters.AddWithValue(sunday);
            cmd.Parameters.AddWithValue(ranked.Select(e => e.Id).ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) counts[r.GetGuid(0)][r.GetString(1)] = r.GetInt32(2);
        }
        return [.. ranked.Select((e, i) => new WeeklyEntry(i + 1, e.Id, e.Score, e.Days, e.First, ActivityScoring.Breakdown(counts[e.Id])))];
    }

    // $1..$2 the month's days (end exclusive); members who had signed up by its end and are not deactivated.
    private string ActiveSql => $"""
        active AS (SELECT member_id, count(DISTINCT day) AS days FROM {_daily}
                   WHERE day >= $1 AND day < $2 AND kind <> '{ActivityKinds.LikeReceived}' GROUP BY member_id),
        population AS (SELECT m.member_id, m.registered_at, coalesce(a.days, 0) >= {ReturningDays} AS is_returning
                        FROM {_members} m LEFT JOIN active a ON a.member_id = m.member_id
                        WHERE NOT m.deactivated AND (m.registered_at AT TIME ZONE '{CommunityCalendar.TimeZoneId}')::date < $2)
        """;

    private string CohortSql => $"""
        WITH {ActiveSql}
        SELECT to_char(registered_at AT TIME ZONE '{CommunityCalendar.TimeZoneId}', 'YYYY-MM'), count(*)::int, count(*) FILTER (WHERE is_returning)::int
        FROM population GROUP BY 1 ORDER BY 1
        """;

    public async Task<IReadOnlyList<CohortRow>> CohortsAsync(DateOnly month, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CohortSql);
        cmd.Parameters.AddWithValue(month);
        cmd.Parameters.AddWithValue(month.AddMonths(1));
        var rows = new List<CohortRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add(new CohortRow(r.GetString(0), r.GetInt32(1), r.GetInt32(2)));
        return rows;
    }

    // $3, $4: which feature each kind is a use of. The row with a null feature holds the two groups' sizes.
    private string UsageSql => $"""
        WITH {ActiveSql},
        map AS (SELECT * FROM unnest($3::text[], $4::text[]) AS f(kind, feature)),
        used AS (SELECT DISTINCT d.member_id, f.feature FROM {_daily} d JOIN map f ON f.kind = d.kind WHERE d.day >= $1 AND d.day < $2)
        SELECT NULL, count(*) FILTER (WHERE is_returning)::int, count(*) FILTER (WHERE NOT is_returning)::int FROM population
        UNION ALL
        SELECT u.feature, count(*) FILTER (WHERE p.is_returning)::int, count(*) FILTER (WHERE NOT p.is_returning)::int
        FROM used u JOIN population p ON p.member_id = u.member_id GROUP BY u.feature
        """;

    public async Task<IReadOnlyList<FeatureUsageRow>> FeatureUsageAsync(DateOnly month, CancellationToken ct)
    {
        var pairs = Features.All.SelectMany(f => f.Kinds.Select(k => (Kind: k, f.Feature))).ToArray();
        await using var cmd = dataSource.CreateCommand(UsageSql);
        cmd.Parameters.AddWithValue(month);
        cmd.Parameters.AddWithValue(month.AddMonths(1));
        cmd.Parameters.AddWithValue(pairs.Select(p => p.Kind).ToArray());
        cmd.Parameters.AddWithValue(pairs.Select(p => p.Feature).ToArray());
        var (returning, others) = (0, 0);
        var used = new Dictionary<string, (int Returning, int Others)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                if (r.IsDBNull(0)) (returning, others) = (r.GetInt32(1), r.GetInt32(2));
                else used[r.GetString(0)] = (r.GetInt32(1), r.GetInt32(2));
        return [.. Features.All.Select(f =>
        {
            var u = used.GetValueOrDefault(f.Feature);
            return new FeatureUsageRow(f.Feature, u.Returning, returning, u.Others, others);
        })];
    }
}
