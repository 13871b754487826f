using System.Runtime.CompilerServices;
using Es.GraphQL.Types;

namespace Es.GraphQL.Conformance;

/// <summary>The per-request context of resolvers.mjs: <c>{counter}</c>, a 64-bit integer so it can leave the Int range.</summary>
public sealed class CounterContext(long counter) : RequestContext
{
    public long Counter { get; set; } = counter;
}

/// <summary>
/// The resolvers of resolvers.mjs in C#, by "Type.field", shared by both ways of building the
/// schema so that they differ only in how the type system is declared. Each one follows the
/// README's "Resolver contract"; fields not listed use the default resolver (the record's
/// property of the same name). Arguments are read as graphql-js hands them over: absent and
/// null both read as null except where the contract says otherwise.
/// </summary>
public sealed class ConformanceResolvers
{
    private readonly ConformanceData _data;
    private readonly Dictionary<string, FieldResolver> _fields = [];
    private readonly Dictionary<string, Func<ResolveFieldContext, IAsyncEnumerable<object?>>> _subscriptions = [];

    public ConformanceResolvers(ConformanceData data)
    {
        _data = data;
        AddQuery();
        AddMutation();
        AddSubscription();
        AddObjects();
    }

    /// <summary>Every "Type.field" that has a resolver, so a schema can check it has all of them.</summary>
    public IEnumerable<string> Coordinates => _fields.Keys.Concat(_subscriptions.Keys).Distinct();

    public FieldResolver? Field(string type, string field) => _fields.GetValueOrDefault($"{type}.{field}");

    /// <summary>A subscription field's source stream; it throws, before any stream exists, when the arguments are refused.</summary>
    public Func<ResolveFieldContext, IAsyncEnumerable<object?>>? Subscription(string type, string field) =>
        _subscriptions.GetValueOrDefault($"{type}.{field}");

    /// <summary>The abstract types' resolveType: the record's own <c>__typename</c>.</summary>
    public static string? TypeName(object value) => value is Record record ? record.GetValueOrDefault("__typename") as string : null;

    private void Sync(string coordinate, Func<ResolveFieldContext, object?> resolve) =>
        _fields.Add(coordinate, context => new ValueTask<object?>(resolve(context)));

    // The async resolvers of resolvers.mjs always answer later (an async function returns a promise
    // even when it awaits nothing), so these yield when they have nothing else to await: the engine
    // really has to await them, as graphql-js does.
    private void Async(string coordinate, FieldResolver resolve) => _fields.Add(coordinate, resolve);

