using System.Collections.Concurrent;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Tests.Fixtures;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Execution;

/// <summary>Execution (spec section 6) of code-first schemas: async resolvers, ordering, errors, abstract types, cancellation, subscriptions.</summary>
public class ExecutorTests
{
    private static Task<ExecutionResult> Execute(GraphQLSchema schema, string query, Dictionary<string, object?>? variables = null,
        RequestContext? context = null, object? root = null) =>
        Executor.ExecuteAsync(new ExecutionRequest
        {
            Schema = schema,
            Document = Parser.Parse(new Source(query)),
            VariableValues = variables,
            Context = context ?? RequestContext.None,
            RootValue = root,
        }).AsTask();

    [Fact]
    public async Task Queries_resolve_sibling_fields_concurrently()
    {
        var started = 0;
        var bothStarted = new TaskCompletionSource();
        async Task<string> Slow(string value)
        {
            if (Interlocked.Increment(ref started) == 2) bothStarted.SetResult();
            await bothStarted.Task.WaitAsync(TimeSpan.FromSeconds(5));
            return value;
        }
        var schema = new SchemaBuilder()
            .Query(q => q
                .Field("a", "String", f => f.ResolveAsync((_, _) => Slow("A")))
                .Field("b", "String", f => f.ResolveAsync((_, _) => Slow("B"))))
            .Build();

        var result = await Execute(schema, "{ a b }");

        Assert.Equal("""{"data":{"a":"A","b":"B"}}""", result.ToJson());
    }

    [Fact]
    public async Task Mutations_run_their_root_fields_one_after_the_other()
    {
        var log = new ConcurrentQueue<string>();
        async Task<int> Step(string name, int delay)
        {
            log.Enqueue("start " + name);
            await Task.Delay(delay);
            log.Enqueue("end " + name);
            return delay;
        }
        var schema = new SchemaBuilder()
            .Query(q => q.Field("x", "Int"))
            .Mutation(m => m
                .Field("slow", "Int", f => f.ResolveAsync((_, _) => Step("slow", 30)))
                .Field("fast", "Int", f => f.ResolveAsync((_, _) => Step("fast", 1))))
            .Build();

        var result = await Execute(schema, "mutation { slow fast }");

        Assert.Equal("""{"data":{"slow":30,"fast":1}}""", result.ToJson());
        Assert.Equal(["start slow", "end slow", "start fast", "end fast"], log);
    }

    [Fact]
    public async Task A_resolver_exception_becomes_a_field_error_with_path_and_location_and_a_null_value()
    {
        var schema = new SchemaBuilder()
            .Query(q => q
                .Field("ok", "String", _ => "fine")
                .Field("boom", "String", f => f.ResolveAsync<string>(async (_, _) =>
                {
                    await Task.Yield();
                    throw new InvalidOperationException("It broke");
                })))
            .Build();

        var result = await Execute(schema, "{ ok boom }");

        Assert.Equal("""{"errors":[{"message":"It broke","locations":[{"line":1,"column":6}],"path":["boom"]}],"data":{"ok":"fine","boom":null}}""", result.ToJson());
        Assert.IsType<InvalidOperationException>(result.Errors![0].InnerException);
    }

    [Fact]
    public async Task A_GraphQLError_thrown_by_a_resolver_keeps_its_extensions()
    {
        var schema = new SchemaBuilder()
            .Query(q => q.Field("secret", "String", f => f.Resolve((_, _) =>
                throw new GraphQLError("Not allowed", extensions: new Dictionary<string, object?> { ["code"] = "FORBIDDEN" }))))
            .Build();

        var result = await Execute(schema, "{ secret }");

        Assert.Equal("""{"errors":[{"message":"Not allowed","locations":[{"line":1,"column":3}],"path":["secret"],"extensions":{"code":"FORBIDDEN"}}],"data":{"secret":null}}""", result.ToJson());
    }

