using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Posts;

/// <summary>
/// The community feed: posts (with their like and comment counts kept on the row, so a feed page
/// is one indexed read), who liked what (for "liked by me"), and comments. A deleted post stays
/// as a row marked deleted, so its likes and comments are kept for audit but never served; so does a
/// deleted comment.
/// </summary>
public sealed class FeedProjection : Projection
{
    public const string Posts = "posts";
    public const string Likes = "post_likes";
    public const string Comments = "post_comments";

    public override string Name => "feed";

    /// <summary>2: comments can be edited and deleted (edited_at, deleted), posts.image_hashes (PostImagesAttached). A new build is made from the log beside the served one and swapped in.</summary>
    public override int Version => 2;

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "PostPublished", "PostEdited", "PostDeleted", "CommentAdded", "CommentEdited", "CommentDeleted", "PostLiked", "PostUnliked",
        "PostImagesAttached",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Posts, """
            post_id        uuid        PRIMARY KEY,
            author_id      uuid        NOT NULL,
            title          text        NOT NULL,
            body           text        NOT NULL,
            region         text        NOT NULL,
            tags           text[]      NOT NULL,
            published_at   timestamptz NOT NULL,
            edited_at      timestamptz,
            deleted        boolean     NOT NULL DEFAULT false,
            like_count     int         NOT NULL DEFAULT 0,
            comment_count  int         NOT NULL DEFAULT 0,
            image_hashes   text[]      NOT NULL DEFAULT '{}'
            """,
            "CREATE INDEX ON {table} (published_at DESC, post_id DESC) WHERE NOT deleted",
            "CREATE INDEX ON {table} (region, published_at DESC, post_id DESC) WHERE NOT deleted",
            "CREATE INDEX ON {table} (author_id, published_at DESC, post_id DESC) WHERE NOT deleted",
            "CREATE INDEX ON {table} USING gin (tags)"),
        new(Likes, """
            post_id    uuid        NOT NULL,
            member_id  uuid        NOT NULL,
            liked_at   timestamptz NOT NULL,
            PRIMARY KEY (post_id, member_id)
            """,
            "CREATE INDEX ON {table} (member_id)"),
        new(Comments, """
            comment_id  uuid        PRIMARY KEY,
            post_id     uuid        NOT NULL,
            author_id   uuid        NOT NULL,
            body        text        NOT NULL,
            added_at    timestamptz NOT NULL,
            edited_at   timestamptz,
            deleted     boolean     NOT NULL DEFAULT false
            """,
            "CREATE INDEX ON {table} (post_id, added_at DESC, comment_id DESC) WHERE NOT deleted"),
    ];

    public override IEnumerable<string> KeysOf(RecordedEvent e) => [e.Data switch
    {
        PostPublished p => p.PostId.ToString(),
        PostEdited p => p.PostId.ToString(),
        PostDeleted p => p.PostId.ToString(),
        CommentAdded p => p.PostId.ToString(),
        CommentEdited p => p.PostId.ToString(),
        CommentDeleted p => p.PostId.ToString(),
        PostLiked p => p.PostId.ToString(),
        PostUnliked p => p.PostId.ToString(),
        PostImagesAttached p => p.PostId.ToString(),
        var other => throw new ArgumentException($"feed does not handle {other.GetType().Name}"),
    }];

    private const string Publish = """
        INSERT INTO {posts} (post_id, author_id, title, body, region, tags, published_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (post_id) DO NOTHING
        """;
    private const string Edit = "UPDATE {posts} SET title = ?, body = ?, tags = ?, edited_at = ? WHERE post_id = ?";
    private const string Delete = "UPDATE {posts} SET deleted = true WHERE post_id = ?";
    private const string Comment = """
        WITH added AS (
            INSERT INTO {comments} (comment_id, post_id, author_id, body, added_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (comment_id) DO NOTHING RETURNING post_id)
        UPDATE {posts} SET comment_count = comment_count + 1 WHERE post_id IN (SELECT post_id FROM added)
        """;
    private const string EditComment = "UPDATE {comments} SET body = ?, edited_at = ? WHERE comment_id = ?";
    private const string DeleteComment = """
        WITH gone AS (UPDATE {comments} SET deleted = true WHERE comment_id = ? AND NOT deleted RETURNING post_id)
        UPDATE {posts} SET comment_count = comment_count - 1 WHERE post_id IN (SELECT post_id FROM gone)
        """;
    // The domain never records a second like by the same member, but counting from the rows
    // written keeps the count right even if a projection is fed an event twice.
    private const string Like = """
        WITH liked AS (
            INSERT INTO {likes} (post_id, member_id, liked_at) VALUES (?, ?, ?)
            ON CONFLICT (post_id, member_id) DO NOTHING RETURNING post_id)
        UPDATE {posts} SET like_count = like_count + 1 WHERE post_id IN (SELECT post_id FROM liked)
        """;
    private const string Unlike = """
        WITH unliked AS (DELETE FROM {likes} WHERE post_id = ? AND member_id = ? RETURNING post_id)
        UPDATE {posts} SET like_count = like_count - 1 WHERE post_id IN (SELECT post_id FROM unliked)
        """;

    // Appends only the hashes the row lacks, in the event's order: an event fed twice adds nothing.
    private const string AttachImages = """
        UPDATE {posts} SET image_hashes = image_hashes || ARRAY(
            SELECT h FROM unnest(?::text[]) WITH ORDINALITY AS a(h, n) WHERE h <> ALL (image_hashes) ORDER BY n)
        WHERE post_id = ?
        """;

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{posts}", batch.Table(Posts)).Replace("{likes}", batch.Table(Likes)).Replace("{comments}", batch.Table(Comments));
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case PostPublished e:
                    batch.Execute(S(Publish), e.PostId, e.AuthorId, e.Title, e.Body, e.Region, e.Tags.ToArray(), e.PublishedAt);
                    break;
                case PostEdited e:
                    batch.Execute(S(Edit), e.Title, e.Body, e.Tags.ToArray(), e.EditedAt, e.PostId);
                    break;
                case PostDeleted e:
                    batch.Execute(S(Delete), e.PostId);
                    break;
                case CommentAdded e:
                    batch.Execute(S(Comment), e.CommentId, e.PostId, e.AuthorId, e.Body, e.AddedAt);
                    break;
                case CommentEdited e:
                    batch.Execute(S(EditComment), e.Body, e.EditedAt, e.CommentId);
                    break;
                case CommentDeleted e:
                    batch.Execute(S(DeleteComment), e.CommentId);
                    break;
                case PostLiked e:
                    batch.Execute(S(Like), e.PostId, e.MemberId, e.LikedAt);
                    break;
                case PostUnliked e:
                    batch.Execute(S(Unlike), e.PostId, e.MemberId);
                    break;
                case PostImagesAttached e:
                    batch.Execute(S(AttachImages), e.ImageHashes.ToArray(), e.PostId);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
