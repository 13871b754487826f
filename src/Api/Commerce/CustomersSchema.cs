using Es.Api.Schema;
using Es.Domain;
using Es.GraphQL.Types;
using Es.Projections.Customers;

namespace Es.Api.Commerce;

/// <summary>
/// Customer spend: top customers, RFM segments, a segment's customers and one customer's profile and
/// history (docs/commerce.md, "Customer spend"). Commerce analytics are for analysts: administrators
/// and auditors. Other members get FORBIDDEN, anonymous callers UNAUTHENTICATED.
/// </summary>
public static class CustomersSchema
{
    public const int MaxFirst = 100;

    /// <summary>A customer's profile: their accounts (one per currency) and, through <c>history</c>, their purchases.</summary>
    public sealed record CustomerProfile(string Token, DateTimeOffset? AsOf, IReadOnlyList<CustomerSpendView> Accounts);

    public static void Add(SchemaBuilder builder) => builder
        .Enum("CustomerSegment", e =>
        {
            e.Description("A named RFM segment (docs/commerce.md): by the recency score R and FM, the mean of the frequency and monetary scores rounded up.");
            foreach (var s in CustomerScoring.Segments)
                e.Value(s.Name.ToUpperInvariant(), value: s.Name, description: $"{s.Meaning}: R {Range(s.RecencyMin, s.RecencyMax)}, FM {Range(s.FmMin, s.FmMax)}.");
        })
        .Enum("PurchaseKind", e => e
            .Value("ORDER", value: CustomerSpendProjection.KindOrder)
            .Value("SALE", value: CustomerSpendProjection.KindSale)
            .Value("RETURN", value: CustomerSpendProjection.KindReturn, description: "Goods brought back, credited to the customer."))
        .Object<CustomerRfm>("CustomerRfm", o => o
            .Description("Recency, frequency and monetary scores 1–5: quintiles among the customers of the same currency with a purchase; equal values share a score.")
            .Field("asOf", "DateTime!", v => v.AsOf, "The \"now\" recency is measured from.")
            .Field("recencyDays", "Int!", v => v.RecencyDays, "Whole days from the last purchase to asOf.")
            .Field("recency", "Int!", v => v.R, "R: 5 for the most recent fifth.")
            .Field("frequency", "Int!", v => v.F, "F: by the number of purchases.")
            .Field("monetary", "Int!", v => v.M, "M: by the net spend.")
            .Field("code", "String!", v => v.Code, "R, F and M as three digits, such as \"545\".")
            .Field("segment", "CustomerSegment!", v => v.Segment)
            .Field("lifetimeValue", "Float!", v => v.LifetimeValue,
                $"Expected spend over the next {CustomerScoring.HorizonMonths} months: average order value × purchases per month since the first purchase (at least {CustomerScoring.MinimumTenureMonths} months) × {CustomerScoring.HorizonMonths}; never below 0."))
        .Object<CustomerSpendView>("CustomerSpend", o => o
            .Description("A customer's spend in one currency, net of refunds, cancellations and returns.")
            .Field("customer", "String!", v => v.Customer, "The customer token of their sales and orders.")
            .Field("currency", "String!", v => v.Currency, "ISO 4217; amounts are never converted.")
            .Field("spend", "Float!", v => (double)v.Spend, "Purchases not cancelled, less their refunds, less returns.")
            .Field("orders", "Int!", v => v.Orders, "Purchases (sales and orders) not cancelled.")
            .Field("cancelled", "Int!", v => v.Cancelled, "Purchases cancelled: they count for nothing.")
            .Field("refunded", "Float!", v => (double)v.Refunded, "Refunds on purchases not cancelled.")
            .Field("returned", "Float!", v => (double)v.Returned, "Returns credited.")
            .Field("firstPurchaseAt", "DateTime", v => v.FirstPurchaseAt)
            .Field("lastPurchaseAt", "DateTime", v => v.LastPurchaseAt)
            .Field("averageOrderValue", "Float", v => (double?)v.AverageOrderValue, "spend / orders; null without a purchase.")
            .Field("rfm", "CustomerRfm", v => v.Rfm, "Null without a purchase (returns only)."))
        .Connection<CustomerSpendView>("CustomerSpend")
        .Object<SegmentCount>("CustomerSegmentCount", o => o
            .Field("segment", "CustomerSegment!", c => c.Segment)
            .Field("count", "Int!", c => c.Count)
            .Field("share", "Float!", c => c.Share, "count / all customers scored (0 when there are none)."))
        .Object<PurchaseView>("CustomerPurchase", o => o
            .Field("id", "ID!", p => p.Id.ToString(), "The sale, order or return id.")
            .Field("kind", "PurchaseKind!", p => p.Kind)
            .Field("merchant", "String!", p => p.Merchant)
            .Field("at", "DateTime!", p => p.At, "Approved, placed or returned at.")
            .Field("currency", "String!", p => p.Currency)
            .Field("amount", "Float!", p => (double)p.Amount, "As recorded (a return's amount is positive).")
            .Field("refunded", "Float!", p => (double)p.Refunded)
            .Field("cancelled", "Boolean!", p => p.Cancelled)
            .Field("net", "Float!", p => (double)p.Net, "What it adds to the spend: 0 when cancelled, amount − refunded, minus the amount for a return."))
        .Connection<PurchaseView>("CustomerPurchase")
        .Object<CustomerProfile>("Customer", o => o
            .Field("token", "String!", c => c.Token)
            .Field("accounts", "[CustomerSpend!]!", c => c.Accounts, "One per currency the customer paid in.")
            .Field("history", "CustomerPurchaseConnection!", f => f
                .Description("Their sales, orders and returns, latest first.")
                .Argument("currency", "String")
                .Paged()
                .ResolveAsync((c, ctx) => ctx.Service<CustomerReads>().HistoryAsync(c.Token, Currency(ctx), ctx.Page(), ctx.CancellationToken))))
        .Query(q => q
            .Field("topCustomers", "[CustomerSpend!]!", f => f
                .Description("Analysts: the customers with the highest net spend in a currency, highest first (ties: token).")
                .Argument("first", "Int", 10, $"1 to {MaxFirst}.")
                .Argument("currency", "String", description: "ISO 4217; the currency with the most customers when omitted.")
                .Argument("asOf", "DateTime", description: AsOfDescription)
                .ResolveAsync(async (_, ctx) =>
                {
                    ctx.RequireAnalyst();
                    var first = ctx.Arguments.Get<int>("first");
                    if (first is < 1 or > MaxFirst) throw ApiErrors.Validation("PAGE_SIZE", $"first must be between 1 and {MaxFirst}.", "first");
                    var reads = ctx.Service<CustomerReads>();
                    var currency = Currency(ctx) ?? await reads.MainCurrencyAsync(ctx.CancellationToken);
                    if (currency is null || await AsOfAsync(ctx) is not { } asOf) return (IReadOnlyList<CustomerSpendView>)[];
                    return await reads.TopAsync(currency, asOf, first, ctx.CancellationToken);
                }))
            .Field("customerSegments", "[CustomerSegmentCount!]!", f => f
                .Description("Analysts: how many customers fall in each segment, every segment listed. A customer who paid in two currencies counts in each.")
                .Argument("currency", "String", description: "ISO 4217; every currency when omitted (each ranked among its own).")
                .Argument("asOf", "DateTime", description: AsOfDescription)
                .ResolveAsync(async (_, ctx) =>
                {
                    ctx.RequireAnalyst();
                    var currency = Currency(ctx);
                    return await ctx.Service<CustomerReads>().SegmentsAsync(currency, await AsOfAsync(ctx), ctx.CancellationToken);
                }))
            .Field("customers", "CustomerSpendConnection!", f => f
                .Description("Analysts: a segment's customers, highest net spend first.")
                .Argument("segment", "CustomerSegment!")
                .Argument("currency", "String", description: "ISO 4217; every currency when omitted.")
                .Argument("asOf", "DateTime", description: AsOfDescription)
                .Paged()
                .ResolveAsync(async (_, ctx) =>
                {
                    ctx.RequireAnalyst();
                    var page = ctx.Page();
                    var currency = Currency(ctx);
                    return await ctx.Service<CustomerReads>().InSegmentAsync(ctx.Arguments.Get<string>("segment"), currency, await AsOfAsync(ctx), page, ctx.CancellationToken);
                }))
            .Field("customer", "Customer", f => f
                .Description("Analysts: one customer's profile (each currency's figures, RFM, segment, lifetime value) and history; null when the token has no purchase or return.")
                .Argument("token", "String!")
                .Argument("asOf", "DateTime", description: AsOfDescription)
                .ResolveAsync(async (_, ctx) =>
                {
                    ctx.RequireAnalyst();
                    var token = ctx.Arguments.Get<string>("token");
                    if (string.IsNullOrWhiteSpace(token) || token.Length > Order.CustomerTokenMaxLength)
                        throw ApiErrors.Validation("BAD_TOKEN", $"token must be 1 to {Order.CustomerTokenMaxLength} characters.", "token");
                    var asOf = await AsOfAsync(ctx);
                    var accounts = await ctx.Service<CustomerReads>().CustomerAsync(token, asOf, ctx.CancellationToken);
                    return accounts.Count == 0 ? null : new CustomerProfile(token, asOf, accounts);
                })));

