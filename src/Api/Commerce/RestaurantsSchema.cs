using Es.Api.Schema;
using Es.Api.Trends;
using Es.GraphQL.Types;

namespace Es.Api.Commerce;

/// <summary>
/// Restaurant performance: a restaurant's figures by local day, a ranking of restaurants, and order
/// trends by hour of day and weekday. Administrators and auditors only (<see cref="CommerceAccess.RequireAnalyst"/>).
/// </summary>
public static class RestaurantsSchema
{
    public static void Add(SchemaBuilder builder) => builder
        .Enum<RestaurantOrder>("RestaurantOrder", e => e
            .Description("ORDERS, REVENUE, AVERAGE_RATING: most first. AVERAGE_DELIVERY_TIME, P90_DELIVERY_TIME, CANCELLATION_RATE: least first. Ties: restaurant id."))
        .Object<RestaurantFigures>("RestaurantFigures", o => o
            .Description("Figures over a set of orders. Times in minutes; averages and p90 over the orders where both instants are known.")
            .Field("orders", "Int!", f => f.Orders, "Orders placed.")
            .Field("delivered", "Int!", f => f.Delivered)
            .Field("cancelled", "Int!", f => f.Cancelled)
            .Field("cancellationRate", "Float", f => f.CancellationRate, "cancelled / orders; null without orders.")
            .Field("revenue", "Float", f => f.Revenue, "Σ totals of the orders not cancelled; null when they are in more than one currency.")
            .Field("currency", "String", f => f.Currency)
            .Field("averageDeliveryMinutes", "Float", f => f.AverageDeliveryMinutes, "Placed → delivered.")
            .Field("p90DeliveryMinutes", "Float", f => f.P90DeliveryMinutes, "Placed → delivered, exact 90th percentile (percentile_cont: linear between the nearest two orders).")
            .Field("averagePreparationMinutes", "Float", f => f.AveragePreparationMinutes, "Placed → picked up.")
            .Field("averageCourierMinutes", "Float", f => f.AverageCourierMinutes, "Picked up → delivered.")
            .Field("averageRating", "Float", f => f.AverageRating, "Mean of each rated order's latest rating (1–5).")
            .Field("ratings", "Int!", f => f.Ratings, "Orders rated."))
        .Object<RestaurantDayView>("RestaurantDay", o => o
            .Field("day", "String!", d => TrendsSchema.Format(d.Day), "YYYY-MM-DD, the restaurant's local day the orders were placed on.")
            .Field("figures", "RestaurantFigures!", d => d.Figures))
        .Object<RestaurantPerformanceView>("RestaurantPerformance", o => o
            .Field("restaurantId", "String!", p => p.RestaurantId)
            .Field("name", "String", p => p.Name, "Null when the restaurant was never registered as a merchant.")
            .Field("cuisine", "String", p => p.Cuisine)
            .Field("from", "String!", p => TrendsSchema.Format(p.From))
            .Field("to", "String!", p => TrendsSchema.Format(p.To))
            .Field("total", "RestaurantFigures!", p => p.Total, "Over the whole range (its p90 is over every order of the range, not a mean of days).")
            .Field("days", "[RestaurantDay!]!", p => p.Days, "Every day of the range, zeros where there was no order."))
        .Object<RestaurantRankView>("RankedRestaurant", o => o
            .Field("rank", "Int!", r => r.Rank)
            .Field("restaurantId", "String!", r => r.RestaurantId)
            .Field("name", "String", r => r.Name)
            .Field("cuisine", "String", r => r.Cuisine)
            .Field("figures", "RestaurantFigures!", r => r.Figures))
        .Object<HourCount>("OrdersByHour", o => o
            .Field("hour", "Int!", h => h.Hour, "0–23, local time of the restaurant.")
            .Field("orders", "Int!", h => h.Orders))
        .Object<WeekdayCount>("OrdersByWeekday", o => o
            .Field("weekday", "Int!", d => d.Weekday, "ISO: 1 = Monday … 7 = Sunday, local time.")
            .Field("name", "String!", d => d.Name)
            .Field("orders", "Int!", d => d.Orders))
        .Object<OrderTrendsView>("OrderTrends", o => o
            .Field("orders", "Int!", t => t.Orders, "Orders placed (cancelled ones included: demand).")
            .Field("byHour", "[OrdersByHour!]!", t => t.ByHour, "24 entries, 0 to 23.")
            .Field("byWeekday", "[OrdersByWeekday!]!", t => t.ByWeekday, "7 entries, Monday first."))
        .Query(q => q
            .Field("restaurantPerformance", "RestaurantPerformance!", f => f
                .Description($"A restaurant's figures for each local day from `from` to `to` (inclusive, at most {RestaurantReads.MaxDays} days) and over the whole range. Administrators and auditors only.")
                .Argument("restaurantId", "String!")
                .Argument("from", "String!", description: "YYYY-MM-DD.")
                .Argument("to", "String!", description: "YYYY-MM-DD.")
                .ResolveAsync((_, ctx) =>
                {
                    ctx.RequireAnalyst();
                    var (from, to) = Range(ctx.Arguments.Get<string>("from"), ctx.Arguments.Get<string>("to"));
                    if (to.DayNumber - from.DayNumber >= RestaurantReads.MaxDays)
                        throw ApiErrors.Validation("BAD_RANGE", $"At most {RestaurantReads.MaxDays} days.", "from");
                    return ctx.Service<RestaurantReads>().PerformanceAsync(ctx.Arguments.Get<string>("restaurantId"), from, to, ctx.CancellationToken);
                }))
            .Field("restaurants", "[RankedRestaurant!]!", f => f
                .Description("Restaurants ranked by a figure over their orders (optionally of one cuisine, in a range of local days). Administrators and auditors only.")
                .Argument("cuisine", "String", description: "The restaurant's category as last registered, any case.")
                .Argument("orderBy", "RestaurantOrder", RestaurantOrder.Orders)
                .Argument("first", "Int", 10, $"1 to {RestaurantReads.MaxFirst}.")
                .Argument("minOrders", "Int", 1, "Leave out restaurants with fewer orders in the range (a rating of one order is noise).")
                .Argument("from", "String", description: "YYYY-MM-DD; from the first order when omitted.")
                .Argument("to", "String", description: "YYYY-MM-DD; to the last order when omitted.")
                .ResolveAsync((_, ctx) =>
                {
                    ctx.RequireAnalyst();
                    var a = ctx.Arguments;
                    var first = a.Get<int>("first");
                    if (first is < 1 or > RestaurantReads.MaxFirst) throw ApiErrors.Validation("PAGE_SIZE", $"first must be between 1 and {RestaurantReads.MaxFirst}.", "first");
                    var minOrders = a.Get<int>("minOrders");
                    if (minOrders < 1) throw ApiErrors.Validation("BAD_MIN_ORDERS", "minOrders must be at least 1.", "minOrders");
                    var (from, to) = OptionalRange(a);
                    return ctx.Service<RestaurantReads>().RankingAsync(a.GetOrDefault<string?>("cuisine", null), a.Get<RestaurantOrder>("orderBy"), minOrders, first, from, to, ctx.CancellationToken);
                }))
            .Field("orderTrends", "OrderTrends!", f => f
                .Description("Orders placed by local hour of day and by weekday: one restaurant's, one cuisine's, or all of them. Administrators and auditors only.")
                .Argument("restaurantId", "String")
                .Argument("cuisine", "String", description: "Restaurants whose category as last registered is this, any case.")
                .Argument("from", "String", description: "YYYY-MM-DD.")
                .Argument("to", "String", description: "YYYY-MM-DD.")
                .ResolveAsync((_, ctx) =>
                {
                    ctx.RequireAnalyst();
                    var a = ctx.Arguments;
                    var (from, to) = OptionalRange(a);
                    return ctx.Service<RestaurantReads>().TrendsAsync(a.GetOrDefault<string?>("restaurantId", null), a.GetOrDefault<string?>("cuisine", null), from, to, ctx.CancellationToken);
                })));

    private static (DateOnly From, DateOnly To) Range(string fromText, string toText)
    {
        var (from, to) = (TrendsSchema.Day(fromText, "from"), TrendsSchema.Day(toText, "to"));
        if (to < from) throw ApiErrors.Validation("BAD_RANGE", "to must be on or after from.", "to");
        return (from, to);
    }

    private static (DateOnly? From, DateOnly? To) OptionalRange(ArgumentValues a)
    {
        DateOnly? from = a.TryGet<string>("from", out var f) ? TrendsSchema.Day(f, "from") : null;
        DateOnly? to = a.TryGet<string>("to", out var t) ? TrendsSchema.Day(t, "to") : null;
        if (from is { } x && to is { } y && y < x) throw ApiErrors.Validation("BAD_RANGE", "to must be on or after from.", "to");
        return (from, to);
    }
}
