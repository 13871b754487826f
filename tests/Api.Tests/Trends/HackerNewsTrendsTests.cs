using System.Globalization;
using System.Text;
using Es.Api.Tests.Samples;
using Es.Domain;
using Es.EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Trends;

/// <summary>
/// The Hacker News sample (../shared/data/hacker_news_posts.csv, beside the repository) imported as
/// posts by their authors at their times, as the ingest would (a bulk append), against tag counts
/// this test makes itself over the file.
/// </summary>
public sealed class HackerNewsTrendsTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    [Fact]
    public async Task Each_days_tag_mentions_equal_a_count_over_the_csv()
    {
        var posts = HackerNewsSample.Read();
        Assert.Equal(20_100, posts.Count);

        var store = api.Host.Services.GetRequiredService<IEventStore>();
        foreach (var chunk in posts.Chunk(5_000))
            await store.AppendManyAsync(chunk.Select(p =>
            {
                var postId = NameBasedGuid.Create($"hn-post:{p.Id}");
                var published = new PostPublished(postId, NameBasedGuid.Create($"hn-author:{p.Author}"), p.Title, "", "Hacker News", [], p.At);
                return new StreamAppend(Post.StreamId(postId), ExpectedVersion.NoStream, [EventData.New(published)],
                    new EventMetadata { Actor = p.Author, Source = $"file:hacker_news_posts.csv#{p.Line}" });
            }).ToList());
        await api.WaitForAsync("trends");

        // The test's own count: a title's words that start with '#' and a letter (brackets and
        // quotes before, punctuation after stripped), and '$' with 1 to 5 letters; each once per
        // title; on the Seoul day of the post's time (the file's times read as UTC).
        var expected = new Dictionary<(string Tag, DateOnly Day), int>();
        foreach (var p in posts)
        {
            var day = DateOnly.FromDateTime(p.At.ToOffset(Seoul).DateTime);
            foreach (var tag in TagsOfTitle(p.Title))
                expected[(tag, day)] = expected.GetValueOrDefault((tag, day)) + 1;
        }
        Assert.True(expected.Count >= 10, $"the sample has only {expected.Count} tagged days");
        Assert.Contains(("hugops", new DateOnly(2016, 7, 12)), expected.Keys); // "#HugOps: A culture of empathy", 7/12/2016 14:19

        foreach (var ((tag, day), count) in expected)
        {
            var d = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var series = (await api.DataAsync("query($tag: String!, $d: String!) { tagSeries(tag: $tag, from: $d, to: $d) { mentions } }", new { tag, d }))
                .GetProperty("tagSeries").EnumerateArray().Select(x => x.GetProperty("mentions").GetInt32()).ToArray();
            Assert.True(series is [var n] && n == count, $"{tag} on {d}: expected {count}, got [{string.Join(", ", series)}]");
        }
    }

    private static IEnumerable<string> TagsOfTitle(string title)
    {
        var tags = new HashSet<string>();
        foreach (var raw in title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.TrimStart('(', '[', '"', '\'');
            if (word.Length < 2 || (word[0] != '#' && word[0] != '$')) continue;
            var letters = new StringBuilder();
            foreach (var c in word[1..])
            {
                if (!char.IsLetterOrDigit(c) && c != '-' && c != '_') break;
                letters.Append(char.ToLowerInvariant(c));
            }
            var body = letters.ToString().TrimEnd('-', '_');
            if (word[0] == '#' && body.Any(char.IsLetter)) tags.Add(body);
            if (word[0] == '$' && body.Length is >= 1 and <= 5 && body.All(char.IsAsciiLetter)) tags.Add("$" + body);
        }
        return tags;
    }
}
