using System.Diagnostics;

namespace Es.Api.Bench;

/// <summary>A member signed up through the API, with the access token it was given.</summary>
internal sealed record BenchMember(Guid Id, string Handle, string Token);

/// <summary>How much data the bench makes before it measures.</summary>
/// <param name="Members">Members signed up.</param>
/// <param name="Posts">Posts published, round robin over the members, all in <see cref="Seed.Region"/>.</param>
/// <param name="Likers">The first this many members like posts while seeding (the feed's viewer is the first); the others are left for the like load.</param>
/// <param name="LikedPosts">The most recently published this many posts get likes from the likers (each liker a third of them).</param>
/// <param name="Comments">Comments, on every other one of the most recent posts.</param>
internal sealed record SeedPlan(int Members, int Posts, int Likers, int LikedPosts, int Comments);

/// <summary>What seeding made: the members, and the post ids in the order they were published.</summary>
internal sealed record SeedData(BenchMember[] Members, Guid[] Posts, int Likes, int Comments);

/// <summary>
/// Seeds the host through its GraphQL API only: signUp, publishPost, likePost, addComment, many at a
/// time. Each mutation answers once the served read models have applied it (read-your-writes).
/// </summary>
internal static class Seed
{
    public const string Region = "Seoul Mapo";

    private static readonly string[] Tags = ["diabetes", "walking", "diet", "sleep", "blood-pressure", "knees", "recipes", "caregiving"];

    private const string SignUp = "mutation SignUp($input: SignUpInput!) { signUp(input: $input) { memberId accessToken } }";
    private const string Publish = "mutation Publish($input: PublishPostInput!) { publishPost(input: $input) { id } }";
    private const string Like = "mutation Like($postId: ID!) { likePost(postId: $postId) { id likeCount } }";
    private const string Comment = "mutation Comment($postId: ID!, $body: String!) { addComment(postId: $postId, body: $body) { id } }";

    public static async Task<SeedData> RunAsync(ApiClient api, SeedPlan plan, int parallelism)
    {
        var clock = Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };

        var members = new BenchMember[plan.Members];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Members), options, async (i, ct) =>
        {
            var handle = $"bench_{i:D3}";
            var data = await api.DataAsync(SignUp, new
            {
                input = new
                {
                    email = $"{handle}@bench.es", password = "correct horse battery staple", handle, displayName = $"Bench member {i}",
                    region = Region, birthYear = 1950 + i % 25, conditionsOfInterest = new[] { Tags[i % Tags.Length] },
                },
            }, ct: ct);
            var s = data.GetProperty("signUp");
            members[i] = new BenchMember(Guid.Parse(s.GetProperty("memberId").GetString()!), handle, s.GetProperty("accessToken").GetString()!);
        });
        Console.Error.WriteLine($"  {plan.Members} members signed up ({clock.Elapsed.TotalSeconds:N1} s)");

        var posts = new Guid[plan.Posts];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Posts), options, async (i, ct) =>
        {
            var author = members[i % members.Length];
            var data = await api.DataAsync(Publish, new
            {
                input = new
                {
                    title = $"Walking after dinner, week {i}",
                    body = $"Post {i} by {author.Handle}. " + string.Concat(Enumerable.Repeat("Twenty minutes after dinner kept my numbers steadier. ", 5)),
                    region = Region,
                    tags = new[] { Tags[i % Tags.Length], Tags[(i / Tags.Length + 3) % Tags.Length] }.Distinct().ToArray(),
                },
            }, author.Token, ct);
            posts[i] = Guid.Parse(data.GetProperty("publishPost").GetProperty("id").GetString()!);
        });
        Console.Error.WriteLine($"  {plan.Posts} posts published ({clock.Elapsed.TotalSeconds:N1} s)");

        // Liker by liker, so the likes sent together go to different posts. Post by post (three
        // likers racing for one post's stream) the same likes took 422 s instead of 11-16 s: see
        // docs/benchmarks.md, "Es API under load".
        var likes = (from m in Enumerable.Range(0, plan.Likers)
                     from p in Enumerable.Range(plan.Posts - plan.LikedPosts, plan.LikedPosts)
                     where (p + m) % 3 == 0
                     select (Post: posts[p], Member: members[m])).ToArray();
        var comments = Enumerable.Range(0, plan.Comments)
            .Select(j => (Post: posts[plan.Posts - 1 - 2 * j % plan.Posts], Member: members[j % members.Length])).ToArray();
        var work = likes.Select(l => (l.Post, l.Member, Comment: (string?)null))
            .Concat(comments.Select((c, j) => (c.Post, c.Member, Comment: (string?)$"Thanks, trying this too ({j}).")));
        await Parallel.ForEachAsync(work, options, async (w, ct) =>
        {
            if (w.Comment is null) await api.DataAsync(Like, new { postId = w.Post }, w.Member.Token, ct);
            else await api.DataAsync(Comment, new { postId = w.Post, body = w.Comment }, w.Member.Token, ct);
        });
        Console.Error.WriteLine($"  {likes.Length} likes and {comments.Length} comments ({clock.Elapsed.TotalSeconds:N1} s)");
        return new SeedData(members, posts, likes.Length, comments.Length);
    }
}
