using Es.Api.Members;
using Es.Api.Schema;
using Es.Domain;
using Es.GraphQL.Types;

namespace Es.Api.Posts;

/// <summary>Post, Comment, the feed, and the post, comment and like mutations.</summary>
public static class PostsSchema
{
    public static void Add(SchemaBuilder builder) => builder
        .Enum<FeedOrder>("FeedOrder")
        .Object<PostView>("Post", o => o
            .Description("A member's post, shown in a region's feed.")
            .Field("id", "ID!", p => p.Id.ToString())
            .Field("title", "String!", p => p.Title)
            .Field("body", "String!", p => p.Body)
            .Field("region", "String!", p => p.Region)
            .Field("tags", "[String!]!", p => p.Tags)
            .Field("publishedAt", "DateTime!", p => p.PublishedAt)
            .Field("editedAt", "DateTime", p => p.EditedAt)
            .Field("likeCount", "Int!", p => p.LikeCount)
            .Field("commentCount", "Int!", p => p.CommentCount)
            .Field("author", "Member", f => f.ResolveAsync((p, ctx) => ctx.LoadMember(p.AuthorId)))
            .Field("likedByMe", "Boolean!", f => f
                .Description("Whether the signed-in member likes this post; false for anonymous callers.")
                .ResolveAsync(async (p, ctx) => ctx.Caller().MemberId is { } me
                    && await ctx.Request.DataLoader<Guid, bool>("likedByMe", (ids, ct) => ctx.Service<PostReads>().LikedByAsync(me, ids, ct)).LoadAsync(p.Id)))
            .Field("comments", "CommentConnection!", f => f
                .Description("Newest first.")
                .Paged()
                .ResolveAsync((p, ctx) => ctx.Service<PostReads>().CommentsAsync(p.Id, ctx.Page(), ctx.CancellationToken))))
        .Object<CommentView>("Comment", o => o
            .Field("id", "ID!", c => c.Id.ToString())
            .Field("body", "String!", c => c.Body)
            .Field("addedAt", "DateTime!", c => c.AddedAt)
            .Field("editedAt", "DateTime", c => c.EditedAt)
            .Field("author", "Member", f => f.ResolveAsync((c, ctx) => ctx.LoadMember(c.AuthorId))))
        .Connection<PostView>("Post")
        .Connection<CommentView>("Comment")
        .InputObject("PublishPostInput", i => i
            .Field("title", "String!")
            .Field("body", "String!")
            .Field("region", "String!", description: "Where the post is shown; not necessarily your own region.")
            .Field("tags", "[String!]!", Array.Empty<string>())
            .Field("clientMutationId", "String", description: "Makes the mutation safe to retry: the same id again publishes nothing new.")
            .ToValue(v => v))
        .InputObject("EditPostInput", i => i
            .Field("postId", "ID!")
            .Field("title", "String!")
            .Field("body", "String!")
            .Field("tags", "[String!]!")
            .ToValue(v => v))
        .Query(q => q
            .Field("feed", "PostConnection!", f => f
                .Description("Posts, newest first or most liked; filtered by region, tag, author or condition of interest. Public.")
                .Argument("region", "String")
                .Argument("tag", "String")
                .Argument("authorId", "ID")
                .Argument("conditionOfInterest", "String", description: "Posts by members who list this condition of interest.")
                .Argument("order", "FeedOrder", FeedOrder.Newest)
                .Argument("windowDays", "Int", description: "Only posts of the last this many days (with MOST_LIKED: the most liked of that window).")
                .Paged()
                .ResolveAsync((_, ctx) => ctx.Service<PostReads>().FeedAsync(FilterOf(ctx), ctx.Page(), ctx.CancellationToken)))
            .Field("post", "Post", f => f
                .Argument("id", "ID!")
                .ResolveAsync(async (_, ctx) => (await ctx.Service<PostReads>().ByIdsAsync([ctx.Arguments.Get<Guid>("id")], ctx.CancellationToken)).Values.FirstOrDefault())))
        .Mutation(m => m
            .Field("publishPost", "Post", f => f
                .Argument("input", "PublishPostInput!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    var v = ctx.Arguments.Get<ArgumentValues>("input");
                    var clientId = v.GetOrDefault<string?>("clientMutationId", null);
                    var postId = clientId is null ? Guid.CreateVersion7() : NameBasedGuid.Create($"post:{me}:{clientId}");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new PublishPost(postId, v.Get<string>("title"), v.Get<string>("body"),
                        v.Get<string>("region"), v.GetList<string>("tags") ?? []), clientId);
                    return await PostAsync(ctx, postId);
                }))
            .Field("editPost", "Post", f => f
                .Description("Only the author edits a post.")
                .Argument("input", "EditPostInput!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var v = ctx.Arguments.Get<ArgumentValues>("input");
                    var postId = v.Get<Guid>("postId");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new EditPost(postId, v.Get<string>("title"), v.Get<string>("body"), v.GetList<string>("tags") ?? []));
                    return await PostAsync(ctx, postId);
                }))
            .Field("deletePost", "ID", f => f
                .Description("Only the author deletes a post. Returns the id of the deleted post.")
                .Argument("postId", "ID!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var postId = ctx.Arguments.Get<Guid>("postId");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new DeletePost(postId));
                    return postId.ToString();
                }))
            .Field("addComment", "Comment", f => f
                .Argument("postId", "ID!")
                .Argument("body", "String!")
                .Argument("clientMutationId", "String")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    var clientId = ctx.Arguments.GetOrDefault<string?>("clientMutationId", null);
                    var commentId = clientId is null ? Guid.CreateVersion7() : NameBasedGuid.Create($"comment:{me}:{clientId}");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new AddComment(ctx.Arguments.Get<Guid>("postId"), commentId, ctx.Arguments.Get<string>("body")), clientId);
                    return await ctx.Service<PostReads>().CommentAsync(commentId, ctx.CancellationToken);
                }))
            .Field("editComment", "Comment", f => f
                .Description("Only the comment's author edits it.")
                .Argument("postId", "ID!")
                .Argument("commentId", "ID!")
                .Argument("body", "String!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var commentId = ctx.Arguments.Id("commentId");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new EditComment(ctx.Arguments.Id("postId"), commentId, ctx.Arguments.Get<string>("body")));
                    return await ctx.Service<PostReads>().CommentAsync(commentId, ctx.CancellationToken);
                }))
            .Field("deleteComment", "ID", f => f
                .Description("Only the comment's author deletes it. Returns the id of the deleted comment.")
                .Argument("postId", "ID!")
                .Argument("commentId", "ID!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var commentId = ctx.Arguments.Id("commentId");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new DeleteComment(ctx.Arguments.Id("postId"), commentId));
                    return commentId.ToString();
                }))
            .Field("likePost", "Post", f => f
                .Description("Liking a post you like already changes nothing.")
                .Argument("postId", "ID!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var postId = ctx.Arguments.Get<Guid>("postId");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new LikePost(postId));
                    return await PostAsync(ctx, postId);
                }))
            .Field("unlikePost", "Post", f => f
                .Argument("postId", "ID!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var postId = ctx.Arguments.Get<Guid>("postId");
                    await ctx.Service<CommandSender>().SendAsync(ctx, new UnlikePost(postId));
                    return await PostAsync(ctx, postId);
                })));

    private static async Task<PostView?> PostAsync(ResolveFieldContext ctx, Guid postId) =>
        (await ctx.Service<PostReads>().ByIdsAsync([postId], ctx.CancellationToken)).GetValueOrDefault(postId);

    private static FeedFilter FilterOf(ResolveFieldContext ctx)
    {
        var a = ctx.Arguments;
        TimeSpan? window = null;
        if (a.TryGet<int>("windowDays", out var days))
            window = days is >= 1 and <= 366 ? TimeSpan.FromDays(days) : throw ApiErrors.Validation("WINDOW", "windowDays must be 1..366.", "windowDays");
        return new FeedFilter(a.GetOrDefault<string?>("region", null), a.GetOrDefault<string?>("tag", null),
            a.TryGet<Guid>("authorId", out var author) ? author : null, a.GetOrDefault<string?>("conditionOfInterest", null),
            a.Get<FeedOrder>("order"), window, ctx.Service<TimeProvider>().GetUtcNow());
    }
}
