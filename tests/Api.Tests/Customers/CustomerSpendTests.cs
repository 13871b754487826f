using System.Text.Json;
using Es.Api.Accounts;
using Es.Api.Tests.Trends;
using Es.Commands;
using Es.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Customers;

/// <summary>
/// A hand-built population sent through the command pipeline as ingest would: ten GBP customers with
/// ties on recency, frequency and spend, refunds (one in part, one in full), a cancelled order and a
/// cancelled sale, returns, and one customer who also paid in EUR. Every figure is worked out below
/// from the rules of docs/commerce.md: score = 1 + floor(5 × (rank − 1) / n), rank counted from the
/// worst value, equal values sharing the lowest rank; FM = ceil((F + M) / 2); the segment table;
/// LTV = spend / orders × orders / max(3, tenure months) × 12.
/// </summary>
public sealed class CustomerSpendTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>
{
    // D: the latest purchase in the data, so the default "now". Every purchase is at noon UTC, whole days before it.
    private static readonly DateTimeOffset D = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
    private const double DaysPerMonth = 365.25 / 12;

    private const string Fields = """
        customer currency spend orders cancelled refunded returned firstPurchaseAt lastPurchaseAt averageOrderValue
        rfm { asOf recencyDays recency frequency monetary code segment lifetimeValue }
        """;

    private int _source;

    private async Task SendAsync(Command command)
    {
        var source = $"file:golden.csv#{++_source}";
        var result = await api.Host.Services.GetRequiredService<CommandPipeline>().SendAsync(command, new CommandContext(Actor.System(source), source));
        Assert.True(result.Succeeded, string.Join("; ", result.Rejections.Select(r => r.Message)));
    }

    private static DateTimeOffset Day(int daysBefore) => D.AddDays(-daysBefore);

    private static Guid Id(string name) => NameBasedGuid.Create($"golden:{name}");

    private Task Order(string name, string customer, decimal amount, int daysBefore, string currency = "GBP") =>
        SendAsync(new PlaceOrder(Id(name), customer, "shop-1", [new OrderItem("Thing", 1, amount)], new Money(amount, currency), "London", Day(daysBefore), $"src:{name}"));

    private Task Sale(string name, string customer, decimal amount, int daysBefore) =>
        SendAsync(new RecordSale(Id(name), "shop-2", "card", customer, new Money(amount, "GBP"), Day(daysBefore), $"src:{name}"));

    private Task Refund(string sale, decimal amount, int daysBefore) =>
        SendAsync(new RefundSale(Id(sale), $"refund-{sale}", new Money(amount, "GBP"), Day(daysBefore), $"src:refund-{sale}"));

    private Task Return(string name, string customer, decimal amount, int daysBefore) =>
        SendAsync(new RecordReturn(Id(name), customer, "shop-1", [new OrderItem("Thing", 1, amount)], new Money(amount, "GBP"), Day(daysBefore), null, $"src:{name}"));

    private async Task SeedAsync()
    {
        await Order("a1", "A", 100m, 0); await Order("a2", "A", 200m, 10); await Order("a3", "A", 300m, 20);
        await Order("a-eur", "A", 80m, 50, "EUR");
        await Sale("b1", "B", 200m, 1); await Sale("b2", "B", 150m, 30); await Refund("b2", 50m, 25);
        await Order("c1", "C", 500m, 5); await Order("c2", "C", 250m, 2);
        await SendAsync(new CancelOrder(Id("c2"), "changed their mind", Day(2).AddHours(1), "src:cancel-c2"));
        await Order("d1", "D", 80m, 5); await Order("d2", "D", 80m, 40); await Order("d3", "D", 80m, 60); await Order("d4", "D", 60m, 90);
        await Sale("e1", "E", 1000m, 30); await Return("e-ret", "E", 100m, 3);
        await Order("f1", "F", 40m, 60);
        await Order("g1", "G", 20m, 100); await Order("g2", "G", 20m, 120);
        await Sale("h1", "H", 700m, 200); await Sale("h2", "H", 100m, 210); await Refund("h2", 100m, 205);
        await Order("i1", "I", 30m, 300);
        await Order("j1", "J", 5000m, 365); await Order("j2", "J", 1000m, 400);
        await Return("k-ret", "K", 25m, 7);                       // only a return: no purchase, not scored
        await Sale("l1", "L", 70m, 8);                            // only a cancelled sale: not scored
        await SendAsync(new CancelSale(Id("l1"), "voided", Day(8).AddMinutes(5), "src:cancel-l1"));
        await api.WaitForAsync("customer_spend");
    }

