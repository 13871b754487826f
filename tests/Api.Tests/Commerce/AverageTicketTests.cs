using System.Text.Json;
using Es.Domain;

namespace Es.Api.Tests.Commerce;

/// <summary>
/// Sales of a São Paulo merchant (UTC−03:00) near local midnight, on two platforms, with refunds, a
/// refused refund and a cancelled sale; every expected figure worked out here by hand.
/// </summary>
public sealed class AverageTicketTests(CommerceTicketHost api) : IClassFixture<CommerceTicketHost>
{
    private static readonly TimeSpan SaoPaulo = TimeSpan.FromHours(-3);
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    private const string Ticket = """
        query($m: String!, $from: String, $to: String, $platform: String, $g: TicketGranularity) {
          merchantAverageTicket(merchantId: $m, from: $from, to: $to, platform: $platform, granularity: $g) {
            merchantId platform currency granularity from to
            periods { start end transactions approved refunded net averageTicket }
          }
        }
        """;

    private static DateTimeOffset Local(int day, int hour, int minute, TimeSpan zone) => new(2026, 3, day, hour, minute, 0, zone);

    private async Task<Guid> SaleAsync(string merchant, string platform, decimal amount, DateTimeOffset at)
    {
        var id = Guid.NewGuid();
        await api.SendAsync(new RecordSale(id, merchant, platform, "tok_" + id.ToString("N")[..8], new Money(amount, "BRL"), at, api.Source()));
        return id;
    }

    [Fact]
    public async Task Daily_ticket_is_net_over_distinct_sales_by_the_merchants_local_day_and_weekly_is_weighted_by_transactions()
    {
        await api.SendAsync(new RegisterMerchant("m-sp", "Padaria Paulista", "bakery", "America/Sao_Paulo", api.Source()));

        // Monday 2 March 2026, São Paulo time. 23:30 local is 02:30 UTC on the 3rd: a UTC day would move it.
        await SaleAsync("m-sp", "pos", 100.00m, Local(2, 23, 30, SaoPaulo));
        var s3 = await SaleAsync("m-sp", "pos", 30.00m, Local(2, 10, 0, SaoPaulo));
        var s4 = await SaleAsync("m-sp", "pos", 80.00m, Local(2, 12, 0, SaoPaulo));
        var s5 = await SaleAsync("m-sp", "pos", 999.00m, Local(2, 13, 0, SaoPaulo));
        await SaleAsync("m-sp", "online", 40.00m, Local(2, 21, 0, SaoPaulo)); // 00:00 UTC on the 3rd
        // Tuesday the 3rd: 00:15 local is the same UTC day (the 3rd) as the 23:30 sale above, but another local day.
        await SaleAsync("m-sp", "pos", 50.00m, Local(3, 0, 15, SaoPaulo));
        await SaleAsync("m-sp", "pos", 10.00m, Local(3, 18, 0, SaoPaulo));
        // Wednesday the 4th.
        await SaleAsync("m-sp", "pos", 70.00m, Local(4, 9, 0, SaoPaulo));

        // A refund on the 4th of a sale of the 2nd counts on the 2nd; a refused one refunds nothing; the 999 is cancelled.
        await api.SendAsync(new RefundSale(s4, "r-1", new Money(20.00m, "BRL"), Local(4, 11, 0, SaoPaulo), api.Source()));
        await api.SendAsync(new RefundSale(s3, "r-2", new Money(500.00m, "BRL"), Local(4, 11, 5, SaoPaulo), api.Source()));
        await api.SendAsync(new CancelSale(s5, "duplicate swipe", Local(2, 13, 5, SaoPaulo), api.Source()));

        // The merchant moves to Seoul: sales from now on are cut in Seoul days, the ones above stay where they were.
        await api.SendAsync(new RegisterMerchant("m-sp", "Padaria Paulista", "bakery", "Asia/Seoul", api.Source()));
        await SaleAsync("m-sp", "online", 60.00m, Local(5, 13, 0, SaoPaulo)); // 16:00 UTC on the 5th = 01:00 on the 6th in Seoul
        // A merchant never registered: Seoul days (the default zone). 16:30 UTC on the 1st is 01:30 on the 2nd in Seoul.
        await SaleAsync("m-unknown", "pos", 25.00m, new DateTimeOffset(2026, 3, 1, 16, 30, 0, TimeSpan.Zero));
        await api.WaitForAsync("average_ticket");

        var admin = await api.AdministratorAsync("ticket_admin");

        // pos, day by day: 2nd = 100 + 30 + (80 − 20) over 3 sales (the 999 was cancelled);
        // 3rd = 50 + 10 over 2; 4th = 70 over 1; 5th–8th nothing.
        var pos = await TicketAsync(admin, "m-sp", "2026-03-02", "2026-03-08", "pos", "DAY");
        Assert.Equal("BRL", pos.GetProperty("currency").GetString());
        var days = pos.GetProperty("periods").EnumerateArray().ToArray();
        Assert.Equal(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08"],
            days.Select(d => d.GetProperty("start").GetString()));
        Assert.Equal([3, 2, 1, 0, 0, 0, 0], days.Select(d => d.GetProperty("transactions").GetInt32()));
        Assert.Equal([210.0, 60.0, 70.0, 0, 0, 0, 0], days.Select(d => d.GetProperty("approved").GetDouble()));
        Assert.Equal([20.0, 0, 0, 0, 0, 0, 0], days.Select(d => d.GetProperty("refunded").GetDouble()));
        AssertClose([190.0 / 3, 60.0 / 2, 70.0 / 1, null, null, null, null], days.Select(Average));

        // Every platform together on the 2nd: pos 190 over 3 and online 40 over 1 → 230 / 4.
        var all = await TicketAsync(admin, "m-sp", "2026-03-02", "2026-03-02", null, "DAY");
        AssertClose([230.0 / 4], all.GetProperty("periods").EnumerateArray().Select(Average));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("platform").ValueKind);

