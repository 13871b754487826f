using Es.Domain;
using Es.Projections;
using Es.Projections.Commerce;
using Npgsql;

namespace Es.Api.Commerce;

public enum TicketGranularity { Day, Week }

/// <summary>
/// One period of a merchant's ticket: <c>Start</c>..<c>End</c> is one local day, or one ISO week
/// (Monday to Sunday). <c>AverageTicket</c> is Σ net / Σ transactions, null when there was no transaction.
/// </summary>
public sealed record TicketPeriodView(DateOnly Start, DateOnly End, int Transactions, decimal Approved, decimal Refunded)
{
    public decimal Net => Approved - Refunded;

    public decimal? AverageTicket => Transactions == 0 ? null : Net / Transactions;
}

public sealed record MerchantTicketView(
    string MerchantId, string? Platform, TicketGranularity Granularity, string? Currency, DateOnly From, DateOnly To, IReadOnlyList<TicketPeriodView> Periods);

/// <summary>
/// Reads of <see cref="AverageTicketProjection"/>: a merchant's daily figures in a range, every day
/// present (0 transactions and a null average where none), and weekly ones summed from the same
/// daily rows (a weighted mean: Σ net / Σ transactions over the week, not a mean of daily averages).
/// </summary>
public sealed class MerchantReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    public const int MaxDays = 366;
    public const int MaxWeeks = 104;
    public const int DefaultDays = 30;
    public const int DefaultWeeks = 12;

    private readonly string _daily = catalog.ViewName(AverageTicketProjection.Daily);
    private readonly string _zones = catalog.ViewName(AverageTicketProjection.Zones);

    private const string Days = """
        SELECT day, currency, sum(transactions)::int, sum(approved), sum(refunded)
        FROM {daily}
        WHERE merchant_id = $1 AND day BETWEEN $2 AND $3 AND ($4::text IS NULL OR platform = $4) AND ($5::text IS NULL OR currency = $5)
        GROUP BY day, currency
        """;

    private const string LatestZone = "SELECT time_zone FROM {zones} WHERE merchant_id = $1 ORDER BY seq DESC LIMIT 1";

    /// <summary>Today in the merchant's current zone (the default zone when it was never registered).</summary>
    public async Task<DateOnly> TodayAsync(string merchantId, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(LatestZone.Replace("{zones}", _zones));
        cmd.Parameters.AddWithValue(merchantId);
        var zone = await cmd.ExecuteScalarAsync(ct) as string ?? MerchantZoneHistory.DefaultTimeZone;
        var info = TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var z) ? z : TimeZoneInfo.FindSystemTimeZoneById(MerchantZoneHistory.DefaultTimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, info).DateTime);
    }

    /// <summary>
    /// Periods covering <paramref name="from"/>..<paramref name="to"/> (weeks: whole ISO weeks, from the
    /// Monday of <paramref name="from"/>'s week to the Sunday of <paramref name="to"/>'s). Null when the
    /// merchant has figures in more than one currency there and <paramref name="currency"/> does not say which.
    /// </summary>
    public async Task<MerchantTicketView?> TicketAsync(string merchantId, DateOnly from, DateOnly to, string? platform, string? currency,
        TicketGranularity granularity, CancellationToken ct)
    {
        if (granularity == TicketGranularity.Week)
            (from, to) = (CommunityCalendar.WeekStart(from), CommunityCalendar.WeekStart(to).AddDays(6));
        await using var cmd = dataSource.CreateCommand(Days.Replace("{daily}", _daily));
        cmd.Parameters.AddWithValue(merchantId);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)platform ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)currency ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var rows = new List<(DateOnly Day, string Currency, int Transactions, decimal Approved, decimal Refunded)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                rows.Add((r.GetFieldValue<DateOnly>(0), r.GetString(1), r.GetInt32(2), r.GetDecimal(3), r.GetDecimal(4)));
        var currencies = rows.Select(x => x.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1) return null;
        var byDay = rows.ToDictionary(x => x.Day);
        var periods = new List<TicketPeriodView>();
        var step = granularity == TicketGranularity.Week ? 7 : 1;
        for (var start = from; start <= to; start = start.AddDays(step))
        {
            var end = start.AddDays(step - 1);
            int n = 0;
            decimal approved = 0, refunded = 0;
            for (var d = start; d <= end; d = d.AddDays(1))
                if (byDay.TryGetValue(d, out var x)) (n, approved, refunded) = (n + x.Transactions, approved + x.Approved, refunded + x.Refunded);
            periods.Add(new TicketPeriodView(start, end, n, approved, refunded));
        }
        return new MerchantTicketView(merchantId, platform, granularity, currencies.SingleOrDefault() ?? currency, from, to, periods);
    }
}
