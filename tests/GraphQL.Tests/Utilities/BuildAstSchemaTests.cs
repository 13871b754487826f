using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Tests.Fixtures;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Tests.Utilities;

/// <summary>Schemas from SDL (graphql-js buildASTSchema), compared with what graphql-js 17.1 builds from the same SDL.</summary>
public class BuildAstSchemaTests
{
    [Fact]
    public void A_schema_from_SDL_prints_as_graphql_js_prints_it()
    {
        var schema = BuildAstSchema.BuildSchema(Fixture.Read("everything.graphql"));

        Assert.Equal(Fixture.Read("everything.printed.graphql"), SchemaPrinter.PrintSchema(schema));
    }

    [Fact]
    public void A_schema_from_SDL_and_the_same_schema_in_CSharp_print_the_same()
    {
        var fromSdl = BuildAstSchema.BuildSchema(Fixture.Read("everything.graphql"));

        Assert.Equal(SchemaPrinter.PrintSchema(EverythingSchema.Build()), SchemaPrinter.PrintSchema(fromSdl));
        Assert.Equal(EverythingSchema.Build().TypeList.Select(t => t.Name), fromSdl.TypeList.Select(t => t.Name));
    }

    [Fact]
    public void Extensions_of_types_and_of_the_schema_are_merged_into_their_definitions()
    {
        var schema = BuildAstSchema.BuildSchema(Fixture.Read("extensions.graphql"));

        Assert.Equal(Fixture.Read("extensions.printed.graphql"), SchemaPrinter.PrintSchema(schema));
        Assert.Equal(
            ["Query", "Int", "String", "ID", "Named", "Thing", "Any", "Other", "Kind", "Where", "Url", "M", "Boolean",
             "__Schema", "__Type", "__TypeKind", "__Field", "__InputValue", "__EnumValue", "__Directive", "__DirectiveLocation"],
            schema.TypeList.Select(t => t.Name));
    }

    [Fact]
    public void SDL_default_values_print_as_written_and_coerce_to_internal_values()
    {
        var schema = BuildAstSchema.BuildSchema(Fixture.Read("extensions.graphql"));
        var ids = schema.QueryType!.GetField("b")!.GetArgument("ids")!;
        var where = schema.QueryType!.GetField("b")!.GetArgument("where")!;

        Assert.Equal("[\"1\", \"x\"]", AstFromValue.PrintDefaultValue(ids));
        Assert.Equal(new object?[] { "1", "x" }, (object?[])ids.DefaultValue!);
        var coerced = (IReadOnlyDictionary<string, object?>)where.DefaultValue!;
        Assert.Equal(3, coerced["id"]);
        Assert.Equal(new object?[] { "A", "B" }, (object?[])coerced["kinds"]!);
    }

