using Es.Api.Schema;
using Es.Api.Trends;
using Es.EventStore;
using Es.GraphQL.Types;
using Es.Projections.Commerce;

namespace Es.Api.Commerce;

/// <summary>
/// Anomaly flags (docs/anomalies.md): <c>anomalies</c> (newest first, filtered by merchant, rule
/// and merchant-local day), <c>anomalyCounts</c> per day per rule, and each flag's <c>events</c>
/// from the log. For administrators and auditors only: flags name card tokens and merchants'
/// figures. Anyone else gets FORBIDDEN (UNAUTHENTICATED when anonymous).
/// </summary>
public static class AnomaliesSchema
{
    public static void Add(SchemaBuilder builder) => builder
        .Enum("AnomalyRule", e => e
            .Description("The rule that raised a flag (docs/anomalies.md).")
            .Value("DUPLICATE_SALE", value: AnomalyProjection.Rules.DuplicateSale, description: "The same card, merchant and amount again within the duplicate window.")
            .Value("AMOUNT_OUTLIER", value: AnomalyProjection.Rules.AmountOutlier, description: "A robust z-score (median/MAD of the merchant's previous sales) above the threshold.")
            .Value("REFUND_OVER_REMAINING", value: AnomalyProjection.Rules.RefundOverRemaining, description: "A refund asking more than was left of its sale (refused by the domain).")
            .Value("TICKET_SHIFT", value: AnomalyProjection.Rules.TicketShift, description: "A merchant's daily average ticket far off its trailing level.")
            .Value("REPEATED_AMOUNT", value: AnomalyProjection.Rules.RepeatedAmount, description: "One card paying one merchant the same amount three times in a row in a local day.")
            .Value("IMPLAUSIBLE_DELIVERY", value: AnomalyProjection.Rules.ImplausibleDelivery, description: "An order delivered too fast, too slow, or at an impossible courier speed."))
        .Object<AnomalyFlagView>("AnomalyFlag", o => o
            .Description("A flag: its rule, why in words, and the events behind it.")
            .Field("id", "ID!", f => $"{f.Rule}:{f.Sequence}", "The rule and the sequence of the event that raised it.")
            .Field("rule", "AnomalyRule!", f => f.Rule)
            .Field("merchantId", "String", f => f.MerchantId, "The merchant or restaurant.")
            .Field("day", "String!", f => TrendsSchema.Format(f.Day), "YYYY-MM-DD in the merchant's time zone: the day the anomaly is about.")
            .Field("at", "DateTime!", f => f.At, "When the event that raised it happened (the sale's approval, the refund attempt, the delivery, the next day's first sale).")
            .Field("subject", "String!", f => f.Subject, "The sale id, order id, or merchantId:day.")
            .Field("reason", "String!", f => f.Reason)
            .Field("score", "Float", f => f.Score, "The rule's figure: z, seconds apart, ratio, minutes, the excess asked.")
            .Field("eventSequences", "[String!]!", f => f.Events.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                "The events behind it, as 64-bit sequence numbers in strings.")
            .Field("events", "[AuditEvent!]!", f => f
                .Description("The events behind it, from the event store, in log order.")
                .ResolveAsync(async (flag, ctx) =>
                {
                    var loaded = await ctx.Request.DataLoader<long, RecordedEvent>("anomalyEvents", ctx.Service<AnomalyReads>().EventsAsync).LoadManyAsync(flag.Events);
                    return loaded.Where(e => e is not null).Select(e => e!).ToArray();
                })))
        .Connection<AnomalyFlagView>("AnomalyFlag")
        .Object<AnomalyCountView>("AnomalyCount", o => o
            .Field("day", "String!", c => TrendsSchema.Format(c.Day), "YYYY-MM-DD, merchant-local.")
            .Field("rule", "AnomalyRule!", c => c.Rule)
            .Field("count", "Int!", c => c.Count))
        .Query(q => q
            .Field("anomalies", "AnomalyFlagConnection!", f => f
                .Description("Anomaly flags, newest first, filtered by every argument given. Administrators and auditors only.")
                .Argument("merchantId", "String")
                .Argument("rule", "AnomalyRule")
                .Argument("from", "String", description: "YYYY-MM-DD: flags of this merchant-local day or later.")
                .Argument("to", "String", description: "YYYY-MM-DD: flags of this merchant-local day or earlier.")
                .Paged()
                .ResolveAsync((_, ctx) =>
                {
                    MayRead(ctx);
                    var from = ctx.Arguments.TryGet<string>("from", out var f) ? TrendsSchema.Day(f, "from") : (DateOnly?)null;
                    var to = ctx.Arguments.TryGet<string>("to", out var t) ? TrendsSchema.Day(t, "to") : (DateOnly?)null;
                    if (from is { } a && to is { } b && b < a) throw ApiErrors.Validation("BAD_RANGE", "to must be on or after from.", "to");
                    var filter = new AnomalyFilter(ctx.Arguments.GetOrDefault<string?>("merchantId", null), ctx.Arguments.GetOrDefault<string?>("rule", null), from, to);
                    return ctx.Service<AnomalyReads>().PageAsync(filter, ctx.Page(), ctx.CancellationToken);
                }))
            .Field("anomalyCounts", "[AnomalyCount!]!", f => f
                .Description($"Flags per merchant-local day per rule, from `from` to `to` (at most {AnomalyReads.MaxCountDays} days); days and rules without flags are left out. Administrators and auditors only.")
                .Argument("from", "String!", description: "YYYY-MM-DD.")
                .Argument("to", "String!", description: "YYYY-MM-DD.")
                .Argument("merchantId", "String")
                .ResolveAsync((_, ctx) =>
                {
                    MayRead(ctx);
                    var from = TrendsSchema.Day(ctx.Arguments.Get<string>("from"), "from");
                    var to = TrendsSchema.Day(ctx.Arguments.Get<string>("to"), "to");
                    if (to < from || to.DayNumber - from.DayNumber >= AnomalyReads.MaxCountDays)
                        throw ApiErrors.Validation("BAD_RANGE", $"to must be on or after from, and at most {AnomalyReads.MaxCountDays} days in all.", "to");
                    return ctx.Service<AnomalyReads>().CountsAsync(from, to, ctx.Arguments.GetOrDefault<string?>("merchantId", null), ctx.CancellationToken);
                })));

    // Flags carry card tokens and merchants' figures: the same readers as the audit log.
    private static void MayRead(ResolveFieldContext ctx)
    {
        switch (ctx.Caller())
        {
            case { MayReadAudit: true }: return;
            case { IsMember: true }: throw ApiErrors.Forbidden("ANOMALIES_ONLY", "Only administrators and auditors read anomaly flags.");
            default: throw ApiErrors.Unauthenticated("Sign in as an administrator or auditor to read anomaly flags.");
        }
    }
}
