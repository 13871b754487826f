using Es.Api.Schema;
using Es.Api.Trends;
using Es.GraphQL.Types;

namespace Es.Api.Commerce;

/// <summary>
/// <c>merchantAverageTicket</c>: a merchant's average ticket by local day or ISO week. Commerce figures
/// are business data of the merchants, not the community's: administrators and auditors read them;
/// any other member gets FORBIDDEN, an anonymous caller UNAUTHENTICATED.
/// </summary>
public static class MerchantsSchema
{
    public static void Add(SchemaBuilder builder) => builder
        .Enum<TicketGranularity>("TicketGranularity", e => e
            .Description("DAY: one period per local day. WEEK: one per ISO week (Monday to Sunday), Σ net / Σ transactions of its days."))
        .Object<TicketPeriodView>("TicketPeriod", o => o
            .Description("A merchant's sales in one period: approved amounts minus refunds (a refund counts on its sale's day), over the distinct sales that were not cancelled.")
            .Field("start", "String!", p => TrendsSchema.Format(p.Start), "YYYY-MM-DD, the merchant's local day (a week's Monday).")
            .Field("end", "String!", p => TrendsSchema.Format(p.End), "YYYY-MM-DD, the last day of the period (a week's Sunday).")
            .Field("transactions", "Int!", p => p.Transactions, "Distinct sales approved in the period and not cancelled; refunds are not transactions.")
            .Field("approved", "Float!", p => p.Approved, "Σ approved amounts of those sales.")
            .Field("refunded", "Float!", p => p.Refunded, "Σ refunds of those sales, whenever they were refunded.")
            .Field("net", "Float!", p => p.Net, "approved − refunded.")
            .Field("averageTicket", "Float", p => p.AverageTicket, "net / transactions; null when there was no transaction."))
        .Object<MerchantTicketView>("MerchantAverageTicket", o => o
            .Field("merchantId", "String!", t => t.MerchantId)
            .Field("platform", "String", t => t.Platform, "The platform asked for; null: every platform together.")
            .Field("currency", "String", t => t.Currency, "ISO 4217; null when there was no sale in the range.")
            .Field("granularity", "TicketGranularity!", t => t.Granularity)
            .Field("from", "String!", t => TrendsSchema.Format(t.From))
            .Field("to", "String!", t => TrendsSchema.Format(t.To))
            .Field("periods", "[TicketPeriod!]!", t => t.Periods, "Every period of the range in order, with 0 transactions and a null average where there was no sale."))
        .Query(q => q
            .Field("merchantAverageTicket", "MerchantAverageTicket!", f => f
                .Description($"A merchant's average ticket per local day (in the merchant's time zone) or ISO week. Without from/to: the last {MerchantReads.DefaultDays} days (DAY) or {MerchantReads.DefaultWeeks} weeks (WEEK) up to today in the merchant's zone. Administrators and auditors only.")
                .Argument("merchantId", "String!")
                .Argument("from", "String", description: "YYYY-MM-DD, inclusive.")
                .Argument("to", "String", description: "YYYY-MM-DD, inclusive; today in the merchant's zone when omitted.")
                .Argument("platform", "String", description: "Only this platform's sales; every platform together when omitted.")
                .Argument("currency", "String", description: "Needed only when the merchant sold in more than one currency in the range.")
                .Argument("granularity", "TicketGranularity", TicketGranularity.Day)
                .ResolveAsync(async (_, ctx) =>
                {
                    ctx.RequireAnalyst();
                    var a = ctx.Arguments;
                    var reads = ctx.Service<MerchantReads>();
                    var merchantId = a.Get<string>("merchantId");
                    var granularity = a.Get<TicketGranularity>("granularity");
                    var to = a.TryGet<string>("to", out var toText)
                        ? TrendsSchema.Day(toText, "to")
                        : await reads.TodayAsync(merchantId, ctx.Service<TimeProvider>().GetUtcNow(), ctx.CancellationToken);
                    var from = a.TryGet<string>("from", out var fromText)
                        ? TrendsSchema.Day(fromText, "from")
                        : granularity == TicketGranularity.Week ? to.AddDays(-7 * (MerchantReads.DefaultWeeks - 1)) : to.AddDays(-(MerchantReads.DefaultDays - 1));
                    if (to < from)
                        throw ApiErrors.Validation("BAD_RANGE", "to must be on or after from.", "to");
                    if (granularity == TicketGranularity.Day && to.DayNumber - from.DayNumber >= MerchantReads.MaxDays)
                        throw ApiErrors.Validation("BAD_RANGE", $"A daily series is at most {MerchantReads.MaxDays} days.", "from");
                    if (granularity == TicketGranularity.Week && to.DayNumber - from.DayNumber >= MerchantReads.MaxWeeks * 7)
                        throw ApiErrors.Validation("BAD_RANGE", $"A weekly series is at most {MerchantReads.MaxWeeks} weeks.", "from");
                    return await reads.TicketAsync(merchantId, from, to, a.GetOrDefault<string?>("platform", null), a.GetOrDefault<string?>("currency", null),
                            granularity, ctx.CancellationToken)
                        ?? throw ApiErrors.Validation("CURRENCY_REQUIRED", "The merchant sold in more than one currency in this range: say which.", "currency");
                })))
        .Object<MerchantView>("Merchant", o => o
            .Description("A card merchant or a restaurant (the Merchant aggregate), from the merchants read model. Name, category and time zone are null for a merchant that sold without being registered.")
            .Field("id", "String!", m => m.Id, "The merchantId sales and the restaurantId orders name.")
            .Field("name", "String", m => m.Name)
            .Field("category", "String", m => m.Category, "A merchant's line of business or a restaurant's cuisine.")
            .Field("timeZone", "String", m => m.TimeZone, "IANA id: the zone its local days (tickets, flags) are cut in.")
            .Field("registeredAt", "DateTime", m => m.RegisteredAt, "When its registration was recorded.")
            .Field("updatedAt", "DateTime", m => m.UpdatedAt, "When its details last changed (or were registered).")
            .Field("sales", "Int!", m => (int)Math.Min(m.Sales, int.MaxValue), "Sales recorded for it (cancelled ones included).")
            .Field("orders", "Int!", m => (int)Math.Min(m.Orders, int.MaxValue), "Orders placed with it, as a restaurant.")
            .Field("flags", "Int!", f => f
                .Description("Anomaly flags that name it, all rules and days (anomalies(merchantId:) lists them). Counted for a whole page of merchants at once.")
                .ResolveAsync(async (m, ctx) => await ctx.Request.DataLoader<string, int>("merchantFlags", ctx.Service<MerchantDirectoryReads>().FlagCountsAsync).LoadAsync(m.Id))))
        .Connection<MerchantView>("Merchant")
        .Query(q => q
            .Field("merchants", "MerchantConnection!", f => f
                .Description("Merchants and restaurants by id, with their details and counts. Administrators and auditors only.")
                .Argument("category", "String", description: "Only merchants of this category (exactly as registered).")
                .Paged()
                .ResolveAsync((_, ctx) =>
                {
                    ctx.RequireAnalyst();
                    return ctx.Service<MerchantDirectoryReads>().PageAsync(ctx.Arguments.GetOrDefault<string?>("category", null), ctx.Page(), ctx.CancellationToken);
                })));
}
