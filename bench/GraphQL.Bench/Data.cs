namespace Es.GraphQL.Bench;

/// <summary>The benchmark's in-memory data; js/bench.mjs builds exactly the same.</summary>
internal sealed record Member(string Handle, string DisplayName, string? Region);
internal sealed record Comment(string Id, string Body, string AuthorHandle);
internal sealed record Post(string Id, string Title, string Body, int Likes, string[] Tags, string AuthorHandle, Comment[] AllComments);

internal static class Data
{
    public static readonly Member[] Members = Enumerable.Range(0, 50)
        .Select(i => new Member($"m{i}", $"Member {i}", i % 3 == 0 ? null : $"region-{i % 7}")).ToArray();

    public static readonly Post[] Posts = Enumerable.Range(0, 200).Select(i => new Post(
        $"p{i}", $"Post {i}", $"Body of post {i}", i * 7 % 100, [$"t{i % 5}", $"t{(i + 1) % 5}"], $"m{i % 50}",
        Enumerable.Range(0, 5).Select(k => new Comment($"c{i}-{k}", $"Comment {k} on {i}", $"m{(i + k) % 50}")).ToArray())).ToArray();

    public static readonly Dictionary<string, Member> MemberByHandle = Members.ToDictionary(m => m.Handle);
    public static readonly Dictionary<string, Post> PostById = Posts.ToDictionary(p => p.Id);
    public static readonly Dictionary<string, Post[]> PostsByAuthor =
        Members.ToDictionary(m => m.Handle, m => Posts.Where(p => p.AuthorHandle == m.Handle).ToArray());
}

/// <summary>The resolvers over <see cref="Data"/>, shared by the engine benchmark and the HTTP benchmark's host.</summary>
internal static class BenchResolvers
{
    public static Types.FieldResolver? For(string type, string field) => (type, field) switch
    {
        ("Query", "post") => c => new(Data.PostById.GetValueOrDefault(c.Arguments.Get<string>("id"))),
        ("Query", "posts") => c => new(Data.Posts.Take(c.Arguments.Get<int>("first")).ToArray()),
        ("Query", "member") => c => new(Data.MemberByHandle.GetValueOrDefault(c.Arguments.Get<string>("handle"))),
        ("Post", "author") => c => new(Data.MemberByHandle[c.SourceAs<Post>().AuthorHandle]),
        ("Post", "comments") => c => new(c.SourceAs<Post>().AllComments.Take(c.Arguments.Get<int>("first")).ToArray()),
        ("Comment", "author") => c => new(Data.MemberByHandle[c.SourceAs<Comment>().AuthorHandle]),
        ("Member", "posts") => c => new(Data.PostsByAuthor[c.SourceAs<Member>().Handle]),
        _ => null,
    };
}
