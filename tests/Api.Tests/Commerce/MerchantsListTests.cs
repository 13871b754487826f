using System.Text.Json;
using Es.Api.Schema;
using Es.Domain;

namespace Es.Api.Tests.Commerce;

/// <summary>
/// <c>merchants</c>: the merchants read model from the outside — registered merchants and restaurants
/// and merchants that only sold, by id, a page at a time, with their latest details, counts and
/// anomaly flags; administrators and auditors only.
/// </summary>
public sealed class MerchantsListTests(CommerceTicketHost api) : IClassFixture<CommerceTicketHost>
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, Seoul);

    private const string List = """
        query($category: String, $first: Int, $after: String) {
          merchants(category: $category, first: $first, after: $after) {
            nodes { id name category timeZone registeredAt updatedAt sales orders flags }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private static RecordSale Sale(string merchant, string card, decimal amount, DateTimeOffset at) =>
        new(Guid.NewGuid(), merchant, "pos", card, new Money(amount, "USD"), at, $"test:{Guid.NewGuid()}");

    private static string[] Ids(JsonElement connection) =>
        connection.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).ToArray();

    private static string Row(JsonElement n) => string.Join(" | ",
        n.GetProperty("id").GetString(), n.GetProperty("name").ToString(), n.GetProperty("category").ToString(), n.GetProperty("timeZone").ToString(),
        n.GetProperty("sales").GetInt32(), n.GetProperty("orders").GetInt32(), n.GetProperty("flags").GetInt32());

    [Fact]
    public async Task Merchants_come_by_id_a_page_at_a_time_with_their_latest_details_their_sales_orders_and_flags_and_survive_a_rebuild()
    {
        await api.SendAsync(new RegisterMerchant("list-a", "Corner Shop", "grocery", "Asia/Seoul", api.Source()));
        await api.SendAsync(new RegisterMerchant("list-b", "Book Nook", "books", "Europe/Paris", api.Source()));
        await api.SendAsync(new RegisterMerchant("list-b", "Book Nook & Café", "books", "Europe/Paris", api.Source())); // an update
        await api.SendAsync(new RegisterMerchant("list-r", "Han's Kitchen", "Korean", "Asia/Seoul", api.Source()));
        // list-a: the same card and amount twice within a minute (one duplicate_sale flag), and one more sale.
        await api.SendAsync(Sale("list-a", "card-1", 12.50m, At(2, 10)));
        await api.SendAsync(Sale("list-a", "card-1", 12.50m, At(2, 10, 1)));
        await api.SendAsync(Sale("list-a", "card-2", 30m, At(2, 15)));
        // list-c sells without ever being registered.
        await api.SendAsync(Sale("list-c", "card-3", 8m, At(3, 9)));
        foreach (var placed in new[] { At(2, 12), At(2, 19) })
            await api.SendAsync(new PlaceOrder(Guid.NewGuid(), "cust-1", "list-r", [new OrderItem("bibimbap", 1, 11m)], new Money(11m, "USD"),
                "area-1", placed, api.Source()));
        await api.WaitForAsync("merchants", "anomalies");
        var admin = await api.AdministratorAsync("merchants_admin");

        var first = (await api.DataAsync(List, new { first = 2 }, admin)).GetProperty("merchants");
        Assert.Equal(["list-a", "list-b"], Ids(first));
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        var second = (await api.DataAsync(List, new { first = 2, after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString() }, admin))
            .GetProperty("merchants");
        Assert.Equal(["list-c", "list-r"], Ids(second));
        Assert.False(second.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        var rows = first.GetProperty("nodes").EnumerateArray().Concat(second.GetProperty("nodes").EnumerateArray()).ToArray();
        string[] expected =
        [
            "list-a | Corner Shop | grocery | Asia/Seoul | 3 | 0 | 1",
            "list-b | Book Nook & Café | books | Europe/Paris | 0 | 0 | 0",
            "list-c |  |  |  | 1 | 0 | 0",
            "list-r | Han's Kitchen | Korean | Asia/Seoul | 0 | 2 | 0",
        ];
        Assert.Equal(expected, rows.Select(Row).ToArray());
        // The first registration's time stays; an update moves updatedAt only.
        var a = rows[0];
        var b = rows[1];
        Assert.Equal(a.GetProperty("registeredAt").GetString(), a.GetProperty("updatedAt").GetString());
        Assert.True(b.GetProperty("updatedAt").GetDateTimeOffset() > b.GetProperty("registeredAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("registeredAt").ValueKind);

        // The flag counted is the one anomalies lists for the merchant.
        var flags = await api.DataAsync("""{ anomalies(merchantId: "list-a") { nodes { rule } } }""", token: admin);
        Assert.Equal(["DUPLICATE_SALE"], flags.GetProperty("anomalies").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("rule").GetString()!).ToArray());

        var books = (await api.DataAsync(List, new { category = "books" }, admin)).GetProperty("merchants");
        Assert.Equal(["list-b"], Ids(books));

        // Folded from the log: a rebuild gives the same rows.
        await api.RebuildAsync("merchants");
        var rebuilt = (await api.DataAsync(List, new { first = 10 }, admin)).GetProperty("merchants");
        Assert.Equal(expected, rebuilt.GetProperty("nodes").EnumerateArray().Select(Row).ToArray());
    }

    [Fact]
    public async Task Merchants_are_for_administrators_and_auditors_and_a_foreign_cursor_is_refused()
    {
        var auditor = await api.TokenWithRoleAsync("merchants_auditor", EsRoles.Auditor);
        Assert.Equal(JsonValueKind.Array, (await api.DataAsync(List, new { first = 5 }, auditor)).GetProperty("merchants").GetProperty("nodes").ValueKind);

        var member = await api.TokenWithRoleAsync("merchants_member", null);
        var refused = ApiHost.SingleError(await api.GraphQLAsync(List, new { first = 5 }, member));
        Assert.Equal("FORBIDDEN", ApiHost.Code(refused));
        Assert.Equal("ANALYSTS_ONLY", refused.GetProperty("extensions").GetProperty("reason").GetString());
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(List, new { first = 5 }))));

        var foreign = Es.Api.Schema.Relay.EncodeCursor("anomaly", "1", "x");
        var bad = ApiHost.SingleError(await api.GraphQLAsync(List, new { after = foreign }, auditor));
        Assert.Equal("VALIDATION", ApiHost.Code(bad));
        Assert.Equal("BAD_CURSOR", bad.GetProperty("extensions").GetProperty("reason").GetString());
        Assert.Equal("merchants", bad.GetProperty("path")[0].GetString());
    }
}