    private void AddQuery()
    {
        Sync("Query.node", c => FindNode((string)c.Arguments["id"]!));
        Sync("Query.nodes", c => List(c.Arguments["ids"]).Select(id => FindNode((string)id!)).ToArray());
        Sync("Query.user", c => User(c.Arguments["id"]));
        Sync("Query.userBy", c => FindUserByRef(Map(c.Arguments["ref"])!));
        Sync("Query.users", c =>
        {
            IEnumerable<Record> users = c.Arguments["ids"] is { } ids
                ? List(ids).Select(User).OfType<Record>()
                : _data.Users;
            if (c.Arguments["role"] is string role) users = users.Where(u => Equals(u["role"], role));
            if (c.Arguments["roles"] is { } roles) users = users.Where(u => List(roles).Contains(u["role"]));
            return TakeFirst(users.ToArray(), c.Arguments["first"]);
        });
        Sync("Query.post", c => Post(c.Arguments["id"]));
        Sync("Query.posts", c => SortPosts(ApplyPostFilter(_data.Posts, Map(c.Arguments["filter"])), c.Arguments["sort"]));
        Sync("Query.resources", _ => _data.Posts);
        Sync("Query.search", c =>
        {
            var by = Map(c.Arguments["by"])!;
            IEnumerable<Record> found = [];
            if (by.TryGetValue("text", out var text))
            {
                var part = (string)text!;
                found = _data.Users.Where(u => Contains(u["name"], part))
                    .Concat(_data.Posts.Where(p => Contains(p["title"], part)))
                    .Concat(_data.Comments.Where(k => Contains(k["text"], part)));
            }
            else if (by.TryGetValue("tag", out var tag))
            {
                found = _data.Posts.Where(p => List(p["tags"]).Contains(tag));
            }
            else if (by.TryGetValue("author", out var authorRef))
            {
                var author = FindUserByRef(Map(authorRef)!);
                found = author is null
                    ? []
                    : _data.Posts.Where(p => Equals(p["authorId"], author["id"])).Concat(_data.Comments.Where(k => Equals(k["authorId"], author["id"])));
            }
            else if (by.TryGetValue("kinds", out var kinds))
            {
                found = List(kinds).SelectMany(kind => kind switch
                {
                    "USER" => _data.Users,
                    "POST" => _data.Posts,
                    _ => _data.Comments,
                });
            }
            return TakeFirst(found.ToArray(), c.Arguments["limit"], "limit");
        });
        Sync("Query.animals", _ => _data.Pets);
        Sync("Query.pets", c => c.Arguments["names"] is { } names
            ? _data.Pets.Where(p => List(names).Contains(p["name"])).ToArray()
            : _data.Pets);
        Sync("Query.scalars", _ => _data.Scalars);
        Sync("Query.echo", c => c.Arguments.Values);
        Sync("Query.echoRequired", c => c.Arguments.Values);
        Sync("Query.echoRole", c => c.Arguments["role"]);
        Sync("Query.echoDateTime", c => c.Arguments["value"]);
        Sync("Query.echoDecimal", c => c.Arguments["value"]);
        Sync("Query.echoUuid", c => c.Arguments["value"]);
        Sync("Query.echoJson", c => c.Arguments["value"]);
        Sync("Query.echoList", c => c.Arguments["values"]);
        Async("Query.delayed", static async c =>
        {
            if (c.Arguments["ms"] is int ms && ms > 0) await Task.Delay(ms, c.CancellationToken);
            else await Task.Yield();
            return c.Arguments["value"];
        });
        Sync("Query.counter", c => c.RequestAs<CounterContext>().Counter);
        Sync("Query.faults", _ => Empty());
        Sync("Query.strictFaults", _ => Empty());
        Sync("Query.mustFail", _ => throw new GraphQLError("Fault: root"));
        Sync("Query.now", _ => _data.Now);
    }

    private void AddMutation()
    {
        Async("Mutation.increment", static async c =>
        {
            var delay = c.Arguments["delayMs"] as int? ?? 0;
            if (delay > 0) await Task.Delay(delay, c.CancellationToken);
            var context = c.RequestAs<CounterContext>();
            context.Counter += (int)c.Arguments["by"]!;
            var counter = context.Counter;
            // Without a delay the counter still changes at once, but the answer comes later, as an async function's does.
            if (delay <= 0) await Task.Yield();
            return counter;
        });
        Sync("Mutation.setCounter", c => c.RequestAs<CounterContext>().Counter = (int)c.Arguments["value"]!);
        Sync("Mutation.readCounter", c => c.RequestAs<CounterContext>().Counter);
        Sync("Mutation.createPost", c =>
        {
            var context = c.RequestAs<CounterContext>();
            context.Counter += 1;
            var input = Map(c.Arguments["input"])!;
            return new Dictionary<string, object?>
            {
                ["__typename"] = "Post",
                ["id"] = $"new-{context.Counter}",
                ["createdAt"] = input.GetValueOrDefault("publishedAt") ?? _data.Now,
                ["title"] = input.GetValueOrDefault("title"),
                ["body"] = input.GetValueOrDefault("body"),
                ["authorId"] = input.GetValueOrDefault("authorId"),
                ["tags"] = input.GetValueOrDefault("tags"),
                ["commentIds"] = Array.Empty<object?>(),
                ["rating"] = null,
                ["status"] = input.GetValueOrDefault("status") ?? "DRAFT",
                ["price"] = input.GetValueOrDefault("price"),
            };
        });
        Sync("Mutation.failingIncrement", FailingIncrement);
        Sync("Mutation.strictFailingIncrement", FailingIncrement);

        static object? FailingIncrement(ResolveFieldContext c)
        {
            c.RequestAs<CounterContext>().Counter += 100;
            throw new GraphQLError("Fault: mutation");
        }
    }

