using System.Text.Json;
using System.Text.Json.Nodes;
using Es.Api.Commerce;
using Es.Api.Commerce.Elasticsearch;
using Es.Api.Schema;
using Es.Api.Tests.Trends;
using Es.Commands;
using Es.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Es.Api.Tests.Commerce;

/// <summary>The host with Es:Elasticsearch:Url set, its client talking to <see cref="FakeElasticsearch"/>.</summary>
public sealed class FakeElasticsearchApiHost : ClockedApiHost
{
    public FakeElasticsearch Elasticsearch { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder web)
    {
        web.UseSetting("Es:Elasticsearch:Url", "http://fake-elasticsearch.invalid:9200");
        web.UseSetting("Es:Elasticsearch:Index", "es-sales-test");
        web.ConfigureTestServices(services =>
        {
            services.RemoveAll<ElasticsearchSales>();
            services.AddSingleton(sp => new ElasticsearchSales(sp.GetRequiredService<ElasticsearchOptions>(), Elasticsearch));
        });
    }
}

/// <summary>
/// With Elasticsearch configured, the sink mirrors the sales_search read model into the index, and
/// salesSearch asks Elasticsearch. Checked against a fake (no server runs here): what is indexed and
/// what is asked.
/// </summary>
public sealed class ElasticsearchSalesTests(FakeElasticsearchApiHost api) : IClassFixture<FakeElasticsearchApiHost>
{
    private static Guid IdOf(string name) => NameBasedGuid.Create($"es-sink-test:{name}");

    private async Task SendAsync(Command command, string source)
    {
        var result = await api.Host.Services.GetRequiredService<CommandPipeline>()
            .SendAsync(command, new CommandContext(Actor.System(source), source) { IdempotencyKey = source });
        Assert.True(result.Succeeded, string.Join("; ", result.Rejections));
    }

