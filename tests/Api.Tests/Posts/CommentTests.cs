namespace Es.Api.Tests.Posts;

/// <summary>Only a comment's author edits or deletes it; the post's comments and count follow at once.</summary>
public sealed class CommentTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Comments = "query($id: ID!) { post(id: $id) { commentCount comments { nodes { id body editedAt } } } }";

    [Fact]
    public async Task A_stranger_is_refused_the_author_edits_then_deletes_and_the_post_counts_one_comment_fewer()
    {
        var author = await api.SignUpAsync("comment_post_author");
        var commenter = await api.SignUpAsync("comment_author");
        var postId = (await api.DataAsync("mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }",
            new { input = new { title = "Stretching", body = "Daily routine", region = "Seoul Mapo", tags = Array.Empty<string>() } }, author.AccessToken))
            .GetProperty("publishPost").GetProperty("id").GetString()!;
        const string Add = "mutation($id: ID!, $body: String!) { addComment(postId: $id, body: $body) { id } }";
        var kept = (await api.DataAsync(Add, new { id = postId, body = "Thanks!" }, commenter.AccessToken)).GetProperty("addComment").GetProperty("id").GetString()!;
        var commentId = (await api.DataAsync(Add, new { id = postId, body = "I do this every mornig" }, commenter.AccessToken)).GetProperty("addComment").GetProperty("id").GetString()!;
        const string Edit = "mutation($p: ID!, $c: ID!, $body: String!) { editComment(postId: $p, commentId: $c, body: $body) { body editedAt } }";
        const string Delete = "mutation($p: ID!, $c: ID!) { deleteComment(postId: $p, commentId: $c) }";

        // Even the post's author may not touch someone else's comment.
        var refused = ApiHost.SingleError(await api.GraphQLAsync(Edit, new { p = postId, c = commentId, body = "spam" }, author.AccessToken));
        Assert.Equal("FORBIDDEN", ApiHost.Code(refused));
        Assert.Equal("commentId", refused.GetProperty("extensions").GetProperty("field").GetString());
        Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Delete, new { p = postId, c = commentId }, author.AccessToken))));

        var edited = (await api.DataAsync(Edit, new { p = postId, c = commentId, body = "I do this every morning" }, commenter.AccessToken)).GetProperty("editComment");
        Assert.Equal("I do this every morning", edited.GetProperty("body").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, edited.GetProperty("editedAt").ValueKind);

        Assert.Equal(commentId, (await api.DataAsync(Delete, new { p = postId, c = commentId }, commenter.AccessToken)).GetProperty("deleteComment").GetString());
        var post = (await api.DataAsync(Comments, new { id = postId })).GetProperty("post");
        Assert.Equal(2 - 1, post.GetProperty("commentCount").GetInt32());
        Assert.Equal([kept], post.GetProperty("comments").GetProperty("nodes").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }
}
