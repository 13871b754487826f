using Es.GraphQL.Language;
using Es.GraphQL.Validation;
using Es.GraphQL.Validation.Rules;

namespace Es.GraphQL.Tests.Validation;

/// <summary>
/// An input object literal that repeats a field: UniqueInputFieldNamesRule reports it, and
/// ValuesOfCorrectTypeRule checks only the last occurrence, the one coercion uses (graphql-js 17).
/// </summary>
public class RepeatedInputFieldTests
{
    private static IReadOnlyList<GraphQLError> ValuesOfCorrectType(string document) =>
        Validator.Validate(ValidationTestSchema.Instance, Parser.Parse(new Source(document)), [new ValuesOfCorrectTypeRule()]);

    [Fact]
    public void ValuesOfCorrectType_ignores_an_invalid_value_that_a_repeated_field_overrides()
    {
        Assert.Empty(ValuesOfCorrectType("""{ complicatedArgs { complexArgField(complexArg: {requiredField: "yes", requiredField: true}) } }"""));
    }

    [Fact]
    public void ValuesOfCorrectType_checks_the_last_occurrence_of_a_repeated_field()
    {
        var error = Assert.Single(ValuesOfCorrectType("""{ complicatedArgs { complexArgField(complexArg: {requiredField: true, requiredField: "yes"}) } }"""));

        Assert.Equal("Boolean cannot represent a non boolean value: \"yes\"", error.Message);
        Assert.Equal([new SourceLocation(1, 86)], error.Locations);
    }

    [Fact]
    public void ValuesOfCorrectType_counts_each_occurrence_of_a_OneOf_field()
    {
        var error = Assert.Single(ValuesOfCorrectType("""{ complicatedArgs { oneOfArgField(oneOfArg: {stringField: "a", stringField: "b"}) } }"""));

        Assert.Equal("Within OneOf Input Object type \"OneOfInput\", exactly one field must be specified, and the value for that field must be non-null.", error.Message);
    }
}
