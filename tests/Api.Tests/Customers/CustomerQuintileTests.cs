using Es.Api.Accounts;
using Es.Api.Tests.Trends;
using Es.Commands;
using Es.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Customers;

/// <summary>
/// The RFM cut points are computed once per state of the read model and kept between reads
/// (CustomerQuintiles): a purchase that changes the population must change the scores read after it.
/// </summary>
public sealed class CustomerQuintileTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>
{
    private static readonly DateTimeOffset D = new(2025, 3, 31, 12, 0, 0, TimeSpan.Zero);
    private int _source;

    private async Task OrderAsync(string name, string customer, decimal amount)
    {
        var source = $"file:quintiles.csv#{++_source}";
        var result = await api.Host.Services.GetRequiredService<CommandPipeline>().SendAsync(
            new PlaceOrder(NameBasedGuid.Create($"quintiles:{name}"), customer, "shop-1", [new OrderItem("Thing", 1, amount)], new Money(amount, "GBP"), "London", D, $"src:{name}"),
            new CommandContext(Actor.System(source), source));
        Assert.True(result.Succeeded, string.Join("; ", result.Rejections.Select(r => r.Message)));
    }

    private async Task<Dictionary<string, int>> MonetaryAsync(string token)
    {
        var top = (await api.DataAsync("query { topCustomers(first: 100, currency: \"GBP\") { customer rfm { monetary } } }", token: token)).GetProperty("topCustomers");
        return top.EnumerateArray().ToDictionary(t => t.GetProperty("customer").GetString()!, t => t.GetProperty("rfm").GetProperty("monetary").GetInt32());
    }

    [Fact]
    public async Task Scores_read_after_new_customers_arrive_rank_them_in_the_new_population()
    {
        var member = await api.SignUpAsync("quintile_auditor");
        await api.Host.Services.GetRequiredService<AccountStore>().SetRolesAsync(Guid.Parse(member.Id), ["auditor"], default);
        var auditor = await api.SignInAsync("quintile_auditor");

        // n = 3, spends 10, 20, 30: score = 1 + floor(5 × strictly-lower / 3): P 1 + 0 = 1, Q 1 + floor(5/3) = 2, R 1 + floor(10/3) = 4.
        await OrderAsync("p", "P", 10m); await OrderAsync("q", "Q", 20m); await OrderAsync("r", "R", 30m);
        await api.WaitForAsync("customer_spend");
        Assert.Equal(new Dictionary<string, int> { ["P"] = 1, ["Q"] = 2, ["R"] = 4 }, await MonetaryAsync(auditor));

        // n = 5 with 40 and 50: P 1, Q 1 + floor(5/5) = 2, R 1 + floor(10/5) = 3, S 1 + floor(15/5) = 4, T 1 + floor(20/5) = 5.
        await OrderAsync("s", "S", 40m); await OrderAsync("t", "T", 50m);
        await api.WaitForAsync("customer_spend");
        Assert.Equal(new Dictionary<string, int> { ["P"] = 1, ["Q"] = 2, ["R"] = 3, ["S"] = 4, ["T"] = 5 }, await MonetaryAsync(auditor));

        // A second order of P (20 in all) ties Q: nobody spends less than 20, so both 1 + floor(5 × 0 / 5) = 1 (Q drops from 2: a tie gets the lower score).
        await OrderAsync("p2", "P", 10m);
        await api.WaitForAsync("customer_spend");
        Assert.Equal(new Dictionary<string, int> { ["P"] = 1, ["Q"] = 1, ["R"] = 3, ["S"] = 4, ["T"] = 5 }, await MonetaryAsync(auditor));
    }
}
