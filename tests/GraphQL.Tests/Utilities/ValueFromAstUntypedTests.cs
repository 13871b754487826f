using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;
using Es.GraphQL.Validation;
using Es.GraphQL.Validation.Rules;

namespace Es.GraphQL.Tests.Utilities;

/// <summary>Reading literals without a type (graphql-js valueFromASTUntyped), as custom scalars read them.</summary>
public class ValueFromAstUntypedTests
{
    [Theory]
    [InlineData("7", 7)]
    [InlineData("-2147483648", int.MinValue)]
    [InlineData("2147483648", 2147483648L)]
    [InlineData("1e3", 1000.0)]
    [InlineData("12345678901234567890", 12345678901234567890.0)]
    public void Untyped_numbers_are_ints_then_longs_then_doubles(string text, object expected)
    {
        Assert.Equal(expected, ValueFromAst.Untyped(Parser.ParseValue(new Source(text)), null));
    }

    [Fact]
    public void Untyped_object_literal_with_a_repeated_field_keeps_the_last_value_in_the_first_position()
    {
        var literal = Parser.ParseValue(new Source("{a: 1, b: 2, a: 3}"));

        var value = Assert.IsType<Dictionary<string, object?>>(ValueFromAst.Untyped(literal, null));

        Assert.Equal(["a", "b"], value.Keys);
        Assert.Equal(3, value["a"]);
    }

    [Fact]
    public void Custom_scalar_literal_with_a_repeated_field_is_left_to_UniqueInputFieldNamesRule()
    {
        var schema = new SchemaBuilder()
            .Type(new GraphQLScalarType("Any"))
            .Query(q => q.Field("echo", "Any", f => f.Argument("value", "Any")))
            .Build();
        var document = Parser.Parse(new Source("{ echo(value: {a: 1, a: 2}) }"));

        Assert.Empty(Validator.Validate(schema, document, [new ValuesOfCorrectTypeRule()]));
        Assert.Single(Validator.Validate(schema, document, [new UniqueInputFieldNamesRule()]));
    }
}
