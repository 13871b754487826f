namespace Es.Api.Commerce;

/// <summary>A named RFM segment: the recency score and the FM score (mean of F and M, rounded up) it covers.</summary>
public sealed record SegmentRule(string Name, string Meaning, int RecencyMin, int RecencyMax, int FmMin, int FmMax);

/// <summary>
/// The rules of docs/commerce.md, "Customer spend", applied when read: quintile scores, the segment
/// table and the lifetime value heuristic. Nothing here is stored, so a change needs no rebuild.
/// </summary>
public static class CustomerScoring
{
    /// <summary>Every one of the 25 (R, FM) cells falls in exactly one segment (the tests check it).</summary>
    public static readonly IReadOnlyList<SegmentRule> Segments =
    [
        new("champions", "bought very recently, often and much", 5, 5, 4, 5),
        new("loyal", "buy often and much, and not long ago", 3, 4, 4, 5),
        new("potential_loyalists", "recent, with middling frequency and spend", 4, 5, 2, 3),
        new("new", "bought very recently, for the first times", 5, 5, 1, 1),
        new("promising", "recent, little so far", 4, 4, 1, 1),
        new("need_attention", "middling on every score", 3, 3, 3, 3),
        new("about_to_sleep", "not recent, little", 3, 3, 1, 2),
        new("at_risk", "used to buy well, not for a long time", 1, 2, 3, 4),
        new("cant_lose", "among the best, but not for a long time", 1, 2, 5, 5),
        new("hibernating", "long ago and little", 2, 2, 1, 2),
        new("lost", "the longest ago, and little", 1, 1, 1, 2),
    ];

    /// <summary>The lifetime value's horizon: what a customer is expected to spend in the next 12 months.</summary>
    public const int HorizonMonths = 12;

    /// <summary>A customer's observed tenure counts as at least this many months, so one purchase last week is not a monthly habit.</summary>
    public const double MinimumTenureMonths = 3;

    public const double DaysPerMonth = 365.25 / 12;

    /// <summary>FM: the mean of the frequency and monetary scores, rounded up.</summary>
    public static int Fm(int f, int m) => (f + m + 1) / 2;

    public static string SegmentOf(int r, int f, int m)
    {
        var fm = Fm(f, m);
        return Segments.First(s => r >= s.RecencyMin && r <= s.RecencyMax && fm >= s.FmMin && fm <= s.FmMax).Name;
    }

    /// <summary>The segment rules as one SQL CASE over columns <c>r</c> and <c>fm</c>.</summary>
    public static string SegmentSql(string r, string fm) =>
        "CASE " + string.Join(" ", Segments.Select(s =>
            $"WHEN {r} BETWEEN {s.RecencyMin} AND {s.RecencyMax} AND {fm} BETWEEN {s.FmMin} AND {s.FmMax} THEN '{s.Name}'")) + " END";

    /// <summary>
    /// average order value × purchases per month since the first purchase × <see cref="HorizonMonths"/>:
    /// the next 12 months at the customer's own rate so far; never below 0 (returns can outweigh purchases).
    /// </summary>
    public static double LifetimeValue(decimal spend, int orders, DateTimeOffset firstAt, DateTimeOffset asOf)
    {
        if (orders <= 0) return 0;
        var aov = (double)spend / orders;
        var tenureMonths = Math.Max(MinimumTenureMonths, (asOf - firstAt).TotalDays / DaysPerMonth);
        return Math.Max(0, aov * (orders / tenureMonths) * HorizonMonths);
    }
}
