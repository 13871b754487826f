using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Trends;

/// <summary>
/// Tag mentions per (tag, day): how many posts published that day mention the tag, by
/// <see cref="TagExtractor"/>. The day is the post's publication day in Seoul
/// (<see cref="CommunityCalendar"/>). An edit re-counts the post's tags on its publication day (tags it
/// dropped go down, tags it gained go up); a deleted post's mentions come off. A post→tags table
/// keeps what each post counts for, so edits and deletions know what to take back.
/// </summary>
public sealed class TrendsProjection : Projection
{
    public const string Mentions = "tag_mentions";
    public const string PostTags = "tag_posts";

    public override string Name => "trends";

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "PostPublished", "PostEdited", "PostDeleted",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Mentions, """
            tag       text NOT NULL,
            day       date NOT NULL,
            mentions  int  NOT NULL,
            PRIMARY KEY (tag, day)
            """,
            "CREATE INDEX ON {table} (day, mentions DESC)"),
        new(PostTags, """
            post_id  uuid    PRIMARY KEY,
            day      date    NOT NULL,
            tags     text[]  NOT NULL,
            deleted  boolean NOT NULL DEFAULT false
            """),
    ];

    /// <summary>
    /// A publication touches <c>tag:day</c> for each tag it mentions; every post event touches
    /// <c>post:id</c> (an edit or a deletion carries neither the publication day nor the old tags,
    /// so <c>explain trends post:ID</c> is where its history is).
    /// </summary>
    public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data switch
    {
        PostPublished p => TagExtractor.Extract(p.Title, p.Body, p.Tags).Select(t => Key(t, CommunityCalendar.DayOf(p.PublishedAt))).Append($"post:{p.PostId}"),
        PostEdited p => [$"post:{p.PostId}"],
        PostDeleted p => [$"post:{p.PostId}"],
        var other => throw new ArgumentException($"trends does not handle {other.GetType().Name}"),
    };

    public static string Key(string tag, DateOnly day) => $"{tag}:{day:yyyy-MM-dd}";

    // Tags never hold white space (TagExtractor takes letters, digits, '-', '_' and '$'), so a
    // post's tags go as one space-joined string per post and unnest stays one array per column.
    private const string Publish = """
        WITH input AS (
            SELECT DISTINCT ON (post_id) post_id, day::date AS day,
                   CASE WHEN joined = '' THEN '{}'::text[] ELSE string_to_array(joined, ' ') END AS tags
            FROM unnest(?::uuid[], ?::text[], ?::text[]) AS i(post_id, day, joined)),
        added AS (
            INSERT INTO {posts} (post_id, day, tags) SELECT post_id, day, tags FROM input
            ON CONFLICT (post_id) DO NOTHING RETURNING day, tags)
        INSERT INTO {mentions} AS m (tag, day, mentions)
        SELECT t, day, count(*) FROM added, unnest(tags) AS t GROUP BY t, day
        ON CONFLICT (tag, day) DO UPDATE SET mentions = m.mentions + EXCLUDED.mentions
        """;

    // The difference between the tags a post counted for and its edited ones, on its own day.
    private const string Edit = """
        WITH input AS (
            SELECT post_id, CASE WHEN joined = '' THEN '{}'::text[] ELSE string_to_array(joined, ' ') END AS tags
            FROM unnest(?::uuid[], ?::text[]) AS i(post_id, joined)),
        old AS (
            SELECT p.post_id, p.day, p.tags AS old_tags, i.tags AS new_tags
            FROM {posts} p JOIN input i USING (post_id) WHERE NOT p.deleted),
        moved AS (UPDATE {posts} p SET tags = o.new_tags FROM old o WHERE p.post_id = o.post_id),
        delta AS (
            SELECT t AS tag, day, -1 AS d FROM old, unnest(old_tags) AS t WHERE t <> ALL (new_tags)
            UNION ALL
            SELECT t, day, 1 FROM old, unnest(new_tags) AS t WHERE t <> ALL (old_tags))
        INSERT INTO {mentions} AS m (tag, day, mentions)
        SELECT tag, day, sum(d) FROM delta GROUP BY tag, day
        ON CONFLICT (tag, day) DO UPDATE SET mentions = m.mentions + EXCLUDED.mentions
        """;

    private const string Delete = """
        WITH gone AS (UPDATE {posts} SET deleted = true WHERE post_id = ANY (?) AND NOT deleted RETURNING day, tags),
        counts AS (SELECT t AS tag, day, count(*) AS n FROM gone, unnest(tags) AS t GROUP BY t, day)
        UPDATE {mentions} m SET mentions = m.mentions - c.n FROM counts c WHERE m.tag = c.tag AND m.day = c.day
        """;

    /// <summary>
    /// Three statements a page at most: publications, then each edited post's last edit, then
    /// deletions. The domain publishes a post before it edits or deletes it and never edits a
    /// deleted one, so this order gives what applying the events one by one would.
    /// </summary>
    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{posts}", batch.Table(PostTags)).Replace("{mentions}", batch.Table(Mentions));
        var published = new List<PostPublished>();
        var edited = new Dictionary<Guid, PostEdited>();
        var deleted = new List<Guid>();
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case PostPublished e: published.Add(e); break;
                case PostEdited e: edited[e.PostId] = e; break;
                case PostDeleted e: deleted.Add(e.PostId); break;
            }
        }
        if (published.Count > 0)
            batch.Execute(S(Publish),
                published.Select(p => p.PostId).ToArray(),
                published.Select(p => CommunityCalendar.DayOf(p.PublishedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                published.Select(p => string.Join(' ', TagExtractor.Extract(p.Title, p.Body, p.Tags))).ToArray());
        if (edited.Count > 0)
            batch.Execute(S(Edit),
                edited.Keys.ToArray(),
                edited.Values.Select(p => string.Join(' ', TagExtractor.Extract(p.Title, p.Body, p.Tags))).ToArray());
        if (deleted.Count > 0)
            batch.Execute(S(Delete), deleted.ToArray());
        return Task.CompletedTask;
    }
}