    private const string AsOfDescription =
        "\"Now\" for recency and lifetime value; the latest purchase in the data when omitted. Not before it: the figures are today's, this only moves the clock on.";

    private static string Range(int min, int max) => min == max ? $"{min}" : $"{min}–{max}";

    private static string? Currency(ResolveFieldContext ctx)
    {
        var currency = ctx.Arguments.GetOrDefault<string?>("currency", null);
        if (currency is not null && !Currencies.IsKnown(currency))
            throw ApiErrors.Validation("BAD_CURRENCY", "currency must be a supported ISO 4217 code such as GBP.", "currency");
        return currency;
    }

    /// <summary>asOf, or the latest purchase; null when there is no purchase at all. Before the latest purchase is a VALIDATION error.</summary>
    private static async Task<DateTimeOffset?> AsOfAsync(ResolveFieldContext ctx)
    {
        var latest = await ctx.Service<CustomerReads>().LatestPurchaseAsync(ctx.CancellationToken);
        if (!ctx.Arguments.TryGet<DateTimeOffset>("asOf", out var asOf)) return latest;
        if (latest is { } l && asOf < l)
            throw ApiErrors.Validation("AS_OF_BEFORE_DATA", $"asOf must not be before the latest purchase ({l:u}): the figures are today's.", "asOf");
        return asOf;
    }
}