    private void AddSubscription()
    {
        // The subscribe resolvers check their arguments before the stream exists, so a bad
        // argument fails the subscription itself (graphql-js: the subscribe function throws).
        _subscriptions.Add("Subscription.counted", c =>
        {
            var to = (int)c.Arguments["to"]!;
            if (to < 0) throw new GraphQLError("to must not be negative.");
            return Stream(Enumerable.Range(1, to).Cast<object?>());
        });
        _subscriptions.Add("Subscription.postPublished", c =>
        {
            var tag = c.Arguments["tag"];
            var posts = _data.Posts.Where(p => Equals(p["status"], "PUBLISHED") && (tag is null || List(p["tags"]).Contains(tag)));
            return Stream(posts);
        });
        _subscriptions.Add("Subscription.events", c =>
        {
            var count = c.Arguments["count"] as int? ?? 0;
            if (count < 0) throw new GraphQLError("count must not be negative.");
            var events = Enumerable.Range(1, count).Select(n => (object?)new Dictionary<string, object?> { ["n"] = n });
            return Stream(events);
        });
        // Each event's payload is the root field's value.
        foreach (var field in new[] { "counted", "postPublished", "events" })
            Sync($"Subscription.{field}", c => c.Source);
    }

    private void AddObjects()
    {
        Sync("Event.value", c =>
        {
            var n = (int)Source(c)["n"]!;
            return n == 2 ? throw new GraphQLError("Fault: event 2") : $"event {n}";
        });

        Sync("User.friends", c =>
        {
            var ids = List(Source(c)["friendIds"]);
            if (c.Arguments["after"] is { } after)
            {
                var at = Array.IndexOf(ids, after);
                ids = at < 0 ? [] : ids[(at + 1)..];
            }
            return TakeFirst(ids.Select(User).OfType<Record>().ToArray(), c.Arguments["first"]);
        });
        Async("User.bestFriend", async c =>
        {
            await Task.Yield();
            return User(Source(c)["bestFriendId"]);
        });
        Sync("User.posts", c =>
        {
            var user = Source(c);
            var own = _data.Posts.Where(p => Equals(p["authorId"], user["id"]));
            return SortPosts(ApplyPostFilter(own, Map(c.Arguments["filter"])), c.Arguments["sort"]);
        });
        Sync("User.pets", c => Source(c)["petKeys"] is { } keys
            ? List(keys).Select(k => (object?)_data.PetsByKey.GetValueOrDefault((string)k!)).ToArray()
            : null);
        Sync("User.nickname", c => Source(c)["nickname"] ?? c.Arguments["fallback"]);

        Sync("Post.url", c =>
        {
            var id = Source(c)["id"];
            return c.Arguments["absolute"] is true ? $"{_data.BaseUrl}posts/{id}" : $"/posts/{id}";
        });
        Async("Post.author", async c =>
        {
            await Task.Yield();
            return User(Source(c)["authorId"]);
        });
        Sync("Post.comments", c => Source(c)["commentIds"] is { } ids
            ? List(ids).Select(id => _data.CommentsById.GetValueOrDefault((string)id!)).OfType<Record>().ToArray()
            : null);

        Sync("Comment.author", c => User(Source(c)["authorId"]));
        Sync("Comment.post", c => Post(Source(c)["postId"]));
        Sync("Dog.owner", c => User(Source(c)["ownerId"]));
        Sync("Cat.owner", c => User(Source(c)["ownerId"]));

        Sync("Faults.plain", _ => throw new GraphQLError("Fault: plain"));
        Sync("Faults.nonNull", _ => throw new GraphQLError("Fault: non-null"));
        Sync("Faults.nullReturned", _ => null);
        Async("Faults.async", static async _ =>
        {
            await Task.Yield();
            throw new GraphQLError("Fault: async");
        });
        Sync("Faults.items", _ => FaultItems());
        Sync("Faults.nullableItems", _ => FaultItems());
        Sync("Faults.strictItems", _ => FaultItems());
        Sync("Faults.child", _ => Empty());
        Sync("Faults.maybeChild", _ => Empty());
        Sync("Faults.nullInList", _ => new object?[] { "a", null, "c" });
        Sync("Faults.wrongType", _ => "not a number");

        Sync("FaultItem.value", c =>
        {
            var index = (int)Source(c)["index"]!;
            return index == 1 ? throw new GraphQLError("Fault: item 1") : $"item {index}";
        });
        Sync("FaultItem.required", c =>
        {
            var index = (int)Source(c)["index"]!;
            return index == 1 ? throw new GraphQLError("Fault: required 1") : $"required {index}";
        });
    }

