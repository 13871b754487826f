using System.Globalization;
using Es.Api.Schema;
using Es.Projections;
using Es.Projections.Network;
using Npgsql;

namespace Es.Api.Network;

public enum InteractionKind { Like, Comment, Meetup, Chat }

public sealed record InteractionCount(InteractionKind Kind, int Count);

/// <summary>Whose network, weighed as of when: <c>me.network</c>.</summary>
public sealed record NetworkScope(Guid MemberId, DateTimeOffset AsOf);

public sealed record NeighbourView(Guid MemberId, int Likes, int Comments, int Meetups, int Chats, DateTimeOffset LastInteractionAt, double Weight)
{
    public IReadOnlyList<InteractionCount> Kinds => NetworkWeighting.Kinds(Likes, Comments, Meetups, Chats);
}

/// <summary>A member two hops away: the neighbours through whom (strongest path first) and the summed path strength.</summary>
public sealed record TwoHopView(Guid MemberId, Guid[] Via, double Weight);

public sealed record SuggestionView(Guid MemberId, int SharedNeighbours, bool SameRegion, string[] SharedConditions)
{
    /// <summary>"2 shared neighbours; same region; shared: diabetes".</summary>
    public string Reason
    {
        get
        {
            var parts = new List<string> { SharedNeighbours == 1 ? "1 shared neighbour" : $"{SharedNeighbours} shared neighbours" };
            if (SameRegion) parts.Add("same region");
            if (SharedConditions.Length > 0) parts.Add("shared: " + string.Join(", ", SharedConditions));
            return string.Join("; ", parts);
        }
    }
}

public sealed record GraphNode(Guid Id, string Label, string Region);

public sealed record GraphEdge(Guid Source, Guid Target, double Weight, IReadOnlyList<InteractionKind> Kinds);

public sealed record NetworkGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges);

/// <summary>
/// How strong a link is (docs/analytics.md, "Social graph"): each kind's count times its weight,
/// halved for every <see cref="HalfLifeDays"/> since the last interaction. Computed when read, so the
/// stored rows never need rewriting as time passes.
/// </summary>
public static class NetworkWeighting
{
    public const int Like = 1;
    public const int Comment = 2;
    public const int Meetup = 3;
    public const int Chat = 1;
    public const double HalfLifeDays = 30;

    /// <summary>The weight of edge row <c>e</c> as of <c>$1</c>, every kind counted: the caller's own edges.</summary>
    public static readonly string Full = $"""
        ((e.likes * {Like} + e.comments * {Comment} + e.meetups * {Meetup} + e.chats * {Chat})
         * power(0.5, greatest(0, extract(epoch FROM ($1::timestamptz - e.last_at)))::float8 / 86400 / {HalfLifeDays.ToString("0.0###", CultureInfo.InvariantCulture)}))::float8
        """;

    /// <summary>The weight of an edge between two other members: only public kinds (chats are private), decayed from the last public one.</summary>
    public static readonly string Public = $"""
        (CASE WHEN e.last_public_at IS NULL THEN 0 ELSE (e.likes * {Like} + e.comments * {Comment} + e.meetups * {Meetup})
         * power(0.5, greatest(0, extract(epoch FROM ($1::timestamptz - e.last_public_at)))::float8 / 86400 / {HalfLifeDays.ToString("0.0###", CultureInfo.InvariantCulture)}) END)::float8
        """;

    public static IReadOnlyList<InteractionCount> Kinds(int likes, int comments, int meetups, int chats)
    {
        var kinds = new List<InteractionCount>(4);
        if (likes > 0) kinds.Add(new(InteractionKind.Like, likes));
        if (comments > 0) kinds.Add(new(InteractionKind.Comment, comments));
        if (meetups > 0) kinds.Add(new(InteractionKind.Meetup, meetups));
        if (chats > 0) kinds.Add(new(InteractionKind.Chat, chats));
        return kinds;
    }
}

