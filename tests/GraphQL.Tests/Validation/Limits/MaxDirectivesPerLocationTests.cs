using Es.GraphQL.Validation;
using static Es.GraphQL.Tests.Validation.Limits.LimitsTestSchema;

namespace Es.GraphQL.Tests.Validation.Limits;

/// <summary>OperationLimits.MaxDirectivesPerLocation: directives on any one location of the operation or a fragment it reaches.</summary>
public class MaxDirectivesPerLocationTests
{
    private static readonly OperationLimits Limits = OperationLimits.Unlimited with { MaxDirectivesPerLocation = 2 };

    [Fact]
    public void Exactly_MaxDirectivesPerLocation_directives_on_a_field_pass()
    {
        Assert.Empty(Check("{ user @a @b { name @a @a } }", Limits));
    }

    [Fact]
    public void One_directive_more_than_the_limit_on_a_field_is_refused_at_that_field_with_the_code_and_figures()
    {
        var error = AssertRefused(Check("{ user {\n  name @a @b @a } }", Limits), OperationLimitsAnalyzer.MaxDirectivesExceeded, limit: 2, actual: 3);
        Assert.Equal("Field \"name\" has 3 directives; the limit per location is 2.", error.Message);
        Assert.Equal([new SourceLocation(2, 3)], error.Locations);
    }

    [Theory]
    [InlineData("{ user { ...F @a @a @a } } fragment F on User { name }", "Fragment spread \"F\"")]
    [InlineData("{ user { ... on User @a @a @a { name } } }", "An inline fragment")]
    [InlineData("query Q @a @a @a { tags }", "Operation \"Q\"")]
    [InlineData("query @a @a @a { tags }", "The operation")]
    [InlineData("{ user { ...F } } fragment F on User @a @a @a { name }", "Fragment \"F\"")]
    [InlineData("query ($n: Int @a @a @a) { users(first: $n) { name } }", "Variable \"$n\"")]
    [InlineData("{ user { ...F } } fragment F on User { best { id @a @a @a } }", "Field \"id\"")]
    public void Every_kind_of_location_is_checked(string document, string location)
    {
        var error = AssertRefused(Check(document, Limits), OperationLimitsAnalyzer.MaxDirectivesExceeded, limit: 2, actual: 3);
        Assert.Equal($"{location} has 3 directives; the limit per location is 2.", error.Message);
    }

    [Fact]
    public void Directives_on_different_locations_are_not_added_up()
    {
        Assert.Empty(Check("query Q @a @a { user @a @a { ...F @a @a ... @a @a { name @a @a } } } fragment F on User @a @a { id @a @a }", Limits));
    }

    [Fact]
    public void Several_locations_over_the_limit_give_one_error_at_the_one_with_the_most()
    {
        var error = AssertRefused(
            Check("{ user { id @a @a @a name @a @a @a @a @a best @a @a @a { id } } }", Limits),
            OperationLimitsAnalyzer.MaxDirectivesExceeded, limit: 2, actual: 5);
        Assert.StartsWith("Field \"name\"", error.Message);
    }

    [Fact]
    public void Directives_in_fragments_the_operation_does_not_reach_do_not_count()
    {
        Assert.Empty(Check("{ user { name } } fragment Unused on User { name @a @a @a }", Limits));
    }
}
