using Es.GraphQL.Tests.Fixtures;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Tests.Utilities;

public class SchemaPrinterTests
{
    private static GraphQLSchema QuerySchema(Action<ObjectTypeBuilder<object>> fields) =>
        new SchemaBuilder().Query(fields).Build();

    [Fact]
    public void PrintSchema_of_a_schema_using_every_feature_matches_graphql_js_17_byte_for_byte()
    {
        // Fixtures/everything.printed.graphql is graphql-js 17.1 printSchema(buildSchema(everything.graphql)).
        var expected = Fixture.Read("everything.printed.graphql");

        var printed = SchemaPrinter.PrintSchema(EverythingSchema.Build());

        Assert.Equal(expected, printed);
    }

    [Fact]
    public void PrintSchema_leaves_out_the_schema_block_when_roots_have_conventional_names()
    {
        var printed = SchemaPrinter.PrintSchema(QuerySchema(q => q.Field("hello", "String")));

        Assert.Equal("type Query {\n  hello: String\n}", printed);
    }

    [Fact]
    public void PrintSchema_prints_the_schema_block_when_a_root_has_another_name()
    {
        var schema = new SchemaBuilder().Query("Root", q => q.Field("hello", "String")).Build();

        Assert.Equal("schema {\n  query: Root\n}\n\ntype Root {\n  hello: String\n}", SchemaPrinter.PrintSchema(schema));
    }

    [Fact]
    public void PrintSchema_prints_the_schema_block_when_a_type_named_Mutation_is_not_the_mutation_root()
    {
        var schema = new SchemaBuilder()
            .Object("Mutation", o => o.Field("x", "Int"))
            .Query(q => q.Field("m", "Mutation"))
            .Build();

        Assert.StartsWith("schema {\n  query: Query\n}\n\n", SchemaPrinter.PrintSchema(schema));
    }

    [Fact]
    public void Descriptions_that_do_not_round_trip_as_block_strings_print_as_quoted_strings()
    {
        var schema = QuerySchema(q => q.Field("a", "String", description: "  indented\n  all over"));

        Assert.Equal("type Query {\n  \"  indented\\n  all over\"\n  a: String\n}", SchemaPrinter.PrintSchema(schema));
    }

    [Fact]
    public void Descriptions_after_the_first_field_are_preceded_by_a_blank_line()
    {
        var schema = QuerySchema(q => q
            .Field("a", "String", description: "First")
            .Field("b", "String", description: "Second"));

        Assert.Equal("type Query {\n  \"\"\"First\"\"\"\n  a: String\n\n  \"\"\"Second\"\"\"\n  b: String\n}", SchemaPrinter.PrintSchema(schema));
    }

    [Fact]
    public void Long_object_default_values_break_over_lines_like_graphql_js_17()
    {
        var schema = new SchemaBuilder()
            .InputObject("Long", i => i
                .Field("alpha", "String").Field("beta", "String").Field("gamma", "String"))
            .Query(q => q.Field("f", "String", f => f.Argument("arg", "Long", defaultValue: new Dictionary<string, object?>
            {
                ["alpha"] = "aaaaaaaaaaaaaaaaaaaaaaa", ["beta"] = "bbbbbbbbbbbbbbbbbbbbbbbbb", ["gamma"] = "ccccccccccccccccc",
            })))
            .Build();

        var printed = SchemaPrinter.PrintSchema(schema);

        Assert.Contains("f(arg: Long = {\n  alpha: \"aaaaaaaaaaaaaaaaaaaaaaa\"\n  beta: \"bbbbbbbbbbbbbbbbbbbbbbbbb\"\n  gamma: \"ccccccccccccccccc\"\n}): String", printed);
    }

    [Fact]
    public void Deprecation_with_the_default_reason_prints_without_a_reason()
    {
        var schema = QuerySchema(q => q.Field("old", "String", deprecationReason: "No longer supported"));

        Assert.Equal("type Query {\n  old: String @deprecated\n}", SchemaPrinter.PrintSchema(schema));
    }

    [Fact]
    public void PrintIntrospectionSchema_matches_graphql_js_17()
    {
        var expected = Fixture.Read("introspection.printed.graphql");

        var printed = SchemaPrinter.PrintIntrospectionSchema(QuerySchema(q => q.Field("a", "String")));

        Assert.Equal(expected, printed);
    }
}
