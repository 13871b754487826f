using System.Text.Json;
using Es.Api.Schema;
using Es.Commands;
using Es.Domain;
using Es.Api.Tests.Trends;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Commerce;

/// <summary>
/// Sales search over a handful of sales written through the command pipeline as ingest writes
/// them: each filter alone and together, newest first, paged, and only for analysts.
/// </summary>
public sealed class SalesSearchTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>, IAsyncLifetime
{
    private const string Search = """
        query($filter: SalesSearchFilter, $first: Int, $after: String) {
          salesSearch(filter: $filter, first: $first, after: $after) {
            nodes { saleId merchantId merchantName platform cardSuffix amount currency refunded status approvedAt }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private sealed record S(string Id, string Merchant, string Platform, string Token, decimal Amount, int MinutesAgo);

    // Times are minutes before the test's start; newest first means fewest minutes ago first.
    private static readonly S[] Sales =
    [
        new("a", "hangawi", "pos", "tok_aaaa1111", 42_000m, 50),
        new("b", "hangawi", "online", "tok_bbbb2222", 18_500m, 40),
        new("c", "blue-ribbon", "pos", "tok_cccc1111", 96_000m, 30),
        new("d", "blue-ribbon", "pos", "tok_dddd3333", 7_000m, 20),
        new("e", "noodle", "kiosk", "tok_eeee4444", 12_000m, 10),
        new("f", "unregistered", "pos", "tok_ffff1111", 3_000m, 5),
    ];

    private DateTimeOffset _start;
    private string _analyst = "";

    private static Guid IdOf(string name) => NameBasedGuid.Create($"sales-search-test:{name}");

    // xUnit makes a new instance per test; the sales are written once per host.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClockedApiHost, Task<(DateTimeOffset, string)>> Seeded = new();

    public async Task InitializeAsync() => (_start, _analyst) = await Seeded.GetValue(api, _ => SeedAsync());

    private async Task<(DateTimeOffset, string)> SeedAsync()
    {
        var start = _start = api.Clock.GetUtcNow();
        var pipeline = api.Host.Services.GetRequiredService<CommandPipeline>();
        async Task Send(Command command, string source)
        {
            var result = await pipeline.SendAsync(command, new CommandContext(Actor.System(source), source) { IdempotencyKey = source });
            Assert.True(result.Succeeded, string.Join("; ", result.Rejections));
        }
        await Send(new RegisterMerchant("hangawi", "Hangawi Korean BBQ", "Korean", "Asia/Seoul", "m1"), "file:merchants#1");
        await Send(new RegisterMerchant("blue-ribbon", "Blue Ribbon Sushi Izakaya", "Japanese", "America/New_York", "m2"), "file:merchants#2");
        await Send(new RegisterMerchant("noodle", "Seoul Noodle House", "Korean", "Asia/Seoul", "m3"), "file:merchants#3");
        foreach (var s in Sales)
            await Send(new RecordSale(IdOf(s.Id), s.Merchant, s.Platform, s.Token, new Money(s.Amount, "KRW"), _start.AddMinutes(-s.MinutesAgo), $"kafka:sales/0/{s.Id}"),
                $"kafka:sales/0/{s.Id}");
        await Send(new RefundSale(IdOf("a"), "r1", new Money(2_000m, "KRW"), _start.AddMinutes(-45), "kafka:sales/0/r1"), "kafka:sales/0/r1");
        await Send(new RefundSale(IdOf("c"), "r2", new Money(96_000m, "KRW"), _start.AddMinutes(-25), "kafka:sales/0/r2"), "kafka:sales/0/r2");
        await Send(new CancelSale(IdOf("d"), "customer walked away", _start.AddMinutes(-19), "kafka:sales/0/x1"), "kafka:sales/0/x1");
        await api.WaitForAsync("sales_search");
        return (start, await api.SignUpWithRoleAsync("sales_analyst_" + Guid.NewGuid().ToString("N")[..6], EsRoles.Auditor));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> SearchAsync(object? filter, int first = 20, string? after = null) =>
        (await api.DataAsync(Search, new { filter, first, after }, _analyst)).GetProperty("salesSearch");

    private static string[] Ids(JsonElement connection) =>
        connection.GetProperty("nodes").EnumerateArray().Select(n => Sales.Single(s => IdOf(s.Id).ToString() == n.GetProperty("saleId").GetString()).Id).ToArray();

    [Fact]
    public async Task Without_a_filter_every_sale_comes_newest_first_with_its_status()
    {
        var all = await SearchAsync(null);
        Assert.Equal(["f", "e", "d", "c", "b", "a"], Ids(all));
        var byId = all.GetProperty("nodes").EnumerateArray().ToDictionary(n => Sales.Single(s => IdOf(s.Id).ToString() == n.GetProperty("saleId").GetString()).Id);
        Assert.Equal("PARTIALLY_REFUNDED", byId["a"].GetProperty("status").GetString());
        Assert.Equal(2_000d, byId["a"].GetProperty("refunded").GetDouble());
        Assert.Equal("REFUNDED", byId["c"].GetProperty("status").GetString());
        Assert.Equal("CANCELLED", byId["d"].GetProperty("status").GetString());
        Assert.Equal("APPROVED", byId["e"].GetProperty("status").GetString());
        Assert.Equal("Seoul Noodle House", byId["e"].GetProperty("merchantName").GetString());
        Assert.Equal(JsonValueKind.Null, byId["f"].GetProperty("merchantName").ValueKind);
        Assert.Equal("4444", byId["e"].GetProperty("cardSuffix").GetString());
    }

    [Theory]
    [InlineData("sushi", "d,c")]          // a word of the name
    [InlineData("noodl", "e")]            // part of a word
    [InlineData("Hangwai", "b,a")]        // a typo, by trigram similarity
    [InlineData("korean bbq", "b,a")]     // several words
    public async Task Free_text_finds_sales_by_the_merchants_name(string text, string expected)
    {
        Assert.Equal(expected.Split(','), Ids(await SearchAsync(new { merchantName = text })));
    }

    [Fact]
    public async Task Each_filter_narrows_the_sales_and_filters_combine()
    {
        Assert.Equal(["f", "c", "a"], Ids(await SearchAsync(new { cardSuffix = "1111" })));
        Assert.Equal(["e", "d", "b"], Ids(await SearchAsync(new { minAmount = 7_000, maxAmount = 18_500 })));
        Assert.Equal(["e", "d", "c"], Ids(await SearchAsync(new { from = _start.AddMinutes(-30), to = _start.AddMinutes(-10) })));
        Assert.Equal(["e"], Ids(await SearchAsync(new { platform = "kiosk" })));
        Assert.Equal(["c"], Ids(await SearchAsync(new { status = "REFUNDED" })));
        Assert.Equal(["b", "a"], Ids(await SearchAsync(new { merchantId = "hangawi" })));
        Assert.Equal(["c"], Ids(await SearchAsync(new { cardSuffix = "1111", platform = "pos", minAmount = 50_000 })));
        Assert.Empty(Ids(await SearchAsync(new { cardSuffix = "1111", currency = "EUR" })));
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await SearchAsync(null, first: 4, after: after);
            seen.AddRange(Ids(page));
            if (!page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()) break;
            after = page.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }
        Assert.Equal(["f", "e", "d", "c", "b", "a"], seen);
    }

    [Fact]
    public async Task A_member_is_forbidden_and_an_anonymous_caller_unauthenticated()
    {
        var member = await api.SignUpAsync("sales_member_" + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Search, new { filter = (object?)null }, member.AccessToken))));
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Search, new { filter = (object?)null }))));
    }

    [Theory]
    [InlineData("cardSuffix", "12%4", "filter.cardSuffix")]
    [InlineData("merchantName", " ", "filter.merchantName")]
    public async Task Bad_filters_are_validation_errors_on_their_field(string field, string value, string path)
    {
        var error = ApiHost.SingleError(await api.GraphQLAsync(Search, new { filter = new Dictionary<string, object> { [field] = value } }, _analyst));
        Assert.Equal("VALIDATION", ApiHost.Code(error));
        Assert.Equal(path, error.GetProperty("extensions").GetProperty("field").GetString());
        Assert.Equal("salesSearch", error.GetProperty("path")[0].GetString());
    }

    [Fact]
    public async Task A_rebuild_reproduces_the_live_table()
    {
        const string rows = "SELECT sale_id, merchant_id, platform, card_token, amount, currency, refunded, approved_at, status FROM {schema}.sales_search ORDER BY sale_id";
        const string merchants = "SELECT merchant_id, name, category FROM {schema}.sales_search_merchants ORDER BY merchant_id";
        var live = await api.RowsAsync(rows);
        var liveMerchants = await api.RowsAsync(merchants);
        await api.RebuildAsync("sales_search");
        Assert.Equal(live, await api.RowsAsync(rows));
        Assert.Equal(liveMerchants, await api.RowsAsync(merchants));
    }
}
