using Es.GraphQL.Language;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Tests.Utilities;

/// <summary>Reading literals without a type (graphql-js valueFromASTUntyped), as custom scalars read them.</summary>
public class ValueFromAstTests
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
}