        // online: 40 on the 2nd (São Paulo day), 60 on the 6th (Seoul day, after the move).
        var online = (await TicketAsync(admin, "m-sp", "2026-03-05", "2026-03-06", "online", "DAY")).GetProperty("periods").EnumerateArray().ToArray();
        Assert.Equal([0, 1], online.Select(d => d.GetProperty("transactions").GetInt32()));

        // The week of Monday the 2nd, pos: Σ net / Σ sales = (190 + 60 + 70) / (3 + 2 + 1) = 320 / 6 = 53.33…,
        // not the mean of the daily averages ((63.33 + 30 + 70) / 3 = 54.44…).
        var week = await TicketAsync(admin, "m-sp", "2026-03-04", "2026-03-04", "pos", "WEEK");
        var w = Assert.Single(week.GetProperty("periods").EnumerateArray());
        Assert.Equal(("2026-03-02", "2026-03-08"), (w.GetProperty("start").GetString(), w.GetProperty("end").GetString()));
        Assert.Equal(6, w.GetProperty("transactions").GetInt32());
        AssertClose([320.0 / 6], [Average(w)]);
        Assert.NotEqual(Math.Round((190.0 / 3 + 30 + 70) / 3, 6), Math.Round(Average(w)!.Value, 6));

        // The merchant never registered: the 16:30 UTC sale of the 1st is on the 2nd (Seoul).
        var unknown = (await TicketAsync(admin, "m-unknown", "2026-03-01", "2026-03-02", null, "DAY")).GetProperty("periods").EnumerateArray();
        Assert.Equal([0, 1], unknown.Select(d => d.GetProperty("transactions").GetInt32()));

