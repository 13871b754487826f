using Es.GraphQL.Validation;
using static Es.GraphQL.Tests.Validation.Limits.LimitsTestSchema;

namespace Es.GraphQL.Tests.Validation.Limits;

/// <summary>OperationLimits.MaxAliases: aliases written in the operation and the fragments it reaches.</summary>
public class MaxAliasesTests
{
    private static readonly OperationLimits Limits = OperationLimits.Unlimited with { MaxAliases = 3 };

    [Fact]
    public void Exactly_MaxAliases_aliases_pass()
    {
        Assert.Empty(Check("{ a: user { b: name } c: users { name } }", Limits));
    }

    [Fact]
    public void One_alias_more_than_MaxAliases_is_refused_at_that_alias_with_the_code_and_figures()
    {
        var error = AssertRefused(
            Check("{ a: user { b: name } c: users { name }\n  d: tags }", Limits),
            OperationLimitsAnalyzer.MaxAliasesExceeded, limit: 3, actual: 4);
        Assert.Equal("The operation has 4 aliases; the limit is 3.", error.Message);
        Assert.Equal([new SourceLocation(2, 3)], error.Locations);
    }

    [Fact]
    public void Aliases_in_reachable_fragments_count_once_each_as_written()
    {
        // F is spread three times but written once: its two aliases count twice in all, not six times.
        const string document = "{ x: user { ...F } users { ...F ...F } } fragment F on User { a: name b: id }";
        Assert.Empty(Check(document, Limits));
        AssertRefused(Check(document, Limits with { MaxAliases = 2 }), OperationLimitsAnalyzer.MaxAliasesExceeded, limit: 2, actual: 3);
    }

    [Fact]
    public void Aliases_in_inline_fragments_and_nested_fragments_count()
    {
        const string document = "{ user { ... on User { a: name } ...F } } fragment F on User { best { ...G } } fragment G on User { b: id c: id d: id }";
        AssertRefused(Check(document, Limits), OperationLimitsAnalyzer.MaxAliasesExceeded, limit: 3, actual: 4);
    }

    [Fact]
    public void Aliases_of_fragments_and_operations_that_do_not_run_do_not_count()
    {
        const string document = """
            query Small { a: user { name } }
            query Big { a: user { b: name c: id d: best { id } } }
            fragment Unused on User { e: name f: id g: id h: id }
            """;
        Assert.Empty(Check(document, Limits, operationName: "Small"));
        AssertRefused(Check(document, Limits, operationName: "Big"), OperationLimitsAnalyzer.MaxAliasesExceeded, limit: 3, actual: 4);
    }

    [Fact]
    public void A_field_named_as_its_alias_is_still_an_alias()
    {
        AssertRefused(Check("{ user: user { name: name } }", Limits with { MaxAliases = 1 }), OperationLimitsAnalyzer.MaxAliasesExceeded, limit: 1, actual: 2);
    }

    [Fact]
    public void Null_MaxAliases_counts_no_aliases()
    {
        var aliases = string.Join(" ", Enumerable.Range(0, 1000).Select(i => $"a{i}: tags"));
        Assert.Empty(Check($"{{ {aliases} }}", Limits with { MaxAliases = null }));
    }
}
