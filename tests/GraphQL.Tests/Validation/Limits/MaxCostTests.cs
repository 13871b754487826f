using System.Numerics;
using System.Text.Json;
using Es.GraphQL.Execution;
using Es.GraphQL.Utilities;
using Es.GraphQL.Validation;
using static Es.GraphQL.Tests.Validation.Limits.LimitsTestSchema;

namespace Es.GraphQL.Tests.Validation.Limits;

/// <summary>
/// OperationLimits.MaxCost: every field costs 1 (__typename 0), a field with a selection adds the
/// selection's cost, multiplied for a list field by its size argument (written, or its default in
/// the schema) or the default list size.
/// </summary>
public class MaxCostTests
{
    [Fact]
    public void Every_field_costs_one_and_a_field_with_a_selection_adds_its_cost()
    {
        Assert.Equal(1, CostOf("{ tags }"));
        Assert.Equal(4, CostOf("{ user { name best { name } } }"));
    }

    [Fact]
    public void Typename_is_free()
    {
        Assert.Equal(0, CostOf("{ __typename }"));
        Assert.Equal(2, CostOf("{ __typename user { __typename best { __typename } } }"));
    }

    [Fact]
    public void A_list_field_without_a_size_argument_multiplies_its_selection_by_the_default_list_size()
    {
        Assert.Equal(1 + 10 * 2, CostOf("{ users { id name } }"));
        Assert.Equal(1 + 4 * 2, CostOf("{ users { id name } }", limits: OperationLimits.Unlimited with { DefaultListSize = 4 }));
    }

    [Theory]
    [InlineData("first")]
    [InlineData("last")]
    [InlineData("limit")]
    [InlineData("take")]
    [InlineData("size")]
    public void A_literal_list_size_argument_multiplies_the_selection(string argument)
    {
        Assert.Equal(1 + 5 * 2, CostOf($"{{ users({argument}: 5) {{ id name }} }}"));
    }

    [Fact]
    public void Of_several_size_arguments_the_largest_counts()
    {
        Assert.Equal(1 + 7, CostOf("{ users(first: 3, last: 7) { id } }"));
    }

    [Fact]
    public void Other_arguments_are_not_sizes()
    {
        Assert.Equal(1 + 10, CostOf("{ users(after: \"x\") { id } }"));
    }

    [Fact]
    public void List_size_arguments_can_be_configured()
    {
        var limits = OperationLimits.Unlimited with { ListSizeArguments = new HashSet<string> { "after", "count" } };
        Assert.Equal(1 + 10, CostOf("{ users(first: 3) { id } }", limits: limits));
    }

    [Fact]
    public void A_size_given_as_a_variable_is_read_from_the_request_variables_as_JSON()
    {
        var variables = Values.FromJson(JsonDocument.Parse("""{ "n": 7 }""").RootElement);
        Assert.Equal(1 + 7, CostOf("query ($n: Int) { users(first: $n) { id } }", variables));
    }

    public static TheoryData<object> ClrSizes => new() { 7, 7L, (short)7, (byte)7, 7u, 7UL, 7.0, 7.0f, 7m, new BigInteger(7) };

    [Theory]
    [MemberData(nameof(ClrSizes))]
    public void A_size_given_as_a_variable_is_read_from_CLR_numbers(object value)
    {
        Assert.Equal(1 + 7, CostOf("query ($n: Int) { users(limit: $n) { id } }", new Dictionary<string, object?> { ["n"] = value }));
    }

    [Fact]
    public void A_variable_not_given_takes_its_default_value_else_the_default_list_size()
    {
        Assert.Equal(1 + 3, CostOf("query ($n: Int = 3) { users(first: $n) { id } }"));
        Assert.Equal(1 + 10, CostOf("query ($n: Int) { users(first: $n) { id } }"));
        Assert.Equal(1 + 10, CostOf("query ($n: Int = 3) { users(first: $n) { id } }", new Dictionary<string, object?> { ["n"] = null }));
    }

    [Fact]
    public void A_size_argument_not_written_counts_with_its_default_in_the_schema()
    {
        // recent(limit: Int = 5): the field + 5 posts × their id.
        Assert.Equal(1 + 5 * 1, CostOf("{ recent { id } }"));
        Assert.Equal(1 + 2 * 1, CostOf("{ recent(limit: 2) { id } }"));
    }