    private sealed record Expected(string Customer, decimal Spend, int Orders, int Cancelled, decimal Refunded, decimal Returned,
        int FirstDaysBefore, int RecencyDays, int R, int F, int M, string Segment);

    // n = 10 GBP customers with a purchase, so score = 1 + floor((rank - 1) / 2).
    // Recency days (worst first): J 365 (rank 1), I 300 (2), H 200 (3), G 100 (4), F 60 (5), E 30 (6), C 5 and D 5 (7, tied:
    //   C's cancelled order 2 days ago is no purchase, E's return 3 days ago neither), B 1 (9), A 0 (10).
    //   R: J 1, I 1, H 2, G 2, F 3, E 3, C 4, D 4, B 5, A 5.
    // Orders: C, E, F, I 1 (rank 1) -> F 1; B, G, H, J 2 (rank 5; H's fully refunded sale still counts) -> 3; A 3 (rank 9) -> 5; D 4 (10) -> 5.
    // Spend: I 30 (1), F 40 and G 40 (2), B 300 (= 200 + 150 - 50) and D 300 (4), C 500 (6), A 600 (7), H 700 (= 700 + 100 - 100, 8),
    //   E 900 (= 1000 - 100 returned, 9), J 6000 (10). M: I 1, F 1, G 1, B 2, D 2, C 3, A 4, H 4, E 5, J 5.
    // FM = (F + M + 1) / 2: A (5+4+1)/2 = 5, B 3, C 2, D 4, E 3, F 1, G 2, H 4, I 1, J 4.
    private static readonly Expected[] Gbp =
    [
        new("J", 6000m, 2, 0, 0m, 0m, 400, 365, 1, 3, 5, "at_risk"),       // R 1, FM 4
        new("E", 900m, 1, 0, 0m, 100m, 30, 30, 3, 1, 5, "need_attention"), // R 3, FM 3
        new("H", 700m, 2, 0, 100m, 0m, 210, 200, 2, 3, 4, "at_risk"),     // R 2, FM 4
        new("A", 600m, 3, 0, 0m, 0m, 20, 0, 5, 5, 4, "champions"),        // R 5, FM 5
        new("C", 500m, 1, 1, 0m, 0m, 5, 5, 4, 1, 3, "potential_loyalists"), // R 4, FM 2
        new("B", 300m, 2, 0, 50m, 0m, 30, 1, 5, 3, 2, "potential_loyalists"), // R 5, FM 3
        new("D", 300m, 4, 0, 0m, 0m, 90, 5, 4, 5, 2, "loyal"),            // R 4, FM 4
        new("F", 40m, 1, 0, 0m, 0m, 60, 60, 3, 1, 1, "about_to_sleep"),   // R 3, FM 1
        new("G", 40m, 2, 0, 0m, 0m, 120, 100, 2, 3, 1, "hibernating"),    // R 2, FM 2
        new("I", 30m, 1, 0, 0m, 0m, 300, 300, 1, 1, 1, "lost"),           // R 1, FM 1
    ];

    /// <summary>spend / orders × orders per month since the first purchase (at least 3 months) × 12, from the expected figures.</summary>
    private static double Ltv(decimal spend, int orders, double tenureDays) =>
        Math.Max(0, (double)spend / orders * (orders / Math.Max(3, tenureDays / DaysPerMonth)) * 12);