    [Fact]
    public async Task Null_from_an_async_non_null_field_propagates_to_the_nearest_nullable_parent()
    {
        var schema = new SchemaBuilder()
            .Object("Item", o => o.Field("name", "String!", f => f.ResolveAsync(async (_, _) => { await Task.Yield(); return (string?)null; })))
            .Query(q => q.Field("items", "[Item]", _ => new object[] { 1, 2 }))
            .Build();

        var result = await Execute(schema, "{ items { name } }");

        Assert.Equal("""{"data":{"items":[null,null]}}""", ToJsonData(result));
        Assert.Equal(2, result.Errors!.Count);
        Assert.All(result.Errors, e => Assert.Equal("Cannot return null for non-nullable field Item.name.", e.Message));
    }

    // The sibling reports its error while the other field is still running, which graphql-js can
    // never see: it nulls the parent synchronously, before any sibling promise settles.
    [Fact]
    public async Task Errors_of_a_sibling_still_resolving_are_dropped_when_a_non_null_error_nulls_their_parent()
    {
        using var siblingFailing = new ManualResetEventSlim();
        // Released by "strict", so "slow" is certainly still pending when the executor walks past
        // it (with a timer it could finish first on a busy machine and count as reported in the walk).
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var schema = new SchemaBuilder()
            .Query(q => q
                .Field("slow", "String", f => f.ResolveAsync<string?>(async (_, _) =>
                {
                    await release.Task.ConfigureAwait(false);
                    siblingFailing.Set();
                    throw new GraphQLError("Sibling failed");
                }))
                .Field("strict", "String!", f => f.Resolve((_, _) =>
                {
                    release.SetResult();
                    siblingFailing.Wait(TimeSpan.FromSeconds(5));
                    Thread.Sleep(100);
                    return null;
                })))
            .Build();

        var result = await Execute(schema, "{ slow strict }");

        Assert.Null(result.Data);
        Assert.Equal(["Cannot return null for non-nullable field Query.strict."], result.Errors!.Select(e => e.Message));
    }

    [Fact]
    public async Task Errors_a_sibling_reported_before_it_went_async_are_kept_when_a_non_null_error_nulls_their_parent()
    {
        var later = new TaskCompletionSource();
        var schema = new SchemaBuilder()
            .Object("A", o => o
                .Field("sync", "String", f => f.Resolve((_, _) => throw new GraphQLError("A failed synchronously")))
                .Field("slow", "String", f => f.ResolveAsync<string?>(async (_, _) =>
                {
                    await later.Task;
                    throw new GraphQLError("A failed later");
                })))
            .Query(q => q
                .Field("a", "A", f => f.Resolve((_, _) => new object()))
                .Field("strict", "String!", f => f.Resolve((_, _) => null)))
            .Build();

        var result = await Execute(schema, "{ a { sync slow } strict }");
        later.SetResult();

        Assert.Null(result.Data);
        Assert.Equal(["A failed synchronously", "Cannot return null for non-nullable field Query.strict."], result.Errors!.Select(e => e.Message));
    }

    [Fact]
    public async Task Errors_of_list_items_still_resolving_are_dropped_when_a_non_null_item_nulls_the_list()
    {
        using var itemFailing = new ManualResetEventSlim();
        var schema = new SchemaBuilder()
            .Object("Item", o => o.Field("slow", "String", f => f.ResolveAsync<string?>(async (_, _) =>
            {
                await Task.Delay(1).ConfigureAwait(false);
                itemFailing.Set();
                throw new GraphQLError("Item failed");
            })))
            .Query(q => q.Field("items", "[Item!]", f => f.Resolve((_, _) => Items())))
            .Build();

        IEnumerable<object?> Items()
        {
            yield return new object();
            itemFailing.Wait(TimeSpan.FromSeconds(5));
            Thread.Sleep(100);
            yield return null;
        }

        var result = await Execute(schema, "{ items { slow } }");

        Assert.Equal("""{"data":{"items":null}}""", ToJsonData(result));
        var error = Assert.Single(result.Errors!);
        Assert.Equal("Cannot return null for non-nullable field Query.items.", error.Message);
        Assert.Equal(new object[] { "items", 1 }, error.Path);
    }