        // A rebuild from the log gives the same tables as the live build.
        const string Daily = "SELECT merchant_id, platform, currency, day, transactions, approved, refunded FROM {schema}.average_ticket_daily ORDER BY 1, 2, 3, 4";
        const string Sales = "SELECT sale_id, merchant_id, platform, currency, day, amount, refunded, cancelled FROM {schema}.average_ticket_sales ORDER BY 1";
        var (liveDaily, liveSales) = (await api.RowsAsync(Daily), await api.RowsAsync(Sales));
        Assert.Equal(10, liveSales.Count);
        await api.RebuildAsync("average_ticket");
        Assert.Equal(liveDaily, await api.RowsAsync(Daily));
        Assert.Equal(liveSales, await api.RowsAsync(Sales));
    }

    [Fact]
    public async Task Only_administrators_and_auditors_read_the_average_ticket()
    {
        var member = await api.TokenWithRoleAsync("ticket_member", null);
        var forbidden = ApiHost.SingleError(await api.GraphQLAsync(Ticket, new { m = "m-x", from = "2026-03-01", to = "2026-03-02" }, member));
        Assert.Equal("FORBIDDEN", ApiHost.Code(forbidden));
        Assert.Equal("merchantAverageTicket", forbidden.GetProperty("path")[0].GetString());
        var anonymous = ApiHost.SingleError(await api.GraphQLAsync(Ticket, new { m = "m-x", from = "2026-03-01", to = "2026-03-02" }));
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(anonymous));

        var auditor = await api.TokenWithRoleAsync("ticket_auditor", Es.Api.Schema.EsRoles.Auditor);
        var empty = (await api.DataAsync(Ticket, new { m = "m-nobody", from = "2026-03-01", to = "2026-03-03" }, auditor)).GetProperty("merchantAverageTicket");
        Assert.Equal([0, 0, 0], empty.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("transactions").GetInt32()));
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("currency").ValueKind);

        // Without from/to: the last 30 days up to today in the merchant's zone.
        var last30 = (await api.DataAsync(Ticket, new { m = "m-nobody" }, auditor)).GetProperty("merchantAverageTicket");
        Assert.Equal(30, last30.GetProperty("periods").GetArrayLength());
    }

    [Theory]
    [InlineData("2026-03-10", "2026-03-01", "DAY", "to")]
    [InlineData("2026-03-01", "2027-03-02", "DAY", "from")]
    [InlineData("2024-01-01", "2026-03-01", "WEEK", "from")]
    [InlineData("1 March", "2026-03-01", "DAY", "from")]
    public async Task A_bad_range_is_a_validation_error_with_its_path_and_field(string from, string to, string granularity, string field)
    {
        var admin = await api.AdministratorAsync("ticket_range_" + Guid.NewGuid().ToString("N")[..8]);
        var error = ApiHost.SingleError(await api.GraphQLAsync(Ticket, new { m = "m-sp", from, to, g = granularity }, admin));
        Assert.Equal("VALIDATION", ApiHost.Code(error));
        Assert.Equal(field, error.GetProperty("extensions").GetProperty("field").GetString());
        Assert.Equal("merchantAverageTicket", error.GetProperty("path")[0].GetString());
    }

    private async Task<JsonElement> TicketAsync(string token, string merchant, string from, string to, string? platform, string granularity) =>
        (await api.DataAsync(Ticket, new { m = merchant, from, to, platform, g = granularity }, token)).GetProperty("merchantAverageTicket");

    private static double? Average(JsonElement period) =>
        period.GetProperty("averageTicket").ValueKind == JsonValueKind.Null ? null : period.GetProperty("averageTicket").GetDouble();

    internal static void AssertClose(IEnumerable<double?> expected, IEnumerable<double?> actual)
    {
        var (e, a) = (expected.ToArray(), actual.ToArray());
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
            Assert.True(e[i] is null ? a[i] is null : a[i] is { } v && Math.Abs(e[i]!.Value - v) < 1e-9, $"[{i}] expected {e[i]}, got {a[i]}");
    }
}