    private static Record Source(ResolveFieldContext context) => (Record)context.Source!;

    private static Record? Map(object? value) => value as Record;

    private static object?[] List(object? value) => value switch
    {
        object?[] items => items,
        System.Collections.IEnumerable items and not string => items.Cast<object?>().ToArray(),
        _ => throw new InvalidOperationException($"Expected a list, got {value?.GetType().Name ?? "null"}."),
    };

    private static bool Contains(object? text, string part) => text is string s && s.Contains(part, StringComparison.Ordinal);

    private static Dictionary<string, object?> Empty() => [];

    private static object?[] FaultItems() =>
        [.. Enumerable.Range(0, 3).Select(i => new Dictionary<string, object?> { ["index"] = i })];

    private Record? User(object? id) => id is string key ? _data.UsersById.GetValueOrDefault(key) : null;

    private Record? Post(object? id) => id is string key ? _data.PostsById.GetValueOrDefault(key) : null;

    private Record? FindNode(string id) =>
        _data.UsersById.GetValueOrDefault(id) ?? _data.PostsById.GetValueOrDefault(id) ?? _data.CommentsById.GetValueOrDefault(id);

    /// <summary>A @oneOf UserRef: exactly one key is present.</summary>
    private Record? FindUserByRef(Record reference)
    {
        if (reference.TryGetValue("id", out var id)) return User(id);
        if (reference.TryGetValue("email", out var email)) return _data.Users.FirstOrDefault(u => Equals(u["email"], email));
        if (reference.TryGetValue("name", out var name)) return _data.Users.FirstOrDefault(u => Equals(u["name"], name));
        return null;
    }

    private static Record[] TakeFirst(Record[] list, object? first, string argumentName = "first")
    {
        if (first is not int count) return list;
        if (count < 0) throw new GraphQLError($"{argumentName} must not be negative.");
        return list.Take(count).ToArray();
    }

    private IEnumerable<Record> ApplyPostFilter(IEnumerable<Record> posts, Record? filter)
    {
        if (filter is null) return posts;
        return posts.Where(p =>
        {
            if (filter.GetValueOrDefault("published") is bool published && Equals(p["status"], "PUBLISHED") != published) return false;
            if (filter.GetValueOrDefault("minRating") is { } minRating
                && (p["rating"] is null || Convert.ToDouble(p["rating"], System.Globalization.CultureInfo.InvariantCulture) < Convert.ToDouble(minRating, System.Globalization.CultureInfo.InvariantCulture)))
                return false;
            if (filter.GetValueOrDefault("tags") is { } tags && !List(tags).All(t => List(p["tags"]).Contains(t))) return false;
            if (filter.GetValueOrDefault("status") is { } status && !Equals(p["status"], status)) return false;
            if (filter.GetValueOrDefault("author") is { } authorRef)
            {
                var author = FindUserByRef(Map(authorRef)!);
                if (author is null || !Equals(p["authorId"], author["id"])) return false;
            }
            return true;
        });
    }

    // Array.sort is stable and DESC reverses the ascending order, as resolvers.mjs does.
    private static Record[] SortPosts(IEnumerable<Record> posts, object? sort)
    {
        var sorted = posts.OrderBy(p => (string)p["createdAt"]!, StringComparer.Ordinal).ToArray();
        if (Equals(sort, "DESC")) Array.Reverse(sorted);
        return sorted;
    }

    // An async generator, as in resolvers.mjs: each item is produced after yielding the thread.
    private static async IAsyncEnumerable<object?> Stream(IEnumerable<object?> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }
}
