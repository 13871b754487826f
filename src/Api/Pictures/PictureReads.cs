using Es.Projections;
using Npgsql;

namespace Es.Api.Pictures;

/// <summary>A picture as GraphQL's <c>Image</c> shows it.</summary>
public sealed record ImageView(string Hash, int Width, int Height);

/// <summary>
/// Members' photos and posts' images with their sizes: the hashes from the read models joined
/// with the uploads table, one statement for a whole level of a query (a feed page's posts, their
/// authors). The hashes are read as <c>to_jsonb(row) -&gt; 'photo_hash'</c> rather than as columns:
/// while a new build of version 2 is made beside a served version 1 (which has no such column),
/// readers get no pictures instead of an error, until the swap.
/// </summary>
public sealed class PictureReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog, UploadStore uploads)
{
    private readonly string _members = catalog.ViewName("members");
    private readonly string _posts = catalog.ViewName("posts");

    public async Task<IReadOnlyDictionary<Guid, ImageView>> PhotosAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT m.member_id, u.hash, u.width, u.height
            FROM {_members} m
            CROSS JOIN LATERAL (SELECT hash, width, height FROM {uploads.Table}
                                WHERE hash = to_jsonb(m) ->> 'photo_hash' ORDER BY created_at LIMIT 1) u
            WHERE m.member_id = ANY ($1)
            """);
        cmd.Parameters.AddWithValue(memberIds.ToArray());
        var found = new Dictionary<Guid, ImageView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found[r.GetGuid(0)] = new ImageView(r.GetString(1), r.GetInt32(2), r.GetInt32(3));
        return found;
    }

    /// <summary>Each post's images in the order they were attached; a post without any maps to an empty list.</summary>
    public async Task<IReadOnlyDictionary<Guid, ImageView[]>> PostImagesAsync(IReadOnlyList<Guid> postIds, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT p.post_id, u.hash, u.width, u.height
            FROM {_posts} p
            CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(to_jsonb(p) -> 'image_hashes', '[]'::jsonb)) WITH ORDINALITY AS i(hash, n)
            CROSS JOIN LATERAL (SELECT hash, width, height FROM {uploads.Table}
                                WHERE hash = i.hash ORDER BY created_at LIMIT 1) u
            WHERE p.post_id = ANY ($1)
            ORDER BY p.post_id, i.n
            """);
        cmd.Parameters.AddWithValue(postIds.ToArray());
        var found = postIds.Distinct().ToDictionary(id => id, _ => new List<ImageView>());
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) found[r.GetGuid(0)].Add(new ImageView(r.GetString(1), r.GetInt32(2), r.GetInt32(3)));
        return found.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }
}
