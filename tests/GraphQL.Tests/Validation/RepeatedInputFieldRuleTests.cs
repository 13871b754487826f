using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;
using Es.GraphQL.Validation;

namespace Es.GraphQL.Tests.Validation;

/// <summary>
/// A field repeated in an input object literal is UniqueInputFieldNamesRule's error alone: the
/// value checks read the last occurrence, as graphql-js's keyMap/keyValMap do (found by the
/// differential suite).
/// </summary>
public sealed class RepeatedInputFieldRuleTests
{
    private static readonly GraphQLSchema Schema = BuildAstSchema.BuildSchema("""
        scalar JSON
        input Filter { published: Boolean }
        type Query { echoJson(value: JSON): JSON, posts(filter: Filter): [String] }
        """, new BuildSchemaOptions { Scalars = [CustomScalars.Json] });

    private static List<string?> Rules(string query) =>
        Validator.Validate(Schema, Parser.Parse(new Source(query)))
            .Select(e => e.Extensions?["rule"]?.ToString()).ToList();

    [Fact]
    public void A_repeated_field_in_an_object_literal_of_a_custom_scalar_is_only_a_uniqueness_error()
    {
        Assert.Equal(["UniqueInputFieldNamesRule"], Rules("{ echoJson(value: {a: 1, a: 2}) }"));
    }

    [Fact]
    public void A_repeated_input_field_is_checked_at_its_last_occurrence()
    {
        Assert.Equal(["UniqueInputFieldNamesRule"], Rules("""{ posts(filter: {published: "yes", published: true}) }"""));
        Assert.Contains("ValuesOfCorrectTypeRule", Rules("""{ posts(filter: {published: true, published: "yes"}) }"""));
    }
}
