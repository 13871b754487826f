using System.Globalization;
using System.Text;
using Es.Tests.Shared;

namespace Es.Api.Tests.Samples;

/// <summary>One row of the Hacker News sample: its id, title, author and time (the file's times read as UTC), and its line in the file.</summary>
public sealed record HackerNewsPost(string Id, string Title, string Author, DateTimeOffset At, int Line);

/// <summary>
/// The Hacker News sample (../shared/data/hacker_news_posts.csv, beside the repository; never
/// committed here), read at test time.
/// </summary>
public static class HackerNewsSample
{
    public const string FileName = "hacker_news_posts.csv";

    public static string Path()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Es.sln")))
                return System.IO.Path.Combine(dir.FullName, "..", "shared", "data", FileName);
        throw new InvalidOperationException("no Es.sln above the test's folder");
    }

    public static List<HackerNewsPost> Read()
    {
        var rows = TestCsv.Parse(File.ReadAllText(Path(), Encoding.UTF8));
        var header = rows[0].Select(h => h.Trim('\uFEFF')).ToList();
        int Col(string name) => header.IndexOf(name);
        var (id, title, author, created) = (Col("id"), Col("title"), Col("author"), Col("created_at"));
        return rows.Skip(1).Select((r, i) => new HackerNewsPost(r[id], r[title], r[author],
            new DateTimeOffset(DateTime.ParseExact(r[created], "M/d/yyyy H:mm", CultureInfo.InvariantCulture), TimeSpan.Zero), i + 2)).ToList();
    }
}