    [Fact]
    public void Invalid_SDL_default_values_are_reported_as_graphql_js_reports_them()
    {
        // assumeValidSDL as in the graphql-js run that produced these messages: SDL validation would report them first.
        var error = Assert.Throws<InvalidSchemaException>(() => BuildAstSchema.BuildSchema(Fixture.Read("invalid-defaults.graphql"),
            new BuildSchemaOptions { AssumeValidSdl = true }));

        Assert.Equal(
        [
            "Query.f(a:) has invalid default value: Int cannot represent non-integer value: \"x\" (2:14)",
            "Query.f(b:) has invalid default value at [1]: Expected value of non-null type \"Int!\" not to be null. (2:35)",
            "Query.f(c:) has invalid default value: Expected value of type \"In\" to include required field \"y\", found: { x: 1 }. (2:50)",
            "Query.f(c:) has invalid default value: Expected value of type \"In\" not to include unknown field \"x\". Did you mean \"y\" or \"z\"? Found: { x: 1 }. (2:52)",
            "Query.f(d:) has invalid default value: Value \"C\" does not exist in \"Kind\" enum. Did you mean the enum value \"A\"? (2:70)",
            "In.z has invalid default value: Int cannot represent non-integer value: \"no\" (4:30)",
        ], error.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Unknown_types_and_extensions_of_undefined_types_are_reported_with_locations()
    {
        var error = Assert.Throws<InvalidSchemaException>(() => BuildAstSchema.BuildSchema("""
            type Query { a: Missing }
            extend type Nowhere { b: Int }
            """));

        Assert.Equal(
            ["Unknown type \"Missing\". (1:17)", "Cannot extend type \"Nowhere\" because it is not defined. (2:13)"],
            error.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Custom_directives_come_before_the_specified_ones_as_in_graphql_js()
    {
        var schema = BuildAstSchema.BuildSchema("directive @a on FIELD type Query { x: Int }");

        Assert.Equal(["a", "include", "skip", "deprecated", "specifiedBy", "oneOf"], schema.Directives.Select(d => d.Name));
    }

    [Fact]
    public void Without_a_schema_definition_the_conventionally_named_types_are_the_roots()
    {
        var schema = BuildAstSchema.BuildSchema("type Query { x: Int } type Mutation { y: Int } type Subscription { z: Int }");

        Assert.Equal("Mutation", schema.MutationType!.Name);
        Assert.Equal("Subscription", schema.SubscriptionType!.Name);
    }

    [Fact]
    public void A_schema_definition_names_the_roots_and_its_description_is_kept()
    {
        var schema = BuildAstSchema.BuildSchema("\"\"\"Es\"\"\" schema { query: Root } type Root { x: Int } type Query { y: Int }");

        Assert.Equal("Root", schema.QueryType!.Name);
        Assert.Equal("Es", schema.Description);
    }

    [Fact]
    public void Known_scalars_can_be_bound_to_give_SDL_scalars_real_coercion()
    {
        var schema = BuildAstSchema.BuildSchema("scalar DateTime type Query { at: DateTime }",
            new BuildSchemaOptions { Scalars = CustomScalars.All });
        var dateTime = (GraphQLScalarType)schema.GetType("DateTime")!;

        Assert.IsType<DateTimeOffset>(dateTime.CoerceInputValue("2026-11-22T10:47:55Z"));
        Assert.Null(dateTime.SpecifiedByUrl);
    }

    [Fact]
    public void Resolvers_can_be_attached_by_type_and_field_name()
    {
        FieldResolver hello = _ => new ValueTask<object?>("world");
        var schema = BuildAstSchema.BuildSchema("type Query { hello: String }",
            new BuildSchemaOptions { Resolvers = (type, field) => type == "Query" && field == "hello" ? hello : null });

        Assert.Same(hello, schema.QueryType!.GetField("hello")!.Resolver);
    }

    [Fact]
    public async Task Subscribe_resolvers_can_be_attached_by_type_and_field_name()
    {
        static async IAsyncEnumerable<object?> Ticks()
        {
            for (var n = 1; n <= 2; n++)
            {
                await Task.Yield();
                yield return n;
            }
        }
        SubscriptionResolver ticks = _ => new ValueTask<IAsyncEnumerable<object?>>(Ticks());
        var schema = BuildAstSchema.BuildSchema("type Query { a: Int } type Subscription { tick: Int! }", new BuildSchemaOptions
        {
            Resolvers = (type, field) => type == "Subscription" ? context => new ValueTask<object?>(context.Source) : null,
            Subscribers = (type, field) => type == "Subscription" && field == "tick" ? ticks : null,
        });

        var subscription = await Executor.SubscribeAsync(new ExecutionRequest { Schema = schema, Document = Parser.Parse(new Source("subscription { tick }")) });
        var events = new List<string>();
        await foreach (var response in subscription.Events!) events.Add(response.ToJson());

        Assert.Same(ticks, schema.SubscriptionType!.GetField("tick")!.Subscribe);
        Assert.Equal(["""{"data":{"tick":1}}""", """{"data":{"tick":2}}"""], events);
    }

    [Fact]
    public void An_SDL_schema_is_validated_like_any_other()
    {
        var error = Assert.Throws<InvalidSchemaException>(() => BuildAstSchema.BuildSchema("type Query { a: U } union U = Query | Query"));

        Assert.Equal(["Union type U can only include type Query once."], error.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Deprecated_directive_definitions_and_directive_extensions_carry_their_reason()
    {
        var schema = BuildAstSchema.BuildSchema("""
            directive @a @deprecated on FIELD
            directive @b on FIELD
            extend directive @b @deprecated(reason: "gone")
            type Query { x: Int }
            """);

        Assert.Equal("No longer supported", schema.GetDirective("a")!.DeprecationReason);
        Assert.Equal("gone", schema.GetDirective("b")!.DeprecationReason);
    }
}

public class BuildAstSchemaSdlValidationTests
{
    [Fact]
    public void SDL_is_validated_before_the_schema_is_built_as_graphql_js_assertValidSDL_does()
    {
        var error = Assert.Throws<InvalidSchemaException>(() => BuildAstSchema.BuildSchema("type Query { a: Int } type Query { b: Int }"));

        Assert.Equal(["There can be only one type named \"Query\"."], error.Errors.Select(e => e.Message));
    }
}
