using System.Security.Claims;
using Es.GraphQL.Tests.Fixtures;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Types;

/// <summary>The code-first builder: typed parents, arguments, async resolvers, request context, modular declarations.</summary>
public class SchemaBuilderTests
{
    private sealed class AppContext : RequestContext
    {
        public required string MemberId { get; init; }
    }

    private sealed class Greeter
    {
        public string Greet(string name) => $"Hello, {name}";
    }

    private static ValueTask<object?> Resolve(GraphQLSchema schema, string type, string field, object? source,
        Dictionary<string, object?>? arguments = null, RequestContext? request = null)
    {
        var parent = (GraphQLObjectType)schema.GetType(type)!;
        var definition = parent.GetField(field)!;
        return definition.Resolver(new ResolveFieldContext
        {
            Source = source,
            Field = definition,
            ParentType = parent,
            Schema = schema,
            Arguments = new ArgumentValues(arguments ?? []),
            Request = request ?? RequestContext.None,
            Path = new ResponsePath(null, field),
        });
    }

    [Fact]
    public async Task A_field_reads_the_typed_parent_value()
    {
        var schema = EverythingSchema.Build();

        Assert.Equal("Hello", await Resolve(schema, "Post", "title", new Post("1", "Hello")));
    }

    [Fact]
    public async Task Arguments_arrive_coerced_and_are_read_with_typed_accessors()
    {
        var schema = EverythingSchema.Build();

        var body = await Resolve(schema, "Post", "body", new Post("1", "T", "abcdef"), new() { ["truncate"] = 3, ["format"] = Format.Html });

        Assert.Equal("abc", body);
    }

    [Fact]
    public async Task Async_resolvers_return_what_their_task_produces()
    {
        var schema = new SchemaBuilder()
            .Query(q => q.Field("later", "String", f => f.ResolveAsync(async (_, ctx) =>
            {
                await Task.Delay(1, ctx.CancellationToken);
                return "done";
            })))
            .Build();

        Assert.Equal("done", await Resolve(schema, "Query", "later", null));
    }

    [Fact]
    public async Task Resolvers_reach_the_request_context_its_user_and_its_services()
    {
        var services = new ServiceCollectionStub(new Greeter());
        var schema = new SchemaBuilder()
            .Query(q => q
                .Field("me", "String", f => f.Resolve((_, ctx) => ctx.RequestAs<AppContext>().MemberId))
                .Field("name", "String", f => f.Resolve((_, ctx) => ctx.Request.User?.Identity?.Name))
                .Field("greeting", "String", f => f.Resolve((_, ctx) => ctx.Service<Greeter>().Greet("Ada"))))
            .Build();
        var request = new AppContext
        {
            MemberId = "m-1",
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ada")], "test")),
            Services = services,
        };

        Assert.Equal("m-1", await Resolve(schema, "Query", "me", null, request: request));
        Assert.Equal("ada", await Resolve(schema, "Query", "name", null, request: request));
        Assert.Equal("Hello, Ada", await Resolve(schema, "Query", "greeting", null, request: request));
    }

    [Fact]
    public void Declaring_a_type_twice_adds_to_it_so_modules_can_each_add_root_fields()
    {
        var schema = new SchemaBuilder()
            .Query(q => q.Field("posts", "[String]"))
            .Query(q => q.Field("members", "[String]"))
            .Build();

        Assert.Equal(["posts", "members"], schema.QueryType!.GetFields().Select(f => f.Name));
    }

