using System.Globalization;
using Es.Api.Schema;
using Es.Projections;
using Npgsql;

namespace Es.Api.Posts;

public sealed record PostView(Guid Id, Guid AuthorId, string Title, string Body, string Region, string[] Tags,
    DateTimeOffset PublishedAt, DateTimeOffset? EditedAt, int LikeCount, int CommentCount);

public sealed record CommentView(Guid Id, Guid PostId, Guid AuthorId, string Body, DateTimeOffset AddedAt, DateTimeOffset? EditedAt);

public enum FeedOrder { Newest, MostLiked }

/// <summary>Which posts a feed shows. <see cref="Condition"/> selects posts by authors who list that condition of interest.</summary>
public sealed record FeedFilter(string? Region = null, string? Tag = null, Guid? AuthorId = null, string? Condition = null,
    FeedOrder Order = FeedOrder.Newest, TimeSpan? Window = null, DateTimeOffset? Now = null);

/// <summary>
/// Reads of the feed read model. Pages are keyset pages over indexed orders (newest first:
/// published_at, post_id; most liked: like_count, published_at, post_id), so page 100 costs what page 1 does.
/// </summary>
public sealed class PostReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    private readonly string _posts = catalog.ViewName("posts");
    private readonly string _likes = catalog.ViewName("post_likes");
    private readonly string _comments = catalog.ViewName("post_comments");
    private readonly string _members = catalog.ViewName("members");

    private const string Columns = "post_id, author_id, title, body, region, tags, published_at, edited_at, like_count, comment_count";

    public async Task<Connection<PostView>> FeedAsync(FeedFilter filter, PageRequest page, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var where = new List<string> { "NOT deleted" };
        void Param(object value) => cmd.Parameters.AddWithValue(value);
        if (filter.Region is { } region) { Param(region); where.Add($"region = ${cmd.Parameters.Count}"); }
        if (filter.Tag is { } tag) { Param(new[] { tag }); where.Add($"tags @> ${cmd.Parameters.Count}"); }
        if (filter.AuthorId is { } author) { Param(author); where.Add($"author_id = ${cmd.Parameters.Count}"); }
        if (filter.Condition is { } condition)
        {
            Param(condition);
            where.Add($"author_id IN (SELECT member_id FROM {_members} WHERE ${cmd.Parameters.Count} = ANY (conditions))");
        }
        if (filter.Window is { } window)
        {
            Param((filter.Now ?? DateTimeOffset.UtcNow) - window);
            where.Add($"published_at >= ${cmd.Parameters.Count}");
        }
        var key = page.AfterKey;
        string order;
        if (filter.Order == FeedOrder.MostLiked)
        {
            order = "like_count DESC, published_at DESC, post_id DESC";
            if (key is [var likes, var at, var id])
            {
                Param(Cursors.Int(likes)); Param(Cursors.ParseTime(at)); Param(Cursors.Id(id));
                var n = cmd.Parameters.Count;
                where.Add($"(like_count, published_at, post_id) < (${n - 2}, ${n - 1}, ${n})");
            }
        }
        else
        {
            order = "published_at DESC, post_id DESC";
            if (key is [var at, var id])
            {
                Param(Cursors.ParseTime(at)); Param(Cursors.Id(id));
                var n = cmd.Parameters.Count;
                where.Add($"(published_at, post_id) < (${n - 1}, ${n})");
            }
        }
        Param(page.Fetch);
        cmd.CommandText = $"SELECT {Columns} FROM {_posts} WHERE {string.Join(" AND ", where)} ORDER BY {order} LIMIT ${cmd.Parameters.Count}";
        var rows = await ReadPostsAsync(cmd, ct);
        return rows.ToConnection(page, filter.Order == FeedOrder.MostLiked
            ? p => [p.LikeCount.ToString(CultureInfo.InvariantCulture), Cursors.Time(p.PublishedAt), p.Id.ToString()]
            : p => [Cursors.Time(p.PublishedAt), p.Id.ToString()]);
    }

    public async Task<IReadOnlyDictionary<Guid, PostView>> ByIdsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM {_posts} WHERE post_id = ANY ($1) AND NOT deleted");
        cmd.Parameters.AddWithValue(ids.ToArray());
        return (await ReadPostsAsync(cmd, ct)).ToDictionary(p => p.Id);
    }

    /// <summary>Which of <paramref name="postIds"/> the member likes: one statement for a whole feed page.</summary>
    public Task<IReadOnlyDictionary<Guid, bool>> LikedByAsync(Guid memberId, IReadOnlyList<Guid> postIds, CancellationToken ct) =>
        Keyset.FlagsAsync(dataSource, $"SELECT post_id FROM {_likes} WHERE member_id = $1 AND post_id = ANY ($2)", memberId, postIds, ct);

    /// <summary>A post's comments, newest first.</summary>
    public async Task<Connection<CommentView>> CommentsAsync(Guid postId, PageRequest page, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.Parameters.AddWithValue(postId);
        var after = page.AfterTimeAndId(cmd, "added_at", "comment_id", descending: true) is { } a ? " AND " + a : "";
        cmd.Parameters.AddWithValue(page.Fetch);
        cmd.CommandText = $"""
            SELECT comment_id, post_id, author_id, body, added_at, edited_at FROM {_comments}
            WHERE post_id = $1 AND NOT deleted{after} ORDER BY added_at DESC, comment_id DESC LIMIT ${cmd.Parameters.Count}
            """;
        var rows = new List<CommentView>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                rows.Add(ReadComment(r));
        return rows.ToConnection(page, c => [Cursors.Time(c.AddedAt), c.Id.ToString()]);
    }

    public async Task<CommentView?> CommentAsync(Guid commentId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT comment_id, post_id, author_id, body, added_at, edited_at FROM {_comments} WHERE comment_id = $1 AND NOT deleted");
        cmd.Parameters.AddWithValue(commentId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadComment(r) : null;
    }

    private static CommentView ReadComment(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5));

    private static async Task<List<PostView>> ReadPostsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<PostView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new PostView(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<string[]>(5),
                r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7), r.GetInt32(8), r.GetInt32(9)));
        return rows;
    }
}
