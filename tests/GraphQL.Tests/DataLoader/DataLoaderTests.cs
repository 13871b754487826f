using System.Collections.Concurrent;
using Es.GraphQL.DataLoader;
using Es.GraphQL.Execution;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.DataLoader;

/// <summary>Per-request batching and caching of keyed loads: one batch per level, never one query per item.</summary>
public class DataLoaderTests
{
    private sealed record Post(int Id, int AuthorId);
    private sealed record Author(int Id, string Name, int[] FriendIds);

    private static readonly Post[] Posts = Enumerable.Range(1, 10).Select(i => new Post(i, i % 3)).ToArray();

    private static GraphQLSchema Schema(ConcurrentQueue<string> batches, bool awaitBeforeLoading = false) => new SchemaBuilder()
        .Object<Author>("Author", o => o
            .Field("name", "String!", a => a.Name)
            .Field("friends", "[Author!]!", f => f.ResolveAsync(async (a, ctx) =>
                await Authors(ctx, batches).LoadManyAsync(a.FriendIds))))
        .Object<Post>("Post", o => o
            .Field("id", "Int!", p => p.Id)
            .Field("author", "Author", f => f.ResolveAsync(async (p, ctx) =>
            {
                if (awaitBeforeLoading) await Task.Yield();
                return await Authors(ctx, batches).LoadAsync(p.AuthorId);
            })))
        .Query(q => q.Field("posts", "[Post!]!", _ => Posts))
        .Build();

    private static DataLoader<int, Author> Authors(ResolveFieldContext context, ConcurrentQueue<string> batches) =>
        context.Request.DataLoader<int, Author>("authors", (ids, _) =>
        {
            batches.Enqueue(string.Join(",", ids.Order()));
            IReadOnlyDictionary<int, Author> found = ids.ToDictionary(id => id, id => new Author(id, "A" + id, [(id + 1) % 3, (id + 2) % 3]));
            return Task.FromResult(found);
        });

    [Fact]
    public async Task Loads_of_one_level_go_out_as_one_batch_of_distinct_keys()
    {
        var batches = new ConcurrentQueue<string>();

        var result = await Executor.ExecuteAsync(Schema(batches), "{ posts { id author { name } } }", context: new RequestContext());

        Assert.Null(result.Errors);
        // One batch; a busy machine may let the fallback timer split it, but never load a key twice.
        Assert.Equal(["0", "1", "2"], batches.SelectMany(b => b.Split(',')).Order());
        Assert.Contains("\"author\":{\"name\":\"A1\"}", result.ToJson());
    }

    [Fact]
    public async Task Each_level_is_one_batch_and_cached_keys_are_not_loaded_again()
    {
        var batches = new ConcurrentQueue<string>();

        var result = await Executor.ExecuteAsync(Schema(batches), "{ posts { author { friends { name friends { name } } } } }", context: new RequestContext());

        Assert.Null(result.Errors);
        Assert.Equal(["0", "1", "2"], batches.SelectMany(b => b.Split(',')).Order());
    }

    [Fact]
    public async Task Loads_queued_after_other_awaits_are_still_dispatched()
    {
        var batches = new ConcurrentQueue<string>();

        var result = await Executor.ExecuteAsync(Schema(batches, awaitBeforeLoading: true), "{ posts { author { name } } }", context: new RequestContext());

        Assert.Null(result.Errors);
        Assert.Equal(10, result.Data!["posts"] is object?[] posts ? posts.Length : 0);
        Assert.True(batches.Count >= 1);
    }

    [Fact]
    public async Task A_failed_batch_fails_each_load_and_is_not_cached()
    {
        var calls = 0;
        var loader = new DataLoader<int, string>((keys, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("down");
            return Task.FromResult<IReadOnlyDictionary<int, string>>(keys.ToDictionary(k => k, k => "v" + k));
        });

        var first = loader.LoadAsync(1);
        loader.Dispatch();
        await Assert.ThrowsAsync<InvalidOperationException>(() => first);

        var second = loader.LoadAsync(1);
        loader.Dispatch();
        Assert.Equal("v1", await second);
    }

    [Fact]
    public async Task Missing_keys_load_as_null_and_primed_keys_are_not_loaded()
    {
        var requested = new List<int>();
        var loader = new DataLoader<int, string>((keys, _) =>
        {
            requested.AddRange(keys);
            return Task.FromResult<IReadOnlyDictionary<int, string>>(new Dictionary<int, string> { [1] = "one" });
        });
        loader.Prime(2, "two");

        var values = loader.LoadManyAsync([1, 2, 3]);
        loader.Dispatch();

        Assert.Equal(["one", "two", null], await values);
        Assert.Equal([1, 3], requested);
    }
}

public class DataLoaderAfterAsyncParentTests
{
    private sealed record Item(int Id);

    [Fact]
    public async Task Loads_queued_while_completing_an_async_parent_go_out_as_one_batch()
    {
        var batches = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var schema = new SchemaBuilder()
            .Object<Item>("Item", o => o.Field("label", "String", f => f.ResolveAsync((item, ctx) =>
                ctx.Request.DataLoader<int, string>("labels", (ids, _) =>
                {
                    batches.Enqueue(ids.Count);
                    return Task.FromResult<IReadOnlyDictionary<int, string>>(ids.ToDictionary(id => id, id => "L" + id));
                }).LoadAsync(item.Id))))
            .Query(q => q.Field("items", "[Item!]!", f => f.ResolveAsync(async (_, _) =>
            {
                await Task.Delay(5);
                return Enumerable.Range(1, 20).Select(i => new Item(i)).ToArray();
            })))
            .Build();

        var result = await Executor.ExecuteAsync(schema, "{ items { label } }", context: new RequestContext());

        Assert.Null(result.Errors);
        Assert.Equal(20, batches.Sum());
        Assert.True(batches.Count <= 2, $"{batches.Count} batches");
    }
}

public class DataLoaderSlowPassTests
{
    private sealed record Item(int Id);

    [Fact]
    public async Task A_level_that_takes_longer_than_the_safety_net_still_sends_one_batch()
    {
        var batches = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var schema = new SchemaBuilder()
            .Object<Item>("Item", o => o
                .Field("label", "String", f => f.ResolveAsync((item, ctx) =>
                    ctx.Request.DataLoader<int, string>("labels", (ids, _) =>
                    {
                        batches.Enqueue(ids.Count);
                        return Task.FromResult<IReadOnlyDictionary<int, string>>(ids.ToDictionary(id => id, id => "L" + id));
                    }).LoadAsync(item.Id)))
                // Synchronous work inside the same pass, as a thread-starved machine would stretch it:
                // 20 items × 10 ms = 200 ms, four times the 50 ms safety net.
                .Field("slow", "Int!", item => { Thread.Sleep(10); return item.Id; }))
            .Query(q => q.Field("items", "[Item!]!", _ => Enumerable.Range(1, 20).Select(i => new Item(i)).ToArray()))
            .Build();

        var result = await Executor.ExecuteAsync(schema, "{ items { label slow } }", context: new RequestContext());

        Assert.Null(result.Errors);
        Assert.Equal([20], batches);
    }
}
