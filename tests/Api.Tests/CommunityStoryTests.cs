using System.Text.Json;
using Es.Api.Accounts;
using Es.Api.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests;

/// <summary>Members sign up, post, like, comment and get verified; the feed shows what they did, at once.</summary>
public sealed class CommunityStoryTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Publish = """
        mutation($input: PublishPostInput!) { publishPost(input: $input) { id title likeCount author { handle } } }
        """;
    private const string Like = "mutation($id: ID!) { likePost(postId: $id) { likeCount likedByMe } }";
    private const string Feed = """
        query($region: String, $tag: String, $first: Int, $after: String, $order: FeedOrder) {
          feed(region: $region, tag: $tag, first: $first, after: $after, order: $order) {
            edges { cursor node { id title tags likeCount commentCount likedByMe author { handle verifiedProfessional } } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    [Fact]
    public async Task A_post_is_in_the_feed_on_the_next_query_with_one_like_per_member_however_often_they_like_it_and_its_comments()
    {
        var author = await api.SignUpAsync("story_author");
        var fan = await api.SignUpAsync("story_fan");
        var other = await api.SignUpAsync("story_other", region: "Busan Haeundae");

        var published = (await api.DataAsync(Publish, new { input = new { title = "Walk on Saturday", body = "Han river, 9am", region = "Seoul Mapo", tags = new[] { "walking" } } }, author.AccessToken))
            .GetProperty("publishPost");
        var postId = published.GetProperty("id").GetString()!;
        Assert.Equal("story_author", published.GetProperty("author").GetProperty("handle").GetString());

        // Read-your-writes: the very next query sees the post (the mutation waited for the projections).
        var feed = await FeedNodes(new { region = "Seoul Mapo" }, author.AccessToken);
        Assert.Contains(feed, p => p.GetProperty("id").GetString() == postId);

        var first = (await api.DataAsync(Like, new { id = postId }, fan.AccessToken)).GetProperty("likePost");
        var again = (await api.DataAsync(Like, new { id = postId }, fan.AccessToken)).GetProperty("likePost");
        await api.DataAsync(Like, new { id = postId }, other.AccessToken);
        Assert.Equal(1, first.GetProperty("likeCount").GetInt32());
        Assert.True(first.GetProperty("likedByMe").GetBoolean());
        Assert.Equal(1, again.GetProperty("likeCount").GetInt32());

        var comment = (await api.DataAsync("""mutation($id: ID!) { addComment(postId: $id, body: "I'll come!") { body author { handle } } }""", new { id = postId }, fan.AccessToken))
            .GetProperty("addComment");
        Assert.Equal("story_fan", comment.GetProperty("author").GetProperty("handle").GetString());

        var asFan = Single(await FeedNodes(new { tag = "walking" }, fan.AccessToken), postId);
        Assert.Equal(2, asFan.GetProperty("likeCount").GetInt32());
        Assert.Equal(1, asFan.GetProperty("commentCount").GetInt32());
        Assert.True(asFan.GetProperty("likedByMe").GetBoolean());
        var asAuthor = Single(await FeedNodes(new { tag = "walking" }, author.AccessToken), postId);
        Assert.False(asAuthor.GetProperty("likedByMe").GetBoolean());
        var anonymous = Single(await FeedNodes(new { tag = "walking" }, null), postId);
        Assert.False(anonymous.GetProperty("likedByMe").GetBoolean());

        await api.DataAsync("mutation($id: ID!) { unlikePost(postId: $id) { likeCount } }", new { id = postId }, fan.AccessToken);
        Assert.Equal(1, Single(await FeedNodes(new { tag = "walking" }, fan.AccessToken), postId).GetProperty("likeCount").GetInt32());

        var comments = await api.DataAsync("query($id: ID!) { post(id: $id) { comments { nodes { body } } } }", new { id = postId });
        Assert.Equal(["I'll come!"], comments.GetProperty("post").GetProperty("comments").GetProperty("nodes").EnumerateArray().Select(c => c.GetProperty("body").GetString()));
    }

    [Fact]
    public async Task An_approved_professional_shows_the_badge_on_posts_written_before_the_approval()
    {
        var doctor = await api.SignUpAsync("story_doctor");
        var admin = await api.SignUpAsync("story_admin");
        await api.Host.Services.GetRequiredService<AccountStore>().SetRolesAsync(Guid.Parse(admin.Id), [EsRoles.Administrator], default);
        var adminToken = (await api.DataAsync("""mutation { signIn(email: "story_admin@test.es", password: "correct horse battery") { accessToken } }"""))
            .GetProperty("signIn").GetProperty("accessToken").GetString();

        var post = (await api.DataAsync(Publish, new { input = new { title = "Reading your glucose", body = "A guide", region = "Seoul Mapo", tags = new[] { "badge-test" } } }, doctor.AccessToken))
            .GetProperty("publishPost").GetProperty("id").GetString()!;
        Assert.False(Author(Single(await FeedNodes(new { tag = "badge-test" }, null), post)).GetProperty("verifiedProfessional").GetBoolean());

        await api.DataAsync("""mutation { requestProfessionalVerification(profession: "Endocrinologist", documentReference: "KMA-1") { verification } }""", token: doctor.AccessToken);
        var notAdmin = await api.GraphQLAsync("mutation($id: ID!) { approveProfessionalVerification(memberId: $id) { id } }", new { id = doctor.Id }, doctor.AccessToken);
        Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(notAdmin)));
        var approved = await api.DataAsync("mutation($id: ID!) { approveProfessionalVerification(memberId: $id) { verifiedProfessional profession } }", new { id = doctor.Id }, adminToken);
        Assert.Equal("Endocrinologist", approved.GetProperty("approveProfessionalVerification").GetProperty("profession").GetString());

        Assert.True(Author(Single(await FeedNodes(new { tag = "badge-test" }, null), post)).GetProperty("verifiedProfessional").GetBoolean());
    }

    [Fact]
    public async Task Feed_pages_follow_their_cursors_without_skipping_or_repeating_posts_even_when_new_posts_arrive()
    {
        var author = await api.SignUpAsync("story_pager");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((await api.DataAsync(Publish, new { input = new { title = $"Post {i}", body = "b", region = "Seoul Mapo", tags = new[] { "paging" } } }, author.AccessToken))
                .GetProperty("publishPost").GetProperty("id").GetString()!);

        var page1 = (await api.DataAsync(Feed, new { tag = "paging", first = 2 })).GetProperty("feed");
        Assert.True(page1.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        await api.DataAsync(Publish, new { input = new { title = "Late post", body = "b", region = "Seoul Mapo", tags = new[] { "paging" } } }, author.AccessToken);
        var page2 = (await api.DataAsync(Feed, new { tag = "paging", first = 2, after = page1.GetProperty("pageInfo").GetProperty("endCursor").GetString() })).GetProperty("feed");
        var page3 = (await api.DataAsync(Feed, new { tag = "paging", first = 2, after = page2.GetProperty("pageInfo").GetProperty("endCursor").GetString() })).GetProperty("feed");
        Assert.False(page3.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        var seen = new[] { page1, page2, page3 }.SelectMany(p => p.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()!)).ToList();
        ids.Reverse(); // newest first
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task Most_liked_order_puts_the_post_with_more_likes_first()
    {
        var author = await api.SignUpAsync("story_popular");
        var fans = new[] { await api.SignUpAsync("story_fan1"), await api.SignUpAsync("story_fan2") };
        var older = (await api.DataAsync(Publish, new { input = new { title = "Older, liked twice", body = "b", region = "Seoul Mapo", tags = new[] { "liked" } } }, author.AccessToken))
            .GetProperty("publishPost").GetProperty("id").GetString()!;
        var newer = (await api.DataAsync(Publish, new { input = new { title = "Newer, liked once", body = "b", region = "Seoul Mapo", tags = new[] { "liked" } } }, author.AccessToken))
            .GetProperty("publishPost").GetProperty("id").GetString()!;
        foreach (var fan in fans) await api.DataAsync(Like, new { id = older }, fan.AccessToken);
        await api.DataAsync(Like, new { id = newer }, fans[0].AccessToken);

        var newest = await FeedNodes(new { tag = "liked" }, null);
        var mostLiked = await FeedNodes(new { tag = "liked", order = "MOST_LIKED" }, null);
        Assert.Equal([newer, older], newest.Select(p => p.GetProperty("id").GetString()));
        Assert.Equal([older, newer], mostLiked.Select(p => p.GetProperty("id").GetString()));
    }

    private async Task<JsonElement[]> FeedNodes(object variables, string? token) =>
        (await api.DataAsync(Feed, variables, token)).GetProperty("feed").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToArray();

    private static JsonElement Single(JsonElement[] nodes, string id) => Assert.Single(nodes, n => n.GetProperty("id").GetString() == id);

    private static JsonElement Author(JsonElement post) => post.GetProperty("author");
}