    [Fact]
    public void A_variable_neither_given_nor_defaulted_takes_the_arguments_default_in_the_schema()
    {
        // As coercion does: $n is not given and has no default, so limit gets its default of 5.
        Assert.Equal(1 + 5 * 1, CostOf("query ($n: Int) { recent(limit: $n) { id } }"));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("\"lots\"")]
    [InlineData("null")]
    [InlineData("[3]")]
    public void A_size_that_cannot_be_known_counts_as_the_default_list_size(string json)
    {
        var variables = Values.FromJson(JsonDocument.Parse($$"""{ "n": {{json}} }""").RootElement);
        Assert.Equal(1 + 10, CostOf("query ($n: Int) { users(first: $n) { id } }", variables));
        Assert.Equal(1 + 10, CostOf("{ users(first: -5) { id } }"));
    }

    [Fact]
    public void Nested_lists_multiply()
    {
        Assert.Equal(1 + 2 * (1 + 3 * (1 + 4 * 1)), CostOf("{ users(first: 2) { friends(first: 3) { posts(limit: 4) { id } } } }"));
    }

    [Fact]
    public void A_list_of_lists_multiplies_its_inner_list_by_the_default_list_size()
    {
        Assert.Equal(1 + 2 * 10 * 1, CostOf("{ matrix(first: 2) { id } }"));
    }

    [Fact]
    public void A_list_of_leaves_costs_one()
    {
        Assert.Equal(1, CostOf("{ tags(first: 1000) }"));
    }

    [Fact]
    public void A_fragment_costs_as_much_each_time_it_is_spread()
    {
        Assert.Equal(1 + 1 + (1 + 1) + 1, CostOf("{ user { ...F best { ...F } ... on User { ...F } } } fragment F on User { id }"));
    }

    [Fact]
    public void Inline_fragments_on_each_member_of_a_union_add_up()
    {
        Assert.Equal(1 + 10 * (2 + 4), CostOf("{ search { ... on User { id name } ... on Post { id title author { id } } } }"));
    }

    [Fact]
    public void Exactly_MaxCost_passes_and_one_more_is_refused_at_the_operation_with_the_code_and_figures()
    {
        const string document = "query Q {\n  users(first: 4) { id } }"; // 1 + 4
        Assert.Empty(Check(document, OperationLimits.Unlimited with { MaxCost = 5 }));
        var error = AssertRefused(Check(document, OperationLimits.Unlimited with { MaxCost = 4 }), OperationLimitsAnalyzer.MaxCostExceeded, limit: 4, actual: 5);
        Assert.Equal("The operation's estimated cost is 5; the limit is 4.", error.Message);
        Assert.Equal([new SourceLocation(1, 1)], error.Locations);
    }

    [Fact]
    public void Three_nested_lists_of_a_thousand_are_refused_under_the_defaults()
    {
        var errors = Check("{ users(first: 1000) { friends(first: 1000) { friends(first: 1000) { name } } } }");
        AssertRefused(errors, OperationLimitsAnalyzer.MaxCostExceeded, limit: 100_000, actual: 1 + 1000 * (1 + 1000 * (1 + 1000)));
    }

    [Fact]
    public void Costs_too_large_for_a_long_saturate()
    {
        var error = AssertRefused(
            Check("{ users(first: 99999999999999999999999) { friends(first: 9223372036854775807) { friends(first: 5) { name } } } }"),
            OperationLimitsAnalyzer.MaxCostExceeded, limit: 100_000, actual: long.MaxValue);
        Assert.Contains("at least 9223372036854775807", error.Message);
        var variables = Values.FromJson(JsonDocument.Parse("""{ "n": 2.5e400 }""").RootElement);
        Assert.Equal(long.MaxValue, CostOf("query ($n: Int) { users(first: $n) { id } }", variables));
    }

    [Fact]
    public void The_introspection_query_passes_the_defaults_at_its_documented_cost()
    {
        foreach (var options in new[] { new IntrospectionOptions(), IntrospectionOptions.All })
        {
            Assert.Empty(Check(IntrospectionQuery.Get(options)));
        }
        Assert.Equal(49_432, CostOf(IntrospectionQuery.Get(), limits: OperationLimits.Default));
        Assert.Equal(51_883, CostOf(IntrospectionQuery.Get(IntrospectionOptions.All), limits: OperationLimits.Default));
    }
}