    private static string ToJsonData(ExecutionResult result) => new ExecutionResult(result.Data, null).ToJson();

    [Fact]
    public async Task Abstract_types_resolve_to_the_object_type_whose_clr_type_the_value_has()
    {
        var result = await Execute(EverythingSchema.Build(), """{ search(text: "x") { __typename ... on Post { title } ... on Member { name } } }""",
            root: null);
        var schema = new SchemaBuilder()
            .Object<Post>("Post", o => o.Field("title", "String!", p => p.Title))
            .Object<Member>("Member", o => o.Field("name", "String!", m => m.Name))
            .Union("Result", "Post", "Member")
            .Query(q => q.Field("search", "[Result!]!", _ => new object[] { new Post("1", "Hi"), new Member("2", Guid.Empty, "Ada", Role.Member) }))
            .Build();

        var typed = await Execute(schema, "{ search { __typename ... on Post { title } ... on Member { name } } }");

        Assert.Equal("""{"data":{"search":[]}}""", result.ToJson());
        Assert.Equal("""{"data":{"search":[{"__typename":"Post","title":"Hi"},{"__typename":"Member","name":"Ada"}]}}""", typed.ToJson());
    }

    [Fact]
    public async Task Arguments_and_variables_arrive_coerced_in_resolvers()
    {
        var schema = EverythingSchema.Build();

        var result = await Execute(schema, "query ($n: Int) { post(by: { id: 7 }) { body(truncate: $n) } }", new() { ["n"] = 3 });

        Assert.Equal("""{"data":{"post":{"body":null}}}""", result.ToJson());
    }

    [Fact]
    public async Task Enum_values_serialize_from_their_clr_values()
    {
        var result = await Execute(EverythingSchema.Build(), "{ me { role uuid } }");

        Assert.Equal("""{"data":{"me":{"role":"ADMIN","uuid":"00000000-0000-0000-0000-000000000000"}}}""", result.ToJson());
    }

    [Fact]
    public async Task Cancellation_stops_execution()
    {
        using var cancellation = new CancellationTokenSource();
        var schema = new SchemaBuilder()
            .Query(q => q.Field("wait", "String", f => f.ResolveAsync(async (_, ctx) =>
            {
                await cancellation.CancelAsync();
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                return "never";
            })))
            .Build();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Execute(schema, "{ wait }", context: new RequestContext { CancellationToken = cancellation.Token }));
    }

    [Fact]
    public async Task Subscriptions_execute_the_selection_set_once_per_event()
    {
        var schema = new SchemaBuilder()
            .Object<Post>("Post", o => o.Field("title", "String!", p => p.Title))
            .Query(q => q.Field("x", "Int"))
            .Subscription(s => s.Field("published", "Post!", f => f.Subscribe(_ => Posts())))
            .Build();

        var subscription = await Executor.SubscribeAsync(new ExecutionRequest
        {
            Schema = schema,
            Document = Parser.Parse(new Source("subscription { published { title } }")),
        });
        var responses = new List<string>();
        await foreach (var response in subscription.Events!) responses.Add(response.ToJson());

        Assert.Equal(["""{"data":{"published":{"title":"One"}}}""", """{"data":{"published":{"title":"Two"}}}"""], responses);
    }

    [Fact]
    public async Task Subscribing_to_a_field_without_a_source_stream_is_an_error()
    {
        var schema = new SchemaBuilder()
            .Query(q => q.Field("x", "Int"))
            .Subscription(s => s.Field("nothing", "Int", _ => 1))
            .Build();

        var subscription = await Executor.SubscribeAsync(new ExecutionRequest
        {
            Schema = schema,
            Document = Parser.Parse(new Source("subscription { nothing }")),
        });

        Assert.Null(subscription.Events);
        Assert.Equal("""{"errors":[{"message":"Subscription field must return Async Iterable. Received: 1.","locations":[{"line":1,"column":16}],"path":["nothing"]}]}""",
            subscription.Errors!.ToJson());
    }

    private static async IAsyncEnumerable<Post> Posts()
    {
        await Task.Yield();
        yield return new Post("1", "One");
        yield return new Post("2", "Two");
    }

    [Fact]
    public async Task Lists_of_async_values_keep_their_order()
    {
        var schema = new SchemaBuilder()
            .Object<int>("Num", o => o.Field("value", "Int!", f => f.ResolveAsync(async (n, _) =>
            {
                await Task.Delay(10 * (3 - n));
                return n;
            })))
            .Query(q => q.Field("nums", "[Num!]!", _ => new object[] { 0, 1, 2 }))
            .Build();

        var result = await Execute(schema, "{ nums { value } }");

        Assert.Equal("""{"data":{"nums":[{"value":0},{"value":1},{"value":2}]}}""", result.ToJson());
    }
}

