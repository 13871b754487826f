using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Es.GraphQL.Execution;
using Es.GraphQL.Language;
using Es.GraphQL.Tests.Fixtures;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Tests.Execution;

/// <summary>
/// Each case of Fixtures/execution-cases.json executed here must give the response graphql-js
/// 17.1 gives (Fixtures/execution-results.json, made by execution-results.mjs): data, null
/// propagation, error messages, locations and paths, variable and argument coercion.
/// </summary>
public class ExecutionAgainstGraphqlJsTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(Fixture.Read("execution-cases.json")).RootElement;
    private static readonly JsonElement Expected = JsonDocument.Parse(Fixture.Read("execution-results.json")).RootElement;

    // Declared before Schema: static fields initialise in order, and the schema reads it.
    /// <summary>Describes its arguments as graphql-js's fixture does: JSON with the top-level keys sorted.</summary>
    private static readonly FieldResolver Echo = context =>
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var key in context.Arguments.Values.Keys.Order(StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                ExecutionResult.WriteValue(writer, context.Arguments[key]);
            }
            writer.WriteEndObject();
        }
        return new ValueTask<object?>(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    };

    private static readonly GraphQLSchema Schema = BuildAstSchema.BuildSchema(Cases.GetProperty("sdl").GetString()!, new BuildSchemaOptions
    {
        Resolvers = (type, field) => type == "Query" && field == "echo" ? Echo : null,
    });

    private static readonly object? Root = JsonValues.ToClr(Cases.GetProperty("root"));

    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases.GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public async Task Execution_gives_the_response_graphql_js_gives(int index)
    {
        var testCase = Cases.GetProperty("cases")[index];
        var variables = testCase.TryGetProperty("variables", out var v)
            ? v.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value)
            : null;
        var request = new ExecutionRequest
        {
            Schema = Schema,
            Document = Parser.Parse(new Source(testCase.GetProperty("query").GetString()!)),
            RootValue = Root,
            VariableValues = variables,
            OperationName = testCase.TryGetProperty("operationName", out var name) ? name.GetString() : null,
        };

        var result = await Executor.ExecuteAsync(request);

        var expected = JsonNode.Parse(Expected[index].GetRawText());
        var actual = JsonNode.Parse(result.ToJson());
        Assert.True(JsonNode.DeepEquals(expected, actual), $"query: {testCase.GetProperty("query")}\nexpected: {expected!.ToJsonString()}\nactual:   {actual!.ToJsonString()}");
    }

    private static readonly JsonElement Random = JsonDocument.Parse(Fixture.Read("random-execution-cases.json")).RootElement;

    public static TheoryData<int> RandomCaseIndices()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Random.GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    /// <summary>Seeded random operations that graphql-js validates (random-cases.mjs), each executed to graphql-js's response.</summary>
    [Theory]
    [MemberData(nameof(RandomCaseIndices))]
    public async Task Random_valid_operations_execute_to_the_response_graphql_js_gives(int index)
    {
        var query = Random.GetProperty("cases")[index].GetProperty("query").GetString()!;

        var result = await Executor.ExecuteAsync(new ExecutionRequest
        {
            Schema = Schema,
            Document = Parser.Parse(new Source(query)),
            RootValue = Root,
        });

        var expected = JsonNode.Parse(Random.GetProperty("results")[index].GetRawText());
        var actual = JsonNode.Parse(result.ToJson());
        Assert.True(JsonNode.DeepEquals(expected, actual), $"query: {query}\nexpected: {expected!.ToJsonString()}\nactual:   {actual!.ToJsonString()}");
    }
}
