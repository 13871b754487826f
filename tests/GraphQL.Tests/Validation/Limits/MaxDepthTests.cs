using Es.GraphQL.Utilities;
using Es.GraphQL.Validation;
using static Es.GraphQL.Tests.Validation.Limits.LimitsTestSchema;

namespace Es.GraphQL.Tests.Validation.Limits;

/// <summary>OperationLimits.MaxDepth: how deeply fields nest, counted through fragment spreads and inline fragments.</summary>
public class MaxDepthTests
{
    private static readonly OperationLimits Limits = OperationLimits.Unlimited with { MaxDepth = 3 };

    [Fact]
    public void A_root_field_is_at_depth_one_and_each_selection_adds_one()
    {
        Assert.Equal(1, DepthOf("{ tags }"));
        Assert.Equal(2, DepthOf("{ tags user { name } }"));
        Assert.Equal(4, DepthOf("{ user { best { best { name } } } users { id } }"));
    }

    [Fact]
    public void Exactly_MaxDepth_passes()
    {
        Assert.Empty(Check("{ user { best { name } } }", Limits));
    }

    [Fact]
    public void One_level_deeper_than_MaxDepth_is_refused_at_the_deepest_field_with_the_code_and_figures()
    {
        var error = AssertRefused(Check("{ user { best { best {\n  name } } } }", Limits), OperationLimitsAnalyzer.MaxDepthExceeded, limit: 3, actual: 4);
        Assert.Equal("The operation nests fields 4 deep; the limit is 3.", error.Message);
        Assert.Equal([new SourceLocation(2, 3)], error.Locations);
    }

    [Fact]
    public void Depth_counts_through_a_chain_of_shallow_fragments()
    {
        const string document = """
            { user { ...A } }
            fragment A on User { best { ...B } }
            fragment B on User { best { ...C } }
            fragment C on User { best { name } }
            """;
        Assert.Equal(5, DepthOf(document));
        AssertRefused(Check(document, Limits), OperationLimitsAnalyzer.MaxDepthExceeded, limit: 3, actual: 5);
    }

    [Fact]
    public void Depth_counts_through_inline_fragments_and_fragments_spread_in_them()
    {
        Assert.Equal(4, DepthOf("{ node(id: 1) { ... on User { ... { best { ...F } } } } } fragment F on User { best { id } }"));
    }

    [Fact]
    public void A_fragment_spread_at_several_depths_counts_where_it_is_deepest()
    {
        // F is measured once, at its first (shallow) spread; its depth still adds to the deep one.
        Assert.Equal(5, DepthOf("{ user { ...F } users { friends { best { ...F } } } } fragment F on User { best { id } }"));
    }

    [Fact]
    public void The_introspection_query_is_fifteen_deep()
    {
        Assert.Equal(15, DepthOf(IntrospectionQuery.Get()));
        Assert.Equal(15, DepthOf(IntrospectionQuery.Get(IntrospectionOptions.All)));
    }

    [Fact]
    public void The_introspection_query_fits_the_default_depth_with_five_levels_to_spare()
    {
        foreach (var options in new[] { new IntrospectionOptions(), IntrospectionOptions.All })
        {
            var query = IntrospectionQuery.Get(options);
            Assert.Empty(Check(query));
            // It would still pass five levels lower: 15 deep under a limit of 20.
            Assert.Empty(Check(query, OperationLimits.Default with { MaxDepth = OperationLimits.Default.MaxDepth - 5 }));
        }
    }
}
