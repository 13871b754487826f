using Es.Projections;
using Es.Projections.Trends;
using Npgsql;

namespace Es.Api.Trends;

public sealed record TrendingTagView(string Tag, int Mentions, double TrailingAverage, double Score);

public sealed record TagDayView(DateOnly Day, int Mentions);

/// <summary>
/// Reads of the trends read model. The rising score is computed here, at query time, from the
/// day's mentions and the 7 days before it (docs/analytics.md, "Trending tags").
/// </summary>
public sealed class TrendReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    /// <summary>Days before the asked day that make the trailing level.</summary>
    public const int TrailingDays = 7;

    /// <summary>A tag needs this many mentions on the day to be ranked: one or two posts are noise, not a trend.</summary>
    public const int MinimumMentions = 3;

    /// <summary>The longest series one request reads.</summary>
    public const int MaxSeriesDays = 366;

    private readonly string _mentions = catalog.ViewName(TrendsProjection.Mentions);

    // score = (mentions on the day + 1) / (mean daily mentions over the 7 days before + 1);
    // days without a row count as 0. The +1 keeps a tag new today finite and damps tiny counts.
    private const string Trending = """
        WITH today AS (SELECT tag, mentions FROM {m} WHERE day = $1 AND mentions >= $2),
        before_ AS (
            SELECT m.tag, sum(m.mentions)::float8 / 7 AS average
            FROM {m} m JOIN today USING (tag)
            WHERE m.day >= $1 - 7 AND m.day < $1
            GROUP BY m.tag)
        SELECT t.tag, t.mentions, coalesce(tr.average, 0) AS average, (t.mentions + 1) / (coalesce(tr.average, 0) + 1) AS score
        FROM today t LEFT JOIN before_ tr USING (tag)
        ORDER BY score DESC, t.mentions DESC, t.tag
        LIMIT $3
        """;

    private const string Series = "SELECT day, mentions FROM {m} WHERE tag = $1 AND day BETWEEN $2 AND $3 AND mentions > 0";

    public async Task<IReadOnlyList<TrendingTagView>> TrendingAsync(DateOnly day, int first, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Trending.Replace("{m}", _mentions));
        cmd.Parameters.AddWithValue(day);
        cmd.Parameters.AddWithValue(MinimumMentions);
        cmd.Parameters.AddWithValue(first);
        var rows = new List<TrendingTagView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add(new TrendingTagView(r.GetString(0), r.GetInt32(1), r.GetDouble(2), r.GetDouble(3)));
        return rows;
    }

    /// <summary>Every day from <paramref name="from"/> to <paramref name="to"/>, 0 where the tag had no mention.</summary>
    public async Task<IReadOnlyList<TagDayView>> SeriesAsync(string tag, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Series.Replace("{m}", _mentions));
        cmd.Parameters.AddWithValue(TagExtractor.Normalise(tag));
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        var counts = new Dictionary<DateOnly, int>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) counts[r.GetFieldValue<DateOnly>(0)] = r.GetInt32(1);
        var days = new List<TagDayView>();
        for (var d = from; d <= to; d = d.AddDays(1)) days.Add(new TagDayView(d, counts.GetValueOrDefault(d)));
        return days;
    }
}
