using Npgsql;

namespace Es.Api.Bench;

/// <summary>
/// The SQL the API runs for the first page of a region's feed as a signed-in member, sent directly
/// with Npgsql: the page read (PostReads.FeedAsync: <c>first</c> + 1 rows, newest first), then
/// together, as the executor dispatches the two data loaders of the page's level, the authors batch
/// (MemberReads.ByIdsAsync) and the liked-by-me batch (PostReads.LikedByAsync). The same statements
/// and parameters, the same columns read into objects; no GraphQL, no HTTP, no JSON.
/// </summary>
internal sealed class RawFeed(NpgsqlDataSource dataSource, string postsView, string membersView, string likesView, string region, int first, Guid? viewer)
{
    private readonly string pageSql = "SELECT post_id, author_id, title, body, region, tags, published_at, edited_at, like_count, comment_count " +
        $"FROM {postsView} WHERE NOT deleted AND region = $1 ORDER BY published_at DESC, post_id DESC LIMIT $2";

    private readonly string authorsSql = "SELECT member_id, handle, display_name, region, conditions, registered_at, deactivated, verification, profession " +
        $"FROM {membersView} WHERE member_id = ANY ($1)";

    private readonly string likedSql = $"SELECT post_id FROM {likesView} WHERE member_id = $1 AND post_id = ANY ($2)";

    /// <summary>One page; returns its post ids, newest first.</summary>
    public async Task<Guid[]> RunAsync(CancellationToken ct)
    {
        var posts = new List<Post>(first + 1);
        await using (var cmd = dataSource.CreateCommand(pageSql))
        {
            cmd.Parameters.AddWithValue(region);
            cmd.Parameters.AddWithValue(first + 1);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                posts.Add(new Post(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<string[]>(5),
                    r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7), r.GetInt32(8), r.GetInt32(9)));
        }
        var page = posts.Take(first).ToArray();
        var authors = AuthorsAsync(page.Select(p => p.AuthorId).Distinct().ToArray(), ct);
        // An anonymous caller's likedByMe is false without a query.
        var liked = viewer is null ? Task.FromResult(new Dictionary<Guid, bool>()) : LikedAsync(page.Select(p => p.Id).ToArray(), ct);
        await Task.WhenAll(authors, liked);
        return page.Select(p => p.Id).ToArray();
    }

    private async Task<Dictionary<Guid, Member>> AuthorsAsync(Guid[] ids, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(authorsSql);
        cmd.Parameters.AddWithValue(ids);
        var found = new Dictionary<Guid, Member>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            found[r.GetGuid(0)] = new Member(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<string[]>(4),
                r.GetFieldValue<DateTimeOffset>(5), r.GetBoolean(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8));
        return found;
    }

    private async Task<Dictionary<Guid, bool>> LikedAsync(Guid[] postIds, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(likedSql);
        cmd.Parameters.AddWithValue(viewer!.Value);
        cmd.Parameters.AddWithValue(postIds);
        var liked = postIds.Distinct().ToDictionary(id => id, _ => false);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) liked[r.GetGuid(0)] = true;
        return liked;
    }

    private sealed record Post(Guid Id, Guid AuthorId, string Title, string Body, string Region, string[] Tags,
        DateTimeOffset PublishedAt, DateTimeOffset? EditedAt, int LikeCount, int CommentCount);

    private sealed record Member(Guid Id, string Handle, string DisplayName, string Region, string[] Conditions,
        DateTimeOffset RegisteredAt, bool Deactivated, string Verification, string? Profession);
}
