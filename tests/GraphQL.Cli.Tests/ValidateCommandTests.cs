using System.Text.Json;

namespace Es.GraphQL.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private const string Schema = """
        type Query { post(id: ID!): Post, posts(first: Int = 10): [Post!]! }
        type Post { id: ID!, title: String!, author: Member }
        type Member { handle: String! }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("es-graphql-cli-").FullName;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Exit, List<JsonElement> Lines, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await ValidateCommand.RunAsync(args, stdout, stderr, new StringReader("{ posts { title } }"));
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        return (exit, lines, stderr.ToString());
    }

    [Fact]
    public async Task Valid_documents_exit_zero_and_print_nothing()
    {
        var schema = Write("schema.graphql", Schema);
        var doc = Write("ops/feed.graphql", "query Feed { posts(first: 5) { id title author { handle } } }");

        var (exit, lines, _) = await Run("validate", "--schema", schema, doc, "-");

        Assert.Equal(ValidateCommand.Valid, exit);
        Assert.Empty(lines);
    }

    [Fact]
    public async Task Each_error_is_one_json_line_with_rule_message_and_locations_and_the_exit_code_is_one()
    {
        var schema = Write("schema.graphql", Schema);
        Write("ops/good.graphql", "{ post(id: 1) { title } }");
        var bad = Write("ops/bad.graphql", "{\n  post { titel }\n}");

        var (exit, lines, _) = await Run("validate", "--schema", schema, Path.Combine(_dir, "ops"));

        Assert.Equal(ValidateCommand.Invalid, exit);
        var rules = lines.Select(l => l.GetProperty("rule").GetString()).Order().ToList();
        Assert.Equal(["FieldsOnCorrectTypeRule", "ProvidedRequiredArgumentsRule"], rules);
        var unknownField = lines.Single(l => l.GetProperty("rule").GetString() == "FieldsOnCorrectTypeRule");
        Assert.Equal(bad, unknownField.GetProperty("file").GetString());
        Assert.Contains("Cannot query field \"titel\" on type \"Post\".", unknownField.GetProperty("message").GetString());
        var location = unknownField.GetProperty("locations")[0];
        Assert.Equal(2, location.GetProperty("line").GetInt32());
        Assert.Equal(10, location.GetProperty("column").GetInt32());
    }

    [Fact]
    public async Task A_syntax_error_is_reported_as_rule_SyntaxError()
    {
        var schema = Write("schema.graphql", Schema);
        var doc = Write("broken.graphql", "{ posts { ");

        var (exit, lines, _) = await Run("validate", "--schema", schema, doc);

        Assert.Equal(ValidateCommand.Invalid, exit);
        Assert.Equal("SyntaxError", Assert.Single(lines).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Together_resolves_fragments_defined_in_another_file_and_maps_lines_back()
    {
        var schema = Write("schema.graphql", Schema);
        var fragments = Write("a/fragments.graphql", "fragment PostFields on Post {\n  id\n  title\n}");
        var query = Write("b/query.graphql", "query Feed {\n  posts { ...PostFields nope }\n}");

        var separate = await Run("validate", "--schema", schema, fragments, query);
        Assert.Contains(separate.Lines, l => l.GetProperty("rule").GetString() == "KnownFragmentNamesRule");

        var (exit, lines, _) = await Run("validate", "--schema", schema, "--together", fragments, query);
        Assert.Equal(ValidateCommand.Invalid, exit);
        var error = Assert.Single(lines);
        Assert.Equal("FieldsOnCorrectTypeRule", error.GetProperty("rule").GetString());
        Assert.Equal(query, error.GetProperty("file").GetString());
        Assert.Equal(2, error.GetProperty("locations")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task An_invalid_schema_or_missing_arguments_exit_two_with_a_message()
    {
        var badSchema = Write("bad-schema.graphql", "type Query { x: Nope }");
        var doc = Write("q.graphql", "{ x }");

        var invalidSchema = await Run("validate", "--schema", badSchema, doc);
        Assert.Equal(ValidateCommand.UsageError, invalidSchema.Exit);
        Assert.Contains("not valid", invalidSchema.Err);

        Assert.Equal(ValidateCommand.UsageError, (await Run("validate", doc)).Exit);
        Assert.Equal(ValidateCommand.UsageError, (await Run("validate", "--schema", Path.Combine(_dir, "missing.graphql"), doc)).Exit);
        Assert.Equal(ValidateCommand.UsageError, (await Run()).Exit);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
