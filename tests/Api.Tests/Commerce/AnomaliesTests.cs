using System.Text.Json;
using Es.Api.Accounts;
using Es.Api.Schema;
using Es.Api.Tests.Trends;
using Es.Commands;
using Es.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Commerce;

/// <summary>
/// The anomaly queries from the outside: flags newest first with keyset pages, filters, counts per
/// day per rule, each flag's events from the log; administrators and auditors only.
/// </summary>
public sealed class AnomaliesTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, Seoul);

    private const string Page = """
        query($merchantId: String, $rule: AnomalyRule, $from: String, $to: String, $first: Int, $after: String) {
          anomalies(merchantId: $merchantId, rule: $rule, from: $from, to: $to, first: $first, after: $after) {
            nodes { id rule merchantId day subject reason eventSequences events { sequence type streamId } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private async Task<string> TokenWithRoleAsync(string handle, string? role)
    {
        var member = await api.SignUpAsync(handle);
        if (role is not null) await api.Host.Services.GetRequiredService<AccountStore>().SetRolesAsync(Guid.Parse(member.Id), [role], default);
        return await api.SignInAsync(handle);
    }

    private async Task SendAsync(params Command[] commands)
    {
        var pipeline = api.Host.Services.GetRequiredService<CommandPipeline>();
        foreach (var c in commands)
        {
            var result = await pipeline.SendAsync(c, new CommandContext(Actor.System("test"), "test"));
            Assert.True(result.Succeeded, string.Join("; ", result.Rejections.Select(r => r.Message)));
        }
    }

    private async Task WaitForAnomaliesAsync()
    {
        try
        {
            await api.WaitForAsync("anomalies");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var status = await api.Host.Services.GetRequiredService<Es.Projections.ProjectionCatalog>().GetStatusAsync("anomalies");
            throw new InvalidOperationException("anomalies: " + string.Join(" | ", status.Select(s => $"g{s.Generation} {s.State} lag={s.LagEvents} {s.LastError}")), e);
        }
    }

    private static RecordSale Sale(Guid id, string merchant, string card, decimal amount, DateTimeOffset at) =>
        new(id, merchant, "pos", card, new Money(amount, "USD"), at, $"test:{id}");

    [Fact]
    public async Task Administrators_and_auditors_page_through_flags_newest_first_with_their_events_and_counts_per_day_and_rule()
    {
        var (a1, a2, b1, b2, r) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await SendAsync(
            new RegisterMerchant("api-m1", "Corner Shop", "grocery", "Asia/Seoul", "test:m1"),
            new RegisterMerchant("api-m2", "Book Nook", "books", "Asia/Seoul", "test:m2"),
            Sale(a1, "api-m1", "card-1", 12.50m, At(2, 10)), Sale(a2, "api-m1", "card-1", 12.50m, At(2, 10, 1)),   // duplicate on the 2nd
            Sale(b1, "api-m2", "card-2", 30m, At(3, 10)), Sale(b2, "api-m2", "card-2", 30m, At(3, 10, 1)),          // duplicate on the 3rd
            Sale(r, "api-m1", "card-3", 40m, At(3, 11)),
            new RefundSale(r, "refund-1", new Money(45m, "USD"), At(3, 12), "test:refund"));                         // refused on the 3rd
        await WaitForAnomaliesAsync();
        var admin = await TokenWithRoleAsync("anomaly_admin", EsRoles.Administrator);
        var auditor = await TokenWithRoleAsync("anomaly_auditor", EsRoles.Auditor);

        // Newest first: the refused refund, then the duplicate at api-m2, then the one at api-m1; two a page.
        var first = (await api.DataAsync(Page, new { first = 2 }, admin)).GetProperty("anomalies");
        var nodes = first.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal(["REFUND_OVER_REMAINING", "DUPLICATE_SALE"], nodes.Select(n => n.GetProperty("rule").GetString()!).ToArray());
        Assert.Equal([r.ToString(), b2.ToString()], nodes.Select(n => n.GetProperty("subject").GetString()!).ToArray());
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        var rest = (await api.DataAsync(Page, new { first = 2, after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString() }, auditor)).GetProperty("anomalies");
        var last = Assert.Single(rest.GetProperty("nodes").EnumerateArray());
        Assert.Equal(a2.ToString(), last.GetProperty("subject").GetString());
        Assert.False(rest.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        // The events behind a flag, from the log, in its order: the first sale and its duplicate.
        var events = last.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal(["SaleRecorded", "SaleRecorded"], events.Select(e => e.GetProperty("type").GetString()!).ToArray());
        Assert.Equal([Es.Domain.Sale.StreamId(a1), Es.Domain.Sale.StreamId(a2)], events.Select(e => e.GetProperty("streamId").GetString()!).ToArray());
        Assert.Equal(last.GetProperty("eventSequences").EnumerateArray().Select(s => s.GetString()), events.Select(e => e.GetProperty("sequence").GetString()));
        var refund = nodes[0].GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray();
        Assert.Equal(["SaleRecorded", "SaleRefundRefused"], refund);
        Assert.Contains("refund refund-1 asked 45 USD but only 40 USD was left", nodes[0].GetProperty("reason").GetString());

        // Filters: by merchant, by rule, by day.
        string[] Subjects(JsonElement data) => data.GetProperty("anomalies").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("subject").GetString()!).ToArray();
        Assert.Equal([r.ToString(), a2.ToString()], Subjects(await api.DataAsync(Page, new { merchantId = "api-m1" }, admin)));
        Assert.Equal([b2.ToString(), a2.ToString()], Subjects(await api.DataAsync(Page, new { rule = "DUPLICATE_SALE" }, admin)));
        Assert.Equal([a2.ToString()], Subjects(await api.DataAsync(Page, new { from = "2026-03-02", to = "2026-03-02" }, admin)));

        var counts = (await api.DataAsync("""{ anomalyCounts(from: "2026-03-01", to: "2026-03-31") { day rule count } }""", token: admin))
            .GetProperty("anomalyCounts").EnumerateArray().Select(c => $"{c.GetProperty("day").GetString()} {c.GetProperty("rule").GetString()} {c.GetProperty("count").GetInt32()}").ToArray();
        Assert.Equal(["2026-03-02 DUPLICATE_SALE 1", "2026-03-03 DUPLICATE_SALE 1", "2026-03-03 REFUND_OVER_REMAINING 1"], counts);
        var ofM2 = (await api.DataAsync("""{ anomalyCounts(from: "2026-03-01", to: "2026-03-31", merchantId: "api-m2") { day rule count } }""", token: admin)).GetProperty("anomalyCounts");
        Assert.Equal(1, ofM2.GetArrayLength());
    }

    [Fact]
    public async Task Members_are_forbidden_anonymous_callers_unauthenticated_and_bad_arguments_are_validation_errors()
    {
        var member = await TokenWithRoleAsync("anomaly_member", null);
        var forbidden = ApiHost.SingleError(await api.GraphQLAsync("{ anomalies { nodes { id } } }", token: member));
        Assert.Equal("FORBIDDEN", ApiHost.Code(forbidden));
        Assert.Equal("anomalies", forbidden.GetProperty("path")[0].GetString());
        Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync("""{ anomalyCounts(from: "2026-03-01", to: "2026-03-02") { count } }""", token: member))));
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync("{ anomalies { nodes { id } } }"))));

        var admin = await TokenWithRoleAsync("anomaly_admin2", EsRoles.Administrator);
        var badDay = ApiHost.SingleError(await api.GraphQLAsync("""{ anomalies(from: "03/01/2026") { nodes { id } } }""", token: admin));
        Assert.Equal("VALIDATION", ApiHost.Code(badDay));
        Assert.Equal("from", badDay.GetProperty("extensions").GetProperty("field").GetString());
        var badRange = ApiHost.SingleError(await api.GraphQLAsync("""{ anomalyCounts(from: "2026-03-05", to: "2026-03-01") { count } }""", token: admin));
        Assert.Equal("BAD_RANGE", badRange.GetProperty("extensions").GetProperty("reason").GetString());
        var badCursor = ApiHost.SingleError(await api.GraphQLAsync("""{ anomalies(after: "nope") { nodes { id } } }""", token: admin));
        Assert.Equal("VALIDATION", ApiHost.Code(badCursor));
    }
}
