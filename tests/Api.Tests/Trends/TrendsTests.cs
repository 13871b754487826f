using System.Globalization;
using System.Text.Json;

namespace Es.Api.Tests.Trends;

/// <summary>
/// Posts written on chosen Seoul days through the API; the day's mentions, the trailing level and
/// the rising score worked out here by hand.
/// </summary>
public sealed class TrendsTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    private const string Publish = "mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }";
    private const string Trending = "query($day: String!) { trendingTags(day: $day, first: 10) { tag mentions trailingAverage score } }";
    private const string Series = "query($tag: String!, $from: String!, $to: String!) { tagSeries(tag: $tag, from: $from, to: $to) { day mentions } }";

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Mentions_per_day_and_the_rising_score_against_the_trailing_7_days_follow_publication_edits_and_deletions()
    {
        await api.SignUpAsync("trend_writer");
        // Day -1 is the first Seoul day that starts after now; every post is written at noon, Seoul time.
        var now = api.Clock.GetUtcNow().ToOffset(Seoul);
        var dayMinus1 = DateOnly.FromDateTime(now.Date).AddDays(1);
        var token = "";
        async Task OnDay(int n)
        {
            var day = dayMinus1.AddDays(n + 1);
            api.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), Seoul).ToUniversalTime());
            token = await api.SignInAsync("trend_writer");
        }
        async Task<string> Post(string title, string body, params string[] tags) =>
            (await api.DataAsync(Publish, new { input = new { title, body, region = "Seoul Mapo", tags } }, token))
            .GetProperty("publishPost").GetProperty("id").GetString()!;

        await OnDay(-1);
        await Post("Before the window", "#yoga"); // 8 days before day 7: outside its trailing window
        for (var d = 0; d <= 6; d++)
        {
            await OnDay(d);
            await Post($"Day {d}", "Stretching #yoga");
            if (d is 1 or 3) await Post($"Walk {d}", "A #walking route");
        }
        await OnDay(7);
        await Post("Morning #Walking", "$TSLA up", "walking");                                 // walking, $tsla
        await Post("Evening", "#walking! with $TSLA, #yoga");                                   // walking, $tsla, yoga
        await Post("Park", "(#WALKING) #yoga", "yoga");                                         // walking, yoga
        await Post("Notes", "$TSLA's chart; C# and F@#k and US$5 are not tags, $GOPATH neither", "walking", "yoga"); // walking, yoga, $tsla
        await Post("Class", "#yoga #rare");                                                     // yoga, rare
        var deleted = await Post("Class 2", "#yoga #rare");                                     // yoga, rare
        var edited = await Post("Class 3", "#yoga");                                            // yoga
        await api.WaitForAsync("trends");

        // Day 7: $tsla 3 (trailing 0), walking 4 (trailing 2 over 7 days), yoga 6 (trailing 7: one a day
        // on days 0..6; day -1 is not in it), rare 2 (below the minimum of 3: not ranked).
        var day7 = Day(dayMinus1.AddDays(8));
        var ranked = (await api.DataAsync(Trending, new { day = day7 })).GetProperty("trendingTags").EnumerateArray().ToList();
        Assert.Equal(["$tsla", "walking", "yoga"], ranked.Select(t => t.GetProperty("tag").GetString()));
        Assert.Equal([3, 4, 6], ranked.Select(t => t.GetProperty("mentions").GetInt32()));
        AssertClose([0.0, 2.0 / 7, 1.0], ranked.Select(t => t.GetProperty("trailingAverage").GetDouble()));
        AssertClose([(3 + 1) / (0.0 + 1), (4 + 1) / (2.0 / 7 + 1), (6 + 1) / (1.0 + 1)], ranked.Select(t => t.GetProperty("score").GetDouble()));

        var walking = await SeriesAsync("#Walking", dayMinus1, dayMinus1.AddDays(8));
        Assert.Equal([0, 0, 1, 0, 1, 0, 0, 0, 4], walking);
        Assert.Equal(new[] { 3 }, await SeriesAsync("$TSLA", dayMinus1.AddDays(8), dayMinus1.AddDays(8)));

        // Day 8: one day-7 post loses #yoga for #pilates, another is deleted. Both count on day 7,
        // the day they were published.
        await OnDay(8);
        await api.DataAsync("mutation($input: EditPostInput!) { editPost(input: $input) { id } }",
            new { input = new { postId = edited, title = "Class 3", body = "#pilates now", tags = Array.Empty<string>() } }, token);
        await api.DataAsync("mutation($id: ID!) { deletePost(postId: $id) }", new { id = deleted }, token);
        await api.WaitForAsync("trends");

        Assert.Equal(new[] { 4 }, await SeriesAsync("yoga", dayMinus1.AddDays(8), dayMinus1.AddDays(8)));
        Assert.Equal(new[] { 1 }, await SeriesAsync("pilates", dayMinus1.AddDays(8), dayMinus1.AddDays(8)));
        Assert.Equal(new[] { 1 }, await SeriesAsync("rare", dayMinus1.AddDays(8), dayMinus1.AddDays(8)));
        Assert.Equal(new[] { 0 }, await SeriesAsync("yoga", dayMinus1.AddDays(9), dayMinus1.AddDays(9)));
        ranked = (await api.DataAsync(Trending, new { day = day7 })).GetProperty("trendingTags").EnumerateArray().ToList();
        Assert.Equal(["$tsla", "walking", "yoga"], ranked.Select(t => t.GetProperty("tag").GetString()));
        AssertClose([4.0, 5 / (2.0 / 7 + 1), (4 + 1) / (1.0 + 1)], ranked.Select(t => t.GetProperty("score").GetDouble()));

        // A rebuild from the log gives the same read model as the live build.
        var live = await api.RowsAsync("SELECT tag, day, mentions FROM {schema}.tag_mentions ORDER BY tag, day");
        var livePosts = await api.RowsAsync("SELECT post_id, day, tags, deleted FROM {schema}.tag_posts ORDER BY post_id");
        await api.RebuildAsync("trends");
        Assert.Equal(live, await api.RowsAsync("SELECT tag, day, mentions FROM {schema}.tag_mentions ORDER BY tag, day"));
        Assert.Equal(livePosts, await api.RowsAsync("SELECT post_id, day, tags, deleted FROM {schema}.tag_posts ORDER BY post_id"));
    }

    [Fact]
    public async Task A_day_that_is_not_YYYY_MM_DD_is_a_validation_error()
    {
        var error = ApiHost.SingleError(await api.GraphQLAsync(Trending, new { day = "6/12/2026" }));
        Assert.Equal("VALIDATION", ApiHost.Code(error));
        Assert.Equal("day", error.GetProperty("extensions").GetProperty("field").GetString());
    }

    private async Task<int[]> SeriesAsync(string tag, DateOnly from, DateOnly to) =>
        (await api.DataAsync(Series, new { tag, from = Day(from), to = Day(to) })).GetProperty("tagSeries").EnumerateArray()
        .Select(d => d.GetProperty("mentions").GetInt32()).ToArray();

    private static void AssertClose(IEnumerable<double> expected, IEnumerable<double> actual)
    {
        var (e, a) = (expected.ToArray(), actual.ToArray());
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) < 1e-9, $"[{i}] expected {e[i]}, got {a[i]}");
    }
}