/// <summary>
/// Reads of the network read model. A member's own edges count every kind; edges between other
/// members count only what is public (likes, comments, meetups), never their chats.
/// </summary>
public sealed class NetworkReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    private readonly string _edges = catalog.ViewName(NetworkProjection.Edges);
    private readonly string _members = catalog.ViewName(NetworkProjection.Members);

    public const int MaxGraphNodes = 200;
    public const int MaxRegionGraphNodes = 500;

    // Deactivated members are left out of every answer: as neighbours, as the way to someone, as the one reached.
    private string Active(string member) => $"NOT EXISTS (SELECT 1 FROM {_members} d WHERE d.member_id = {member} AND d.deactivated)";

    // $1 as-of, $2 the member: the member's edges, the other end as "other", with the full weight.
    private string Mine => $"""
        mine AS (
            SELECT other, likes, comments, meetups, chats, last_at, {NetworkWeighting.Full} AS weight FROM (
                SELECT e.member_b AS other, e.* FROM {_edges} e WHERE e.member_a = $2
                UNION ALL
                SELECT e.member_a AS other, e.* FROM {_edges} e WHERE e.member_b = $2) e
            WHERE {Active("e.other")})
        """;

    // Public edges from each of my neighbours to someone else: the second hop.
    private string Hop => $"""
        hop AS (
            SELECT m.other AS via, x.target, m.weight AS w1, x.weight AS w2 FROM mine m
            CROSS JOIN LATERAL (
                SELECT e.member_b AS target, {NetworkWeighting.Public} AS weight FROM {_edges} e WHERE e.member_a = m.other AND e.last_public_at IS NOT NULL
                UNION ALL
                SELECT e.member_a, {NetworkWeighting.Public} FROM {_edges} e WHERE e.member_b = m.other AND e.last_public_at IS NOT NULL) x
            WHERE x.target <> $2 AND x.target NOT IN (SELECT other FROM mine) AND {Active("x.target")})
        """;

    /// <summary>The member's neighbours, strongest first (ties by id); the cursor carries the as-of time so later pages weigh alike.</summary>
    public async Task<Connection<NeighbourView>> NeighboursAsync(NetworkScope scope, PageRequest page, CancellationToken ct)
    {
        var asOf = scope.AsOf;
        double? afterWeight = null;
        Guid? afterId = null;
        if (page.AfterKey is { } key)
        {
            if (key is not [var at, var w, var id] || !double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
                throw ApiErrors.Validation("BAD_CURSOR", "after is not a cursor of this list.", "after");
            asOf = Cursors.ParseTime(at);
            afterWeight = weight;
            afterId = Cursors.Id(id);
        }
        await using var cmd = dataSource.CreateCommand($"""
            WITH {Mine}
            SELECT other, likes, comments, meetups, chats, last_at, weight FROM mine
            WHERE $3::float8 IS NULL OR weight < $3 OR (weight = $3 AND other > $4)
            ORDER BY weight DESC, other LIMIT $5
            """);
        cmd.Parameters.AddWithValue(asOf);
        cmd.Parameters.AddWithValue(scope.MemberId);
        cmd.Parameters.Add(new NpgsqlParameter<double?> { TypedValue = afterWeight, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = afterId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        cmd.Parameters.AddWithValue(page.Fetch);
        var rows = new List<NeighbourView>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                rows.Add(new NeighbourView(r.GetGuid(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetFieldValue<DateTimeOffset>(5), r.GetDouble(6)));
        var at0 = Cursors.Time(asOf);
        return rows.ToConnection(page, n => [at0, n.Weight.ToString("R", CultureInfo.InvariantCulture), n.MemberId.ToString()]);
    }

    /// <summary>
    /// Members two hops away (not the member, not a neighbour), strongest first: a path is as strong as
    /// its weaker link, and a member's weight is the sum over the paths to them.
    /// </summary>
    public async Task<IReadOnlyList<TwoHopView>> TwoHopAsync(NetworkScope scope, int fetch, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            WITH {Mine}, {Hop}
            SELECT target, array_agg(via ORDER BY least(w1, w2) DESC, via), sum(least(w1, w2)) AS weight
            FROM hop GROUP BY target ORDER BY weight DESC, target LIMIT $3
            """);
        cmd.Parameters.AddWithValue(scope.AsOf);
        cmd.Parameters.AddWithValue(scope.MemberId);
        cmd.Parameters.AddWithValue(fetch);
        var rows = new List<TwoHopView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add(new TwoHopView(r.GetGuid(0), r.GetFieldValue<Guid[]>(1), r.GetDouble(2)));
        return rows;
    }

    /// <summary>
    /// Members two hops away, not linked, not deactivated, in the member's region or sharing a
    /// condition of interest: most shared neighbours first, then most shared conditions, then the same region.
    /// </summary>
    public async Task<IReadOnlyList<SuggestionView>> SuggestionsAsync(NetworkScope scope, int fetch, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            WITH {Mine}, {Hop},
            candidates AS (SELECT target, count(DISTINCT via)::int AS shared FROM hop GROUP BY target),
            me AS (SELECT region, conditions FROM {_members} WHERE member_id = $2),
            reasons AS (
                SELECT c.target, c.shared, t.region = me.region AS same_region,
                       ARRAY(SELECT DISTINCT x FROM unnest(t.conditions) x WHERE x = ANY (me.conditions) ORDER BY x) AS shared_conditions
                FROM candidates c JOIN {_members} t ON t.member_id = c.target AND NOT t.deactivated CROSS JOIN me
                WHERE t.region = me.region OR t.conditions && me.conditions)
            SELECT target, shared, same_region, shared_conditions FROM reasons
            ORDER BY shared DESC, cardinality(shared_conditions) DESC, same_region DESC, target LIMIT $3
            """);
        cmd.Parameters.AddWithValue(scope.AsOf);
        cmd.Parameters.AddWithValue(scope.MemberId);
        cmd.Parameters.AddWithValue(fetch);
        var rows = new List<SuggestionView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add(new SuggestionView(r.GetGuid(0), r.GetInt32(1), r.GetBoolean(2), r.GetFieldValue<string[]>(3)));
        return rows;
    }

    /// <summary>
    /// The member and their strongest neighbours (at most <paramref name="limit"/> nodes in all), the
    /// member's edges to them and the public edges among them.
    /// </summary>
    public async Task<NetworkGraph> NeighbourhoodAsync(NetworkScope scope, int limit, CancellationToken ct)
    {
        if (limit <= 0) return new NetworkGraph([], []);
        var neighbours = (await NeighboursAsync(scope, new PageRequest(limit - 1, null), ct)).Nodes.ToArray();
        var ids = neighbours.Select(n => n.MemberId).Prepend(scope.MemberId).ToArray();
        var edges = neighbours.Select(n => new GraphEdge(scope.MemberId, n.MemberId, n.Weight, n.Kinds.Select(k => k.Kind).ToArray())).ToList();
        edges.AddRange(await PublicEdgesAmongAsync(ids.Skip(1).ToArray(), scope.AsOf, ct));
        var nodes = await NodesAsync(ids, ct);
        return new NetworkGraph(ids.Where(nodes.ContainsKey).Select(id => nodes[id]).ToArray(), edges);
    }

    /// <summary>
    /// The members of a region (at most <paramref name="limit"/>, the most strongly linked within the
    /// region first) and the public edges among them.
    /// </summary>
    public async Task<NetworkGraph> RegionAsync(string region, DateTimeOffset asOf, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            WITH r AS (SELECT member_id, display_name, region FROM {_members} WHERE region = $2 AND NOT deactivated),
            inside AS (
                SELECT e.member_a, e.member_b, {NetworkWeighting.Public} AS weight FROM {_edges} e
                JOIN r ra ON ra.member_id = e.member_a JOIN r rb ON rb.member_id = e.member_b
                WHERE e.last_public_at IS NOT NULL),
            strength AS (
                SELECT member, sum(weight) AS s FROM (SELECT member_a AS member, weight FROM inside UNION ALL SELECT member_b, weight FROM inside) x GROUP BY member)
            SELECT r.member_id, r.display_name, r.region FROM r LEFT JOIN strength s ON s.member = r.member_id
            ORDER BY coalesce(s.s, 0) DESC, r.member_id LIMIT $3
            """);
        cmd.Parameters.AddWithValue(asOf);
        cmd.Parameters.AddWithValue(region);
        cmd.Parameters.AddWithValue(limit);
        var nodes = new List<GraphNode>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) nodes.Add(new GraphNode(r.GetGuid(0), r.GetString(1), r.GetString(2)));
        var edges = await PublicEdgesAmongAsync(nodes.Select(n => n.Id).ToArray(), asOf, ct);
        return new NetworkGraph(nodes, edges);
    }

    private async Task<IReadOnlyList<GraphEdge>> PublicEdgesAmongAsync(Guid[] ids, DateTimeOffset asOf, CancellationToken ct)
    {
        if (ids.Length < 2) return [];
        await using var cmd = dataSource.CreateCommand($"""
            SELECT e.member_a, e.member_b, e.likes, e.comments, e.meetups, {NetworkWeighting.Public} AS weight FROM {_edges} e
            WHERE e.member_a = ANY ($2) AND e.member_b = ANY ($2) AND e.last_public_at IS NOT NULL
            ORDER BY weight DESC, e.member_a, e.member_b
            """);
        cmd.Parameters.AddWithValue(asOf);
        cmd.Parameters.AddWithValue(ids);
        var edges = new List<GraphEdge>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            edges.Add(new GraphEdge(r.GetGuid(0), r.GetGuid(1), r.GetDouble(5),
                NetworkWeighting.Kinds(r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), 0).Select(k => k.Kind).ToArray()));
        return edges;
    }

    private async Task<Dictionary<Guid, GraphNode>> NodesAsync(Guid[] ids, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT member_id, display_name, region FROM {_members} WHERE member_id = ANY ($1)");
        cmd.Parameters.AddWithValue(ids);
        var nodes = new Dictionary<Guid, GraphNode>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) nodes[r.GetGuid(0)] = new GraphNode(r.GetGuid(0), r.GetString(1), r.GetString(2));
        return nodes;
    }
}
