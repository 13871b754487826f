using Es.GraphQL.Validation;

namespace Es.GraphQL.Tests.Validation.Limits;

/// <summary>The OperationLimits record: documented defaults, null as no limit, no negative limit.</summary>
public class OperationLimitsTests
{
    [Fact]
    public void Default_limits_are_the_documented_figures()
    {
        var limits = OperationLimits.Default;
        Assert.Equal(30, limits.MaxAliases);
        Assert.Equal(10, limits.MaxDirectivesPerLocation);
        Assert.Equal(20, limits.MaxDepth);
        Assert.Equal(100_000, limits.MaxCost);
        Assert.Equal(10, limits.DefaultListSize);
        Assert.True(limits.ListSizeArguments.SetEquals(["first", "last", "limit", "take", "size"]));
        Assert.True(limits.ConnectionListFields.SetEquals(["edges", "nodes"]));
    }

    [Fact]
    public void Unlimited_has_no_limit()
    {
        var limits = OperationLimits.Unlimited;
        Assert.Null(limits.MaxAliases);
        Assert.Null(limits.MaxDirectivesPerLocation);
        Assert.Null(limits.MaxDepth);
        Assert.Null(limits.MaxCost);
    }

    [Fact]
    public void A_negative_limit_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OperationLimits { MaxAliases = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OperationLimits { MaxDirectivesPerLocation = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OperationLimits { MaxDepth = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OperationLimits { MaxCost = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OperationLimits { DefaultListSize = -1 });
    }

    [Fact]
    public void With_no_limit_nothing_is_refused()
    {
        var aliases = string.Join(" ", Enumerable.Range(0, 100).Select(i => $"a{i}: users(first: 1000) {{ friends(first: 1000) {{ name @a @a @a @a @a @a @a @a @a @a @a }} }}"));
        Assert.Empty(LimitsTestSchema.Check($"{{ {aliases} }}", OperationLimits.Unlimited));
    }
}