    [Fact]
    public void A_reference_to_an_unknown_type_fails_the_build_naming_where_it_was_used()
    {
        var error = Assert.Throws<InvalidSchemaException>(() => new SchemaBuilder()
            .Query(q => q.Field("post", "Psot").Field("x", "[Int!", f => { }))
            .Build());

        Assert.Equal(
        [
            "Unknown type \"Psot\" referenced by Query.post.",
            "Invalid type reference \"[Int!\" in Query.x: expected a type name, [Type] or Type!.",
        ], error.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Type_references_read_like_SDL()
    {
        var schema = EverythingSchema.Build();

        Assert.Equal("[[Int]!]", ((GraphQLObjectType)schema.GetType("Post")!).GetField("matrix")!.Type.ToString());
        Assert.Equal("[String!]!", ((GraphQLObjectType)schema.GetType("Post")!).GetField("tags")!.Type.ToString());
    }

    [Fact]
    public void A_clr_enum_becomes_an_enum_type_with_constant_case_names_mapped_to_its_values()
    {
        var role = (GraphQLEnumType)EverythingSchema.Build().GetType("Role")!;

        Assert.Equal(["MEMBER", "ADMIN", "OWNER"], role.Values.Select(v => v.Name));
        Assert.Equal(Role.Admin, role.GetValue("ADMIN")!.Value);
        Assert.Equal("OWNER", role.CoerceOutputValue(Role.Owner));
        Assert.Equal("A member", role.GetValue("MEMBER")!.Description);
        Assert.Equal("Owners are admins now", role.GetValue("OWNER")!.DeprecationReason);
    }

    [Theory]
    [InlineData("PendingReview", "PENDING_REVIEW")]
    [InlineData("HTTPError", "HTTP_ERROR")]
    [InlineData("Draft", "DRAFT")]
    [InlineData("V2Api", "V2_API")]
    public void Enum_member_names_become_constant_case(string member, string expected) =>
        Assert.Equal(expected, GraphQLEnumType.ConstantCase(member));

    [Fact]
    public void Typed_object_types_recognise_their_values_behind_abstract_types()
    {
        var schema = EverythingSchema.Build();
        var post = (GraphQLObjectType)schema.GetType("Post")!;

        Assert.True(post.IsTypeOf!(new Post("1", "T")));
        Assert.False(post.IsTypeOf!(new Member("1", Guid.Empty, "A", Role.Member)));
    }

    [Fact]
    public void Descriptions_deprecations_and_defaults_reach_the_type_system()
    {
        var schema = EverythingSchema.Build();
        var body = ((GraphQLObjectType)schema.GetType("Post")!).GetField("body")!;

        Assert.Equal("The body, as Markdown", body.Description);
        Assert.Equal(200, body.GetArgument("truncate")!.DefaultValue);
        Assert.Equal("Ignored", body.GetArgument("legacy")!.DeprecationReason);
        Assert.False(body.GetArgument("after") is not null);
    }

    [Fact]
    public async Task An_input_object_maps_to_a_record_through_ToValue()
    {
        var schema = new SchemaBuilder()
            .InputObject("NewPost", i => i
                .Field("title", "String!")
                .Field("draft", "Boolean", defaultValue: true)
                .ToValue(v => new NewPost(v.Get<string>("title"), v.Get<bool>("draft"))))
            .Mutation(m => m.Field("create", "String", f => f
                .Argument("input", "NewPost!")
                .Resolve((_, ctx) => ctx.Arguments.Get<NewPost>("input").ToString())))
            .Query(q => q.Field("a", "String"))
            .Build();
        var input = (GraphQLInputObjectType)schema.GetType("NewPost")!;

        var coerced = InputCoercion.CoerceInputValue(new Dictionary<string, object?> { ["title"] = "Hi" }, input);

        Assert.Equal(new NewPost("Hi", true), coerced);
        Assert.Equal("NewPost { Title = Hi, Draft = True }", await Resolve(schema, "Mutation", "create", null, new() { ["input"] = coerced }));
    }

    private sealed record NewPost(string Title, bool Draft);

    [Fact]
    public async Task A_synchronous_resolver_returning_a_task_is_reported_rather_than_leaked()
    {
        var schema = new SchemaBuilder()
            .Query(q => q.Field("oops", "String", f => f.Resolve((_, _) => Task.FromResult("x"))))
            .Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Resolve(schema, "Query", "oops", null));
        Assert.Contains("use ResolveAsync", error.Message);
    }

    [Fact]
    public void Arguments_convert_to_the_clr_type_asked_for()
    {
        var args = new ArgumentValues(new Dictionary<string, object?>
        {
            ["n"] = 5, ["id"] = "8a0b36a4-5e4c-4b3a-9d3c-2f1c4c1a2b3d", ["ids"] = new object?[] { "a", "b" }, ["none"] = null,
        });

        Assert.Equal(5L, args.Get<long>("n"));
        Assert.Equal(5.0, args.Get<double>("n"));
        Assert.Equal(Guid.Parse("8a0b36a4-5e4c-4b3a-9d3c-2f1c4c1a2b3d"), args.Get<Guid>("id"));
        Assert.Equal(["a", "b"], args.GetList<string>("ids")!);
        Assert.Null(args.Get<string?>("none"));
        Assert.Equal(7, args.GetOrDefault("missing", 7));
        Assert.False(args.Has("missing"));
        Assert.True(args.Has("none"));
        Assert.Throws<InvalidOperationException>(() => args.Get<int>("missing"));
    }

    [Fact]
    public async Task Subscription_fields_produce_a_source_stream_and_resolve_each_event_to_itself()
    {
        var schema = new SchemaBuilder()
            .Query(q => q.Field("a", "String"))
            .Subscription(s => s.Field("ticks", "Int", f => f.Subscribe(_ => Ticks())))
            .Build();
        var field = schema.SubscriptionType!.GetField("ticks")!;
        var context = new ResolveFieldContext { Field = field, Schema = schema, ParentType = schema.SubscriptionType, Path = new ResponsePath(null, "ticks") };

        var stream = await field.Subscribe!(context);
        var events = new List<object?>();
        await foreach (var tick in stream) events.Add(tick);

        Assert.Equal(new object?[] { 1, 2 }, events);
        Assert.Equal(2, await field.Resolver(new ResolveFieldContext { Source = 2, Field = field }));
    }

    private static async IAsyncEnumerable<int> Ticks()
    {
        await Task.Yield();
        yield return 1;
        yield return 2;
    }

    private sealed class ServiceCollectionStub(params object[] services) : IServiceProvider
    {
        public object? GetService(Type serviceType) => services.FirstOrDefault(serviceType.IsInstanceOfType);
    }
}
