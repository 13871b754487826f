using System.Globalization;
using Es.Api.Schema;
using Es.Domain;
using Es.GraphQL.Types;
using Es.Projections.Trends;

namespace Es.Api.Trends;

/// <summary>Trending tags of a day (rising against their trailing level) and a tag's daily series. Public: only counts.</summary>
public static class TrendsSchema
{
    public const int MaxFirst = 100;

    public static void Add(SchemaBuilder builder) => builder
        .Object<TrendingTagView>("TrendingTag", o => o
            .Description("A tag rising on a day: its mentions that day against its mean over the 7 days before.")
            .Field("tag", "String!", t => t.Tag, "Lower-case, without '#'; a stock ticker keeps its '$' ($aapl).")
            .Field("mentions", "Int!", t => t.Mentions, "Posts published that day (Seoul time) that mention the tag, each once.")
            .Field("trailingAverage", "Float!", t => t.TrailingAverage, "Mean daily mentions over the 7 days before.")
            .Field("score", "Float!", t => t.Score, "(mentions + 1) / (trailingAverage + 1)."))
        .Object<TagDayView>("TagDay", o => o
            .Field("day", "String!", d => Format(d.Day), "YYYY-MM-DD, Seoul time.")
            .Field("mentions", "Int!", d => d.Mentions))
        .Query(q => q
            .Field("trendingTags", "[TrendingTag!]!", f => f
                .Description($"The fastest-rising tags of a day (Seoul time; today when omitted), highest score first. A tag needs {TrendReads.MinimumMentions} mentions that day to be ranked. Public.")
                .Argument("day", "String", description: "YYYY-MM-DD.")
                .Argument("first", "Int", 10, $"At most {MaxFirst}.")
                .ResolveAsync((_, ctx) =>
                {
                    var day = ctx.Arguments.TryGet<string>("day", out var text) ? Day(text, "day") : CommunityCalendar.DayOf(ctx.Service<TimeProvider>().GetUtcNow());
                    var first = ctx.Arguments.Get<int>("first");
                    if (first is < 0 or > MaxFirst) throw ApiErrors.Validation("PAGE_SIZE", $"first must be between 0 and {MaxFirst}.", "first");
                    return ctx.Service<TrendReads>().TrendingAsync(day, first, ctx.CancellationToken);
                }))
            .Field("tagSeries", "[TagDay!]!", f => f
                .Description($"A tag's mentions on each day from `from` to `to` (inclusive, Seoul days, at most {TrendReads.MaxSeriesDays}), 0 on days without. '#Walking' and 'walking' are the same tag. Public.")
                .Argument("tag", "String!")
                .Argument("from", "String!", description: "YYYY-MM-DD.")
                .Argument("to", "String!", description: "YYYY-MM-DD.")
                .ResolveAsync((_, ctx) =>
                {
                    var from = Day(ctx.Arguments.Get<string>("from"), "from");
                    var to = Day(ctx.Arguments.Get<string>("to"), "to");
                    if (to < from || to.DayNumber - from.DayNumber >= TrendReads.MaxSeriesDays)
                        throw ApiErrors.Validation("BAD_RANGE", $"to must be on or after from, and at most {TrendReads.MaxSeriesDays} days in all.", "to");
                    return ctx.Service<TrendReads>().SeriesAsync(ctx.Arguments.Get<string>("tag"), from, to, ctx.CancellationToken);
                })));

    public static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Day(string text, string field) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw ApiErrors.Validation("BAD_DAY", $"{field} must be a day as YYYY-MM-DD.", field);
}
