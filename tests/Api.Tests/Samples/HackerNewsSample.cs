using System.Globalization;
using System.Text;

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
        var rows = ParseCsv(File.ReadAllText(Path(), Encoding.UTF8));
        var header = rows[0].Select(h => h.Trim('\uFEFF')).ToList();
        int Col(string name) => header.IndexOf(name);
        var (id, title, author, created) = (Col("id"), Col("title"), Col("author"), Col("created_at"));
        return rows.Skip(1).Select((r, i) => new HackerNewsPost(r[id], r[title], r[author],
            new DateTimeOffset(DateTime.ParseExact(r[created], "M/d/yyyy H:mm", CultureInfo.InvariantCulture), TimeSpan.Zero), i + 2)).ToList();
    }

    /// <summary>RFC 4180: fields in double quotes may hold commas, line breaks and doubled quotes.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(field.ToString()); field.Clear();
                if (row.Count > 1 || row[0].Length > 0) rows.Add([.. row]);
                row.Clear();
            }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add([.. row]); }
        return rows;
    }
}
