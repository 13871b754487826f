using System.Globalization;
using Es.Api.Tests.Samples;
using Es.Api.Tests.Trends;
using Es.Domain;
using Es.EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Activity;

/// <summary>
/// The Hacker News sample imported as its authors (registered before the sample starts) and their
/// posts at their times, by bulk append as an ingest would, against a ranking this test works out
/// itself from the file with the rule of docs/analytics.md, "Member of the week", restated here:
/// a post is worth 5 points, at most 10 posts a week count; ties go to more distinct active days
/// that week, then to the earlier first action that week, then to the lower member id as text.
/// The sample's comment counts name no commenters, so they make no events.
/// </summary>
public sealed class HackerNewsMemberOfTheWeekTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset RegisteredAt = new(2015, 8, 1, 0, 0, 0, TimeSpan.Zero);
    private const int PostWeight = 5, PostCap = 10, First = 100;

    private static Guid AuthorId(string author) => NameBasedGuid.Create($"hn-author:{author}");

    private sealed record Expected(Guid Id, string Handle, int Score, int ActiveDays, DateTimeOffset FirstAt);

    [Fact]
    public async Task The_busiest_weeks_ranking_equals_a_count_of_each_authors_posts_over_the_csv()
    {
        var posts = HackerNewsSample.Read();
        Assert.Equal(20_100, posts.Count);
        Assert.All(posts, p => Assert.True(p.At > RegisteredAt));

        var store = api.Host.Services.GetRequiredService<IEventStore>();
        foreach (var chunk in posts.Select(p => p.Author).Distinct().Chunk(5_000))
            await store.AppendManyAsync(chunk.Select(author =>
            {
                var registered = new MemberRegistered(AuthorId(author), author, author, "Hacker News", [], 1980, RegisteredAt);
                return new StreamAppend(Member.StreamId(registered.MemberId), ExpectedVersion.NoStream, [EventData.New(registered)],
                    new EventMetadata { Actor = author, Source = $"file:{HackerNewsSample.FileName}" });
            }).ToList());
        foreach (var chunk in posts.Chunk(5_000))
            await store.AppendManyAsync(chunk.Select(p =>
            {
                var postId = NameBasedGuid.Create($"hn-post:{p.Id}");
                var published = new PostPublished(postId, AuthorId(p.Author), p.Title, "", "Hacker News", [], p.At);
                return new StreamAppend(Post.StreamId(postId), ExpectedVersion.NoStream, [EventData.New(published)],
                    new EventMetadata { Actor = p.Author, Source = $"file:{HackerNewsSample.FileName}#{p.Line}" });
            }).ToList());
        await api.WaitForAsync("activity", "members");

        // The test's own week: Monday 00:00 to Sunday 24:00 in Seoul; the week with the most posts.
        static (int Year, int Week) WeekOf(DateTimeOffset at)
        {
            var seoul = at.ToOffset(Seoul).DateTime;
            return (ISOWeek.GetYear(seoul), ISOWeek.GetWeekOfYear(seoul));
        }
        var busiest = posts.GroupBy(p => WeekOf(p.At)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First();
        Assert.Equal(((2016, 2), 428), (busiest.Key, busiest.Count()));

        var expected = busiest.GroupBy(p => p.Author).Select(g => new Expected(
                AuthorId(g.Key), g.Key,
                Math.Min(g.Count(), PostCap) * PostWeight,
                g.Select(p => p.At.ToOffset(Seoul).Date).Distinct().Count(),
                g.Min(p => p.At)))
            .OrderByDescending(e => e.Score).ThenByDescending(e => e.ActiveDays).ThenBy(e => e.FirstAt)
            .ThenBy(e => e.Id.ToString(), StringComparer.Ordinal)
            .Take(First).ToList();
        // The week's top: one author with 7 posts, one with 6, two with 4, four with 3 (ties broken by days, then time).
        Assert.Equal([35, 30, 20, 20, 15, 15, 15, 15], expected.Take(8).Select(e => e.Score));

        var week = $"{busiest.Key.Year}-W{busiest.Key.Week:D2}";
        var ranking = ActivityHost.Rows(await api.DataAsync("""
            query($week: String, $first: Int) {
              membersOfTheWeek(week: $week, first: $first) { rank score activeDays firstActionAt member { id handle } }
            }
            """, new { week, first = First }), "membersOfTheWeek");

        Assert.Equal(expected.Count, ranking.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, r) = (expected[i], ranking[i]);
            var actual = (Rank: r.GetProperty("rank").GetInt32(), Handle: r.GetProperty("member").GetProperty("handle").GetString(),
                Id: Guid.Parse(r.GetProperty("member").GetProperty("id").GetString()!), Score: r.GetProperty("score").GetDouble(),
                Days: r.GetProperty("activeDays").GetInt32(), First: r.GetProperty("firstActionAt").GetDateTimeOffset());
            Assert.True((i + 1, e.Handle, e.Id, (double)e.Score, e.ActiveDays, e.FirstAt) == actual,
                $"rank {i + 1}: expected {e.Handle} {e.Score} points, {e.ActiveDays} days, first {e.FirstAt:u}; got {actual}");
        }
    }
}
