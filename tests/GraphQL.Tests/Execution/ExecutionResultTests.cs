using Es.GraphQL.Execution;

namespace Es.GraphQL.Tests.Execution;

/// <summary>The response format (spec 7.1) as graphql-js serialises it.</summary>
public class ExecutionResultTests
{
    [Fact]
    public void Errors_come_before_data_with_locations_path_and_extensions_only_when_present()
    {
        var result = new ExecutionResult(
            new Dictionary<string, object?> { ["a"] = null },
            [new GraphQLError("Boom", [new SourceLocation(1, 3)], ["a", 0]), new GraphQLError("Plain")]);

        Assert.Equal("""{"errors":[{"message":"Boom","locations":[{"line":1,"column":3}],"path":["a",0]},{"message":"Plain"}],"data":{"a":null}}""",
            result.ToJson());
    }

    [Fact]
    public void A_request_error_response_has_no_data_entry()
    {
        var result = new ExecutionResult(null, [new GraphQLError("Must provide an operation.")], hasData: false);

        Assert.Equal("""{"errors":[{"message":"Must provide an operation."}]}""", result.ToJson());
    }

    [Fact]
    public void Numbers_and_strings_are_written_as_JavaScript_writes_them()
    {
        var result = new ExecutionResult(new Dictionary<string, object?>
        {
            ["int"] = 7, ["float"] = 1.0, ["small"] = 1.5e-7, ["big"] = 1e21, ["text"] = "é <b> \"q\"",
        }, null);

        Assert.Equal("""{"data":{"int":7,"float":1,"small":1.5e-7,"big":1e+21,"text":"é <b> \"q\""}}""", result.ToJson());
    }

    [Fact]
    public void Completed_objects_and_lists_are_written_as_the_same_dictionaries_and_lists_would_be()
    {
        var completed = new ResponseObject(["a", "list", "strings", "inner", "none"],
        [
            1.5,
            new object?[] { 1, null, new ResponseObject(["x"], ["y"]) },
            new[] { "s", "t" },
            new ResponseObject(["empty", "emptyList"], [new ResponseObject([], []), Array.Empty<object?>()]),
            null,
        ]);
        var generic = new Dictionary<string, object?>
        {
            ["a"] = 1.5,
            ["list"] = new List<object?> { 1, null, new Dictionary<string, object?> { ["x"] = "y" } },
            ["strings"] = new List<string> { "s", "t" },
            ["inner"] = new Dictionary<string, object?> { ["empty"] = new Dictionary<string, object?>(), ["emptyList"] = new List<object?>() },
            ["none"] = null,
        };

        var json = new ExecutionResult(completed, [new GraphQLError("E")]).ToJson();

        Assert.Equal(new ExecutionResult(generic, [new GraphQLError("E")]).ToJson(), json);
        Assert.Equal("""{"errors":[{"message":"E"}],"data":{"a":1.5,"list":[1,null,{"x":"y"}],"strings":["s","t"],"inner":{"empty":{},"emptyList":[]},"none":null}}""", json);
    }
}