public class ExecuteSourceTests
{
    private static readonly GraphQLSchema Schema = new SchemaBuilder().Query(q => q.Field("hello", "String", _ => "world")).Build();

    [Fact]
    public async Task A_valid_request_is_parsed_validated_and_executed() =>
        Assert.Equal("""{"data":{"hello":"world"}}""", (await Executor.ExecuteAsync(Schema, "{ hello }")).ToJson());

    [Fact]
    public async Task A_syntax_error_is_a_request_error_without_data()
    {
        var result = await Executor.ExecuteAsync(Schema, "{ hello");

        Assert.False(result.HasData);
        Assert.StartsWith("Syntax Error", result.Errors![0].Message);
    }

    [Fact]
    public async Task A_validation_error_is_a_request_error_without_data()
    {
        var result = await Executor.ExecuteAsync(Schema, "{ goodbye }");

        Assert.False(result.HasData);
        Assert.Equal("Cannot query field \"goodbye\" on type \"Query\".", result.Errors![0].Message);
    }
}

public class IntrospectionSwitchTests
{
    [Fact]
    public async Task Introspection_turned_off_rejects_schema_and_type_queries_but_keeps_typename()
    {
        var schema = new SchemaBuilder().DisableIntrospection().Query(q => q.Field("a", "Int", _ => 1)).Build();

        var rejected = await Executor.ExecuteAsync(schema, "{ __schema { queryType { name } } }");
        var typename = await Executor.ExecuteAsync(schema, "{ __typename a }");

        Assert.Equal("Cannot query field \"__schema\" on type \"Query\".", rejected.Errors![0].Message);
        Assert.Equal("""{"data":{"__typename":"Query","a":1}}""", typename.ToJson());
    }
}

public class VariablesFromJsonTests
{
    [Fact]
    public async Task A_request_variables_object_is_coerced_straight_from_json()
    {
        var schema = new SchemaBuilder()
            .Query(q => q.Field("double", "Int", f => f.Argument("n", "Int!").Resolve((_, ctx) => ctx.Arguments.Get<int>("n") * 2)))
            .Build();
        var variables = Values.FromJson(System.Text.Json.JsonDocument.Parse("""{"n": 21}""").RootElement);

        var result = await Executor.ExecuteAsync(schema, "query ($n: Int!) { double(n: $n) }", variables);

        Assert.Equal("""{"data":{"double":42}}""", result.ToJson());
    }
}

public class DeepExecutionTests
{
    private sealed record Node(int Depth);

    [Fact]
    public async Task The_deepest_document_the_parser_accepts_executes_without_overflowing_the_stack()
    {
        var schema = new SchemaBuilder()
            .Object<Node>("Node", o => o.Field("depth", "Int!", n => n.Depth).Field("child", "Node", n => new Node(n.Depth + 1)))
            .Query(q => q.Field("root", "Node", _ => new Node(0)))
            .Build();
        var query = "{ root { " + string.Concat(Enumerable.Repeat("child { ", 240)) + "depth" + new string('}', 241) + " }";

        var result = await Executor.ExecuteAsync(schema, query);

        Assert.Null(result.Errors);
        Assert.Contains("\"depth\":240", result.ToJson());
    }
}