    private async Task WaitForSinkAsync()
    {
        await api.WaitForAsync("sales_search");
        await using var dataSource = NpgsqlDataSource.Create(ApiHost.ConnectionString);
        await using var head = dataSource.CreateCommand($"SELECT coalesce(max(seq_id), 0) FROM {api.Schema}.mt_events");
        var sequence = (long)(await head.ExecuteScalarAsync())!;
        var sink = api.Host.Services.GetRequiredService<ElasticsearchSalesSink>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (sink.Position < sequence)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the sink stopped at {sink.Position} of {sequence}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task The_sink_puts_its_index_template_and_indexes_each_sale_as_the_read_model_holds_it()
    {
        var now = api.Clock.GetUtcNow();
        await SendAsync(new RegisterMerchant("es-m1", "Gwangjang Market Bindaetteok", "Korean", "Asia/Seoul", "m"), "file:m#1");
        await SendAsync(new RecordSale(IdOf("s1"), "es-m1", "pos", "tok_zz9876", new Money(15_000m, "KRW"), now.AddMinutes(-9), "s1"), "kafka:es/0/1");
        await SendAsync(new RecordSale(IdOf("s2"), "es-m1", "online", "tok_yy5432", new Money(8_000m, "KRW"), now.AddMinutes(-8), "s2"), "kafka:es/0/2");
        await SendAsync(new RefundSale(IdOf("s1"), "r1", new Money(5_000m, "KRW"), now.AddMinutes(-7), "r1"), "kafka:es/0/3");
        await SendAsync(new CancelSale(IdOf("s2"), "void", now.AddMinutes(-6), "c1"), "kafka:es/0/4");
        // A rename reaches the sales indexed before it.
        await SendAsync(new RegisterMerchant("es-m1", "Gwangjang Bindaetteok House", "Korean", "Asia/Seoul", "m2"), "file:m#2");
        await WaitForSinkAsync();

        var (name, template) = Assert.Single(api.Elasticsearch.Templates.DistinctBy(t => t.Name));
        Assert.Equal("es-sales-test", name);
        Assert.Equal("es-sales-test*", template["index_patterns"]![0]!.GetValue<string>());
        var properties = template["template"]!["mappings"]!["properties"]!;
        Assert.Equal("keyword", properties["cardTokenReversed"]!["type"]!.GetValue<string>());
        Assert.Equal("text", properties["merchantName"]!["type"]!.GetValue<string>());
        Assert.Equal("date", properties["approvedAt"]!["type"]!.GetValue<string>());

        var s1 = api.Elasticsearch.Documents[IdOf("s1").ToString()];
        Assert.Equal("Gwangjang Bindaetteok House", s1["merchantName"]!.GetValue<string>());
        Assert.Equal("partially_refunded", s1["status"]!.GetValue<string>());
        Assert.Equal(5_000m, s1["refunded"]!.GetValue<decimal>());
        Assert.Equal("6789zz_kot", s1["cardTokenReversed"]!.GetValue<string>());
        var s2 = api.Elasticsearch.Documents[IdOf("s2").ToString()];
        Assert.Equal("cancelled", s2["status"]!.GetValue<string>());
        Assert.Equal("Gwangjang Bindaetteok House", s2["merchantName"]!.GetValue<string>());
        Assert.Equal(now.AddMinutes(-8).ToUnixTimeMilliseconds(), s2["approvedAt"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Sales_search_asks_elasticsearch_with_each_filter_as_a_query_newest_first()
    {
        var analyst = await api.SignUpWithRoleAsync("es_analyst_" + Guid.NewGuid().ToString("N")[..6], EsRoles.Auditor);
        var from = api.Clock.GetUtcNow().AddDays(-1);
        var result = await api.GraphQLAsync("""
            query($filter: SalesSearchFilter) { salesSearch(filter: $filter, first: 5) { nodes { saleId } } }
            """, new { filter = new { merchantId = "m-7", merchantName = "sushi bar", cardSuffix = "4321", minAmount = 10.5, maxAmount = 99, from, platform = "pos", status = "REFUNDED" } }, analyst);
        Assert.False(result.TryGetProperty("errors", out var errors), errors.ToString());

        var search = Assert.Single(api.Elasticsearch.Searches);
        Assert.Equal(6, search["size"]!.GetValue<int>()); // one more than asked: is there a next page?
        var filters = search["query"]!["bool"]!["filter"]!.AsArray().Select(f => f!.AsObject()).ToList();
        string Term(string field) => filters.Single(f => f["term"]?[field] is not null)["term"]![field]!["value"]!.GetValue<string>();
        Assert.Equal("m-7", Term("merchantId"));
        Assert.Equal("pos", Term("platform"));
        Assert.Equal("refunded", Term("status"));
        Assert.Equal("1234", filters.Single(f => f["prefix"] is not null)["prefix"]!["cardTokenReversed"]!["value"]!.GetValue<string>());
        var match = filters.Single(f => f["match"] is not null)["match"]!["merchantName"]!;
        Assert.Equal("sushi bar", match["query"]!.GetValue<string>());
        Assert.Equal("AUTO", match["fuzziness"]!.ToString());
        var amount = filters.Single(f => f["range"]?["amount"] is not null)["range"]!["amount"]!;
        Assert.Equal(10.5, amount["gte"]!.GetValue<double>());
        Assert.Equal(99, amount["lte"]!.GetValue<double>());
        Assert.NotNull(filters.Single(f => f["range"]?["approvedAt"] is not null)["range"]!["approvedAt"]!["gte"]);
        var sort = search["sort"]!.AsArray().Select(s => s!.ToJsonString()).ToArray();
        Assert.Contains("approvedAt", sort[0]);
        Assert.Contains("desc", sort[0]);
        Assert.Contains("saleId", sort[1]);
    }
}

/// <summary>
/// Against a real Elasticsearch, only when ELASTICSEARCH_URL names one: the same sales searched
/// through Elasticsearch and through PostgreSQL give the same answers.
/// </summary>
public sealed class RealElasticsearchApiHost : ClockedApiHost
{
    public string Index { get; } = "es-sales-test-" + Guid.NewGuid().ToString("N")[..8];

    protected override void ConfigureMore(IWebHostBuilder web)
    {
        if (Environment.GetEnvironmentVariable("ELASTICSEARCH_URL") is not { Length: > 0 } url) return;
        web.UseSetting("Es:Elasticsearch:Url", url);
        web.UseSetting("Es:Elasticsearch:Index", Index);
    }
}

public sealed class RealElasticsearchSalesTests(RealElasticsearchApiHost api) : IClassFixture<RealElasticsearchApiHost>
{
    [ElasticsearchFact]
    public async Task Elasticsearch_and_postgresql_answer_each_search_alike()
    {
        var now = api.Clock.GetUtcNow();
        var pipeline = api.Host.Services.GetRequiredService<CommandPipeline>();
        async Task Send(Command c, string source) =>
            Assert.True((await pipeline.SendAsync(c, new CommandContext(Actor.System(source), source) { IdempotencyKey = source })).Succeeded);
        await Send(new RegisterMerchant("r-m1", "Blue Ribbon Sushi Izakaya", "Japanese", "America/New_York", "m1"), "f#1");
        await Send(new RegisterMerchant("r-m2", "Seoul Noodle House", "Korean", "Asia/Seoul", "m2"), "f#2");
        for (var i = 0; i < 40; i++)
            await Send(new RecordSale(NameBasedGuid.Create($"real-es:{i}"), i % 3 == 0 ? "r-m2" : "r-m1", i % 2 == 0 ? "pos" : "online",
                $"tok_{i:D4}{i % 7}", new Money(1_000m + i * 250m, "KRW"), now.AddMinutes(-60 + i), $"s{i}"), $"kafka:real/0/{i}");
        await Send(new RefundSale(NameBasedGuid.Create("real-es:3"), "r", new Money(1_750m, "KRW"), now.AddMinutes(-50), "r"), "kafka:real/0/r");
        await api.WaitForAsync("sales_search");
        var sink = api.Host.Services.GetRequiredService<ElasticsearchSalesSink>();
        var reads = api.Host.Services.GetRequiredService<SalesSearchReads>();
        var es = api.Host.Services.GetRequiredService<ElasticsearchSales>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (sink.Position == 0 || (await reads.SearchPostgresAsync(new SalesFilter(), new PageRequest(100, null), default)).Edges.Count
               != (await es.SearchAsync(new SalesFilter(), new PageRequest(100, null), default)).Edges.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sink did not index the sales");
            await es.RefreshAsync(default);
            await Task.Delay(200);
        }

        SalesFilter[] filters =
        [
            new(), new() { MerchantId = "r-m2" }, new() { MerchantName = "sushi" }, new() { CardSuffix = "3" },
            new() { MinAmount = 3_000m, MaxAmount = 6_000m }, new() { Platform = "pos", Status = "partially_refunded" },
            new() { From = now.AddMinutes(-40), To = now.AddMinutes(-30) },
        ];
        foreach (var filter in filters)
        {
            string? after = null;
            for (var pageNo = 0; pageNo < 10; pageNo++)
            {
                var page = new PageRequest(7, after);
                var fromPg = await reads.SearchPostgresAsync(filter, page, default);
                var fromEs = await es.SearchAsync(filter, page, default);
                Assert.Equal(fromPg.Edges.Select(e => e.Node.SaleId), fromEs.Edges.Select(e => e.Node.SaleId));
                Assert.Equal(fromPg.PageInfo.HasNextPage, fromEs.PageInfo.HasNextPage);
                if (!fromPg.PageInfo.HasNextPage) break;
                after = fromPg.PageInfo.EndCursor;
            }
        }
    }
}

/// <summary>A fact that needs a real Elasticsearch: skipped unless ELASTICSEARCH_URL is set.</summary>
public sealed class ElasticsearchFactAttribute : FactAttribute
{
    public ElasticsearchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ELASTICSEARCH_URL") is not { Length: > 0 })
            Skip = "No Elasticsearch server can run here: set ELASTICSEARCH_URL=http://host:9200 to run against one.";
    }
}
