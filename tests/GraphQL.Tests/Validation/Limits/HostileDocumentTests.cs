using System.Text;
using Xunit.Abstractions;
using Es.GraphQL.Language;
using Es.GraphQL.Validation;
using static Es.GraphQL.Tests.Validation.Limits.LimitsTestSchema;

namespace Es.GraphQL.Tests.Validation.Limits;

/// <summary>
/// Documents written to make a server work hard are refused by the analyzer, under the default
/// limits, in well under 200 ms each: a guard against work that grows faster than the document.
/// </summary>
[Collection(TimedCollection.Name)]
public class HostileDocumentTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(200);

    private IReadOnlyList<GraphQLError> CheckQuickly(string text)
    {
        var document = Parser.Parse(text);
        IReadOnlyList<GraphQLError> errors = [];
        var elapsed = FastestOf3(() => errors = OperationLimitsAnalyzer.Check(Instance, document, null, null, OperationLimits.Default));
        output.WriteLine($"fastest of 3: {elapsed.TotalMilliseconds:F2} ms");
        Assert.True(elapsed < Bound, $"took {elapsed.TotalMilliseconds:F1} ms");
        return errors;
    }

    [Fact]
    public void Ten_thousand_aliases_are_refused_quickly()
    {
        var aliases = string.Join(" ", Enumerable.Range(0, 10_000).Select(i => $"a{i}: tags"));
        AssertRefused(CheckQuickly($"{{ {aliases} }}"), OperationLimitsAnalyzer.MaxAliasesExceeded, limit: 30, actual: 10_000);
    }

    [Fact]
    public void Ten_thousand_directives_on_one_field_are_refused_quickly()
    {
        var directives = string.Concat(Enumerable.Repeat(" @a", 10_000));
        AssertRefused(CheckQuickly($"{{ tags{directives} }}"), OperationLimitsAnalyzer.MaxDirectivesExceeded, limit: 10, actual: 10_000);
    }

    [Fact]
    public void A_fragment_bomb_of_forty_levels_is_refused_quickly()
    {
        // F40 expands to 2^40 fields: measured expanded, this would never finish.
        var document = new StringBuilder("{ user { ...F40 } } fragment F0 on User { name }");
        for (int i = 1; i <= 40; i++) document.Append($" fragment F{i} on User {{ ...F{i - 1} ...F{i - 1} }}");
        AssertRefused(CheckQuickly(document.ToString()), OperationLimitsAnalyzer.MaxCostExceeded, limit: 100_000, actual: 1 + (1L << 40));
    }

    [Fact]
    public void A_nested_fragment_bomb_of_forty_levels_is_refused_quickly()
    {
        var document = new StringBuilder("{ user { ...F40 } } fragment F0 on User { name }");
        for (int i = 1; i <= 40; i++) document.Append($" fragment F{i} on User {{ best {{ ...F{i - 1} }} friends {{ ...F{i - 1} }} }}");
        var errors = CheckQuickly(document.ToString());
        Assert.Equal([OperationLimitsAnalyzer.MaxDepthExceeded, OperationLimitsAnalyzer.MaxCostExceeded], errors.Select(e => e.Extensions!["code"]));
        Assert.Equal(42L, errors[0].Extensions!["actual"]);
        Assert.Equal(long.MaxValue, errors[1].Extensions!["actual"]);
    }

    [Fact]
    public void A_chain_of_a_thousand_fragments_is_refused_quickly()
    {
        var errors = CheckQuickly(FragmentChain(1_000));
        AssertRefused(errors, OperationLimitsAnalyzer.MaxDepthExceeded, limit: 20, actual: 1_002);
    }

    [Fact]
    public void A_chain_of_twenty_thousand_fragments_does_not_overflow_the_stack()
    {
        var errors = OperationLimitsAnalyzer.Check(Instance, Parser.Parse(FragmentChain(20_000)), null, null, OperationLimits.Default);
        Assert.Equal(20_002L, errors[0].Extensions!["actual"]);
    }

    // { user { ...F0 } } where each fragment selects the next one field deeper.
    private static string FragmentChain(int length)
    {
        var document = new StringBuilder("{ user { ...F0 } }");
        for (int i = 0; i < length; i++) document.Append($" fragment F{i} on User {{ best {{ ...F{i + 1} }} }}");
        return document.Append($" fragment F{length} on User {{ name }}").ToString();
    }
}
