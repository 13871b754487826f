using System.Text.Json.Nodes;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Tests.Fixtures;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Tests.Execution;

/// <summary>
/// graphql-js's getIntrospectionQuery with every option on, executed by us, must give graphql-js
/// 17.1's result for the same schema (Fixtures/introspection-result.json, from introspection.mjs),
/// so that buildClientSchema rebuilds our schema exactly.
/// </summary>
public class IntrospectionExecutionTests
{
    private static async Task<JsonNode?> Introspect(GraphQLSchema schema)
    {
        var result = await Executor.ExecuteAsync(new ExecutionRequest
        {
            Schema = schema,
            Document = Parser.Parse(new Source(Fixture.Read("introspection-query.graphql"))),
        });
        return JsonNode.Parse(result.ToJson());
    }

    private static void AssertSameJson(JsonNode? expected, JsonNode? actual)
    {
        if (JsonNode.DeepEquals(expected, actual)) return;
        // Point at the first difference rather than dumping 50 kB.
        var e = expected!.ToJsonString();
        var a = actual!.ToJsonString();
        var at = 0;
        while (at < Math.Min(e.Length, a.Length) && e[at] == a[at]) at++;
        var from = Math.Max(0, at - 200);
        Assert.Fail($"differs at {at}:\nexpected: …{e.Substring(from, Math.Min(400, e.Length - from))}\nactual:   …{a.Substring(from, Math.Min(400, a.Length - from))}");
    }

    [Fact]
    public async Task Introspection_of_the_schema_built_from_SDL_matches_graphql_js()
    {
        var schema = BuildAstSchema.BuildSchema(Fixture.Read("everything.graphql"));

        AssertSameJson(JsonNode.Parse(Fixture.Read("introspection-result.json")), await Introspect(schema));
    }

    [Fact]
    public async Task Introspection_of_the_same_schema_written_in_CSharp_matches_graphql_js()
    {
        AssertSameJson(JsonNode.Parse(Fixture.Read("introspection-result.json")), await Introspect(EverythingSchema.Build()));
    }
}

public class IntrospectionQueryTests
{
    [Fact]
    public void GetIntrospectionQuery_with_every_option_is_graphql_js_text_character_for_character() =>
        Assert.Equal(Fixture.Read("introspection-query.graphql"), IntrospectionQuery.Get(IntrospectionOptions.All));

    [Fact]
    public void The_default_introspection_query_parses_and_validates()
    {
        var schema = EverythingSchema.Build();
        var document = Parser.Parse(new Source(IntrospectionQuery.Get()));

        Assert.Empty(Es.GraphQL.Validation.Validator.Validate(schema, document));
    }
}
