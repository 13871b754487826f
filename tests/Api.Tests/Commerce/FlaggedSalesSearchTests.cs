using System.Text.Json;
using Es.Api.Schema;
using Es.Api.Tests.Trends;
using Es.Commands;
using Es.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Commerce;

/// <summary>Sales search's "flagged or not": the anomaly flags read model decides, and each hit says whether it is flagged.</summary>
public sealed class FlaggedSalesSearchTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>
{
    [Fact]
    public async Task Flagged_true_finds_the_sales_a_rule_flagged_and_false_the_others()
    {
        var now = api.Clock.GetUtcNow();
        var pipeline = api.Host.Services.GetRequiredService<CommandPipeline>();
        Guid Id(string n) => NameBasedGuid.Create($"flagged-search:{n}");
        async Task Send(Command c, string source) =>
            Assert.True((await pipeline.SendAsync(c, new CommandContext(Actor.System(source), source) { IdempotencyKey = source })).Succeeded);
        await Send(new RegisterMerchant("fl-m", "Mapo Bakery", "bakery", "Asia/Seoul", "m"), "f#m");
        await Send(new RecordSale(Id("first"), "fl-m", "pos", "tok_same", new Money(4_500m, "KRW"), now.AddMinutes(-10), "s1"), "k#1");
        // The same card, merchant and amount 60 seconds later: inside the duplicate rule's 2-minute window.
        await Send(new RecordSale(Id("again"), "fl-m", "pos", "tok_same", new Money(4_500m, "KRW"), now.AddMinutes(-9), "s2"), "k#2");
        await Send(new RecordSale(Id("other"), "fl-m", "pos", "tok_else", new Money(7_000m, "KRW"), now.AddMinutes(-8), "s3"), "k#3");
        await api.WaitForAsync("sales_search", "anomalies");
        var analyst = await api.SignUpWithRoleAsync("flag_analyst", EsRoles.Auditor);

        async Task<JsonElement[]> Search(bool? flagged) => (await api.DataAsync("""
            query($f: SalesSearchFilter) { salesSearch(filter: $f) { nodes { saleId flagged } } }
            """, new { f = new { merchantId = "fl-m", flagged } }, analyst)).GetProperty("salesSearch").GetProperty("nodes").EnumerateArray().ToArray();

        var flagged = await Search(true);
        Assert.Equal([Id("again").ToString()], flagged.Select(n => n.GetProperty("saleId").GetString()));
        Assert.True(flagged[0].GetProperty("flagged").GetBoolean());
        var clean = await Search(false);
        Assert.Equal([Id("other").ToString(), Id("first").ToString()], clean.Select(n => n.GetProperty("saleId").GetString()));
        Assert.All(clean, n => Assert.False(n.GetProperty("flagged").GetBoolean()));
        Assert.Equal(3, (await Search(null)).Length);
    }
}