    [Fact]
    public async Task Spend_RFM_segments_and_lifetime_value_of_a_hand_built_population_follow_the_documented_rules()
    {
        await SeedAsync();
        var auditor = await TokenWithRoleAsync("spend_auditor", "auditor");

        var top = (await api.DataAsync($$"""query { topCustomers(first: 100, currency: "GBP") { {{Fields}} } }""", token: auditor))
            .GetProperty("topCustomers").EnumerateArray().ToArray();
        // Highest spend first; B and D tie on 300: the token decides.
        Assert.Equal(Gbp.Select(e => e.Customer), top.Select(t => t.GetProperty("customer").GetString()));
        foreach (var (e, t) in Gbp.Zip(top)) AssertCustomer(e, t);

        // Without a currency: GBP, the currency with the most customers.
        var defaultTop = (await api.DataAsync("query { topCustomers(first: 2) { customer currency } }", token: auditor)).GetProperty("topCustomers");
        Assert.Equal(["J:GBP", "E:GBP"], defaultTop.EnumerateArray().Select(t => $"{t.GetProperty("customer").GetString()}:{t.GetProperty("currency").GetString()}"));

        // Segments over every currency: A's EUR account is alone in its currency (n = 1: every score 1, "lost").
        var segments = (await api.DataAsync("query { customerSegments { segment count share } }", token: auditor)).GetProperty("customerSegments")
            .EnumerateArray().ToDictionary(s => s.GetProperty("segment").GetString()!, s => (Count: s.GetProperty("count").GetInt32(), Share: s.GetProperty("share").GetDouble()));
        var expectedCounts = new Dictionary<string, int>
        {
            ["CHAMPIONS"] = 1, ["LOYAL"] = 1, ["POTENTIAL_LOYALISTS"] = 2, ["NEW"] = 0, ["PROMISING"] = 0, ["NEED_ATTENTION"] = 1,
            ["ABOUT_TO_SLEEP"] = 1, ["AT_RISK"] = 2, ["CANT_LOSE"] = 0, ["HIBERNATING"] = 1, ["LOST"] = 2,
        };
        Assert.Equal(expectedCounts, segments.ToDictionary(s => s.Key, s => s.Value.Count));
        foreach (var (segment, count) in expectedCounts) Assert.Equal(count / 11.0, segments[segment].Share, 9);

        // A segment's customers, highest spend first, a page of one at a time: J (6000) then H (700).
        var page1 = (await api.DataAsync("query { customers(segment: AT_RISK, first: 1) { nodes { customer } pageInfo { hasNextPage endCursor } } }", token: auditor))
            .GetProperty("customers");
        Assert.Equal("J", page1.GetProperty("nodes")[0].GetProperty("customer").GetString());
        Assert.True(page1.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        var page2 = (await api.DataAsync("query($after: String) { customers(segment: AT_RISK, first: 1, after: $after) { nodes { customer } pageInfo { hasNextPage } } }",
            new { after = page1.GetProperty("pageInfo").GetProperty("endCursor").GetString() }, auditor)).GetProperty("customers");
        Assert.Equal("H", page2.GetProperty("nodes")[0].GetProperty("customer").GetString());
        Assert.False(page2.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        var lost = (await api.DataAsync("query { customers(segment: LOST) { nodes { customer currency } } }", token: auditor)).GetProperty("customers").GetProperty("nodes");
        Assert.Equal(["A:EUR", "I:GBP"], lost.EnumerateArray().Select(n => $"{n.GetProperty("customer").GetString()}:{n.GetProperty("currency").GetString()}"));

        // A's profile: two accounts, and the history latest first with what each counts for.
        var a = (await api.DataAsync($$"""query { customer(token: "A") { token accounts { {{Fields}} } history(first: 3) { nodes { kind net currency at } pageInfo { hasNextPage } } } }""", token: auditor))
            .GetProperty("customer");
        var accounts = a.GetProperty("accounts").EnumerateArray().ToArray();
        Assert.Equal(["EUR", "GBP"], accounts.Select(x => x.GetProperty("currency").GetString()));
        AssertCustomer(new Expected("A", 80m, 1, 0, 0m, 0m, 50, 50, 1, 1, 1, "lost"), accounts[0]);
        AssertCustomer(Gbp.Single(e => e.Customer == "A"), accounts[1]);
        var history = a.GetProperty("history");
        Assert.Equal([100.0, 200.0, 300.0], history.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("net").GetDouble()));
        Assert.True(history.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()); // the EUR order, 50 days ago

        // C: the cancelled order nets 0; E: the return nets -100; H: the fully refunded sale nets 0.
        Assert.Equal([("ORDER", 0.0, true), ("ORDER", 500.0, false)], await HistoryAsync("C", auditor));
        Assert.Equal([("RETURN", -100.0, false), ("SALE", 1000.0, false)], await HistoryAsync("E", auditor));
        Assert.Equal([("SALE", 700.0, false), ("SALE", 0.0, false)], await HistoryAsync("H", auditor));

        // K (a return only) and L (a cancelled sale only) have figures but no purchase, so no scores.
        var k = (await api.DataAsync("query { customer(token: \"K\") { accounts { spend orders returned rfm { code } } } }", token: auditor)).GetProperty("customer").GetProperty("accounts")[0];
        Assert.Equal((-25.0, 0, 25.0, JsonValueKind.Null), (k.GetProperty("spend").GetDouble(), k.GetProperty("orders").GetInt32(), k.GetProperty("returned").GetDouble(), k.GetProperty("rfm").ValueKind));
        var l = (await api.DataAsync("query { customer(token: \"L\") { accounts { spend orders cancelled firstPurchaseAt rfm { code } } } }", token: auditor)).GetProperty("customer").GetProperty("accounts")[0];
        Assert.Equal((0.0, 0, 1, JsonValueKind.Null, JsonValueKind.Null), (l.GetProperty("spend").GetDouble(), l.GetProperty("orders").GetInt32(), l.GetProperty("cancelled").GetInt32(),
            l.GetProperty("firstPurchaseAt").ValueKind, l.GetProperty("rfm").ValueKind));
        Assert.Equal(JsonValueKind.Null, (await api.DataAsync("query { customer(token: \"nobody\") { token } }", token: auditor)).GetProperty("customer").ValueKind);

        // asOf 100 days after D: recency grows by 100 for everyone, so the ranks (and R) stay; LTV's tenure grows.
        var later = D.AddDays(100);
        var j = (await api.DataAsync("query($asOf: DateTime) { customer(token: \"J\", asOf: $asOf) { accounts { rfm { recencyDays code lifetimeValue } } } }",
            new { asOf = later }, auditor)).GetProperty("customer").GetProperty("accounts")[0].GetProperty("rfm");
        Assert.Equal(465, j.GetProperty("recencyDays").GetInt32());
        Assert.Equal("135", j.GetProperty("code").GetString());
        Assert.Equal(Ltv(6000m, 2, 500), j.GetProperty("lifetimeValue").GetDouble(), 6);

        // A rebuild from the log gives the live build's rows exactly.
        var live = await api.RowsAsync("SELECT * FROM {schema}.customer_spend ORDER BY customer, currency");
        var livePurchases = await api.RowsAsync("SELECT * FROM {schema}.customer_purchases ORDER BY purchase_id");
        Assert.Equal(13, live.Count); // A twice, B..L
        await api.RebuildAsync("customer_spend");
        Assert.Equal(live, await api.RowsAsync("SELECT * FROM {schema}.customer_spend ORDER BY customer, currency"));
        Assert.Equal(livePurchases, await api.RowsAsync("SELECT * FROM {schema}.customer_purchases ORDER BY purchase_id"));
    }

    [Fact]
    public void Every_RFM_cell_falls_in_exactly_one_segment()
    {
        for (var r = 1; r <= 5; r++)
            for (var fm = 1; fm <= 5; fm++)
                Assert.Single(Es.Api.Commerce.CustomerScoring.Segments, s => r >= s.RecencyMin && r <= s.RecencyMax && fm >= s.FmMin && fm <= s.FmMax);
    }

    private void AssertCustomer(Expected e, JsonElement t)
    {
        var label = $"{e.Customer}:{t.GetProperty("currency").GetString()}";
        Assert.True(e.Spend == t.GetProperty("spend").GetDecimal(), $"{label} spend {t.GetProperty("spend")}");
        Assert.Equal((e.Orders, e.Cancelled, e.Refunded, e.Returned), (t.GetProperty("orders").GetInt32(), t.GetProperty("cancelled").GetInt32(),
            t.GetProperty("refunded").GetDecimal(), t.GetProperty("returned").GetDecimal()));
        Assert.Equal(Day(e.FirstDaysBefore), t.GetProperty("firstPurchaseAt").GetDateTimeOffset());
        Assert.Equal(Day(e.RecencyDays), t.GetProperty("lastPurchaseAt").GetDateTimeOffset());
        Assert.Equal((double)(e.Spend / e.Orders), t.GetProperty("averageOrderValue").GetDouble(), 9);
        var rfm = t.GetProperty("rfm");
        Assert.Equal(D, rfm.GetProperty("asOf").GetDateTimeOffset());
        Assert.True((e.RecencyDays, e.R, e.F, e.M, $"{e.R}{e.F}{e.M}", e.Segment.ToUpperInvariant())
            == (rfm.GetProperty("recencyDays").GetInt32(), rfm.GetProperty("recency").GetInt32(), rfm.GetProperty("frequency").GetInt32(),
                rfm.GetProperty("monetary").GetInt32(), rfm.GetProperty("code").GetString(), rfm.GetProperty("segment").GetString()), $"{label}: {rfm}");
        Assert.Equal(Ltv(e.Spend, e.Orders, e.FirstDaysBefore), rfm.GetProperty("lifetimeValue").GetDouble(), 6);
    }

    private async Task<(string, double, bool)[]> HistoryAsync(string token, string auditor) =>
        (await api.DataAsync("query($t: String!) { customer(token: $t) { history { nodes { kind net cancelled } } } }", new { t = token }, auditor))
        .GetProperty("customer").GetProperty("history").GetProperty("nodes").EnumerateArray()
        .Select(n => (n.GetProperty("kind").GetString()!, n.GetProperty("net").GetDouble(), n.GetProperty("cancelled").GetBoolean())).ToArray();

    private async Task<string> TokenWithRoleAsync(string handle, string role)
    {
        var member = await api.SignUpAsync(handle);
        await api.Host.Services.GetRequiredService<AccountStore>().SetRolesAsync(Guid.Parse(member.Id), [role], default);
        return await api.SignInAsync(handle);
    }
}

/// <summary>Who may read customer spend, and what a bad argument gets.</summary>
public sealed class CustomerSpendAccessTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>
{
    [Fact]
    public async Task Members_are_forbidden_anonymous_callers_unauthenticated_and_bad_arguments_are_validation_errors_with_a_path()
    {
        var member = await api.SignUpAsync("spend_member");
        var forbidden = ApiHost.SingleError(await api.GraphQLAsync("query { topCustomers { customer } }", token: member.AccessToken));
        Assert.Equal("FORBIDDEN", ApiHost.Code(forbidden));
        Assert.Equal("topCustomers", forbidden.GetProperty("path")[0].GetString());
        foreach (var query in new[] { "query { customerSegments { count } }", "query { customers(segment: LOST) { nodes { customer } } }", "query { customer(token: \"A\") { token } }" })
            Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(query, token: member.AccessToken))));
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync("query { topCustomers { customer } }"))));

        var admin = await TokenWithRoleAsync("spend_admin", "administrator");
        var source = "file:access.csv#1";
        var placed = await api.Host.Services.GetRequiredService<CommandPipeline>().SendAsync(new PlaceOrder(NameBasedGuid.Create("access:v1"), "V", "shop-1",
            [new OrderItem("Thing", 1, 10m)], new Money(10m, "GBP"), "London", new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero), source), new CommandContext(Actor.System(source), source));
        Assert.True(placed.Succeeded);
        await api.WaitForAsync("customer_spend");
        foreach (var (query, field) in new[]
        {
            ("query { topCustomers(first: 0) { customer } }", "first"),
            ("query { topCustomers(first: 101) { customer } }", "first"),
            ("query { topCustomers(currency: \"XXX\") { customer } }", "currency"),
            ("query { topCustomers(asOf: \"2020-01-01T00:00:00Z\") { customer } }", "asOf"),
            ("query { customers(segment: LOST, after: \"nope\") { nodes { customer } } }", "after"),
            ("query { customer(token: \"\") { token } }", "token"),
        })
        {
            var error = ApiHost.SingleError(await api.GraphQLAsync(query, token: admin));
            Assert.True(ApiHost.Code(error) == "VALIDATION", $"{query}: {error}");
            Assert.Equal(field, error.GetProperty("extensions").GetProperty("field").GetString());
            Assert.True(error.GetProperty("path").GetArrayLength() > 0, $"{query}: no path");
        }
    }

    private async Task<string> TokenWithRoleAsync(string handle, string role)
    {
        var member = await api.SignUpAsync(handle);
        await api.Host.Services.GetRequiredService<AccountStore>().SetRolesAsync(Guid.Parse(member.Id), [role], default);
        return await api.SignInAsync(handle);
    }
}
