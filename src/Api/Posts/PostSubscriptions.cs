using Es.Api.Schema;
using Es.Domain;
using Es.EventStore;
using Es.GraphQL.Types;

namespace Es.Api.Posts;

/// <summary>New posts in a region, as they are published: public, like the feed.</summary>
public static class PostSubscriptions
{
    private static readonly IReadOnlySet<string> Published = new HashSet<string>(StringComparer.Ordinal) { "PostPublished" };

    public static void Add(SchemaBuilder builder) => builder
        .Subscription(s => s
            .Field("postPublished", "Post!", f => f
                .Description("Each post published in the region from now on, as the feed shows it.")
                .Argument("region", "String!")
                .Subscribe(ctx =>
                {
                    var region = ctx.Arguments.Get<string>("region");
                    return ctx.Service<ServedEvents>().Subscribe(Published,
                        e => e.Data is PostPublished p && string.Equals(p.Region, region, StringComparison.OrdinalIgnoreCase), ctx.CancellationToken);
                })
                .ResolveAsync(async (e, ctx) =>
                {
                    var id = ((PostPublished)((RecordedEvent)e!).Data).PostId;
                    return (await ctx.Service<PostReads>().ByIdsAsync([id], ctx.CancellationToken)).GetValueOrDefault(id);
                })));
}
