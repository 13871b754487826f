using System.Text;
using Xunit.Abstractions;
using Es.GraphQL.Language;
using Es.GraphQL.Validation;
using Es.GraphQL.Validation.Rules;
using static Es.GraphQL.Tests.Validation.Limits.LimitsTestSchema;

namespace Es.GraphQL.Tests.Validation.Limits;

/// <summary>
/// The validator itself answers hostile documents within seconds, whether or not the operation
/// limits ran first: fragment bombs, thousands of aliases, and the quadratic case of field merging
/// (thousands of fields with one response name). Where its work budget runs out it answers
/// "Validation aborted." (graphql-js 17's behaviour), which refuses the document just as well.
/// </summary>
[Collection(TimedCollection.Name)]
public class ValidatorOnHostileDocumentsTests(ITestOutputHelper output)
{
    // Nominally under half a second; the bound catches work that grows out of hand, not a busy machine.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    private IReadOnlyList<GraphQLError> ValidateQuickly(string text)
    {
        var document = Parser.Parse(text);
        IReadOnlyList<GraphQLError> errors = [];
        var elapsed = FastestOf3(() => errors = Validator.Validate(ValidationTestSchema.Instance, document));
        output.WriteLine($"fastest of 3: {elapsed.TotalMilliseconds:F2} ms");
        Assert.True(elapsed < Bound, $"took {elapsed.TotalMilliseconds:F0} ms");
        return errors;
    }

    private static void AssertValidOrAborted(IReadOnlyList<GraphQLError> errors) =>
        Assert.True(errors.Count == 0 || (errors.Count == 1 && errors[0].Message == Validator.AbortedMessage),
            string.Join("\n", errors.Take(3).Select(e => e.Message)));

    [Fact]
    public void A_fragment_bomb_of_thirty_levels_spreading_the_previous_fragment_twice_is_valid_and_quick()
    {
        var document = new StringBuilder("{ dog { ...F30 } } fragment F0 on Dog { name }");
        for (int i = 1; i <= 30; i++) document.Append($" fragment F{i} on Dog {{ ...F{i - 1} ...F{i - 1} }}");
        Assert.Empty(ValidateQuickly(document.ToString()));
    }

    [Fact]
    public void A_fragment_bomb_of_thirty_levels_under_two_fields_of_one_name_is_valid_and_quick()
    {
        // The two "mother" fields must merge, so each level compares the sub-selections of the level below.
        var document = new StringBuilder("{ dog { ...F30 } } fragment F0 on Dog { name }");
        for (int i = 1; i <= 30; i++) document.Append($" fragment F{i} on Dog {{ mother {{ ...F{i - 1} }} mother {{ ...F{i - 1} }} }}");
        Assert.Empty(ValidateQuickly(document.ToString()));
    }

    [Fact]
    public void A_fragment_bomb_of_thirty_levels_under_different_fields_is_valid_and_quick()
    {
        var document = new StringBuilder("{ dog { ...F30 } } fragment F0 on Dog { name }");
        for (int i = 1; i <= 30; i++) document.Append($" fragment F{i} on Dog {{ name ...F{i - 1} mother {{ ...F{i - 1} }} father {{ ...F{i - 1} }} }}");
        Assert.Empty(ValidateQuickly(document.ToString()));
    }

    [Fact]
    public void Ten_thousand_aliases_of_one_field_with_different_arguments_are_valid_and_quick()
    {
        var aliases = string.Join(" ", Enumerable.Range(0, 10_000).Select(i => $"a{i}: isAtLocation(x: {i}, y: {i})"));
        Assert.Empty(ValidateQuickly($"{{ dog {{ {aliases} }} }}"));
    }

    [Fact]
    public void Ten_thousand_fields_of_one_response_name_with_different_arguments_are_refused_quickly()
    {
        var fields = string.Join(" ", Enumerable.Range(0, 10_000).Select(i => $"a: isAtLocation(x: {i})"));
        var errors = ValidateQuickly($"{{ dog {{ {fields} }} }}");
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.True(e.Message == Validator.AbortedMessage || (string?)e.Extensions!["rule"] == nameof(OverlappingFieldsCanBeMergedRule), e.Message));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("x: isAtLocation(x: 1, y: 2)")]
    [InlineData("mother { name }")]
    [InlineData("mother { mother { name } }")]
    [InlineData("... on Dog { name }")]
    public void Two_thousand_fields_of_one_response_name_are_answered_quickly(string field)
    {
        AssertValidOrAborted(ValidateQuickly($"{{ dog {{ {string.Join(" ", Enumerable.Repeat(field, 2_000))} }} }}"));
    }

    [Fact]
    public void Two_thousand_fragments_spread_together_are_answered_quickly()
    {
        var spreads = string.Join(" ", Enumerable.Range(0, 2_000).Select(i => $"...F{i}"));
        var fragments = string.Concat(Enumerable.Range(0, 2_000).Select(i => $" fragment F{i} on Dog {{ name mother {{ name }} }}"));
        AssertValidOrAborted(ValidateQuickly($"{{ dog {{ {spreads} }} }}{fragments}"));
    }

    [Fact]
    public void A_chain_of_a_thousand_fragments_is_answered_quickly()
    {
        var document = new StringBuilder("{ dog { ...F0 } }");
        for (int i = 0; i < 1_000; i++) document.Append($" fragment F{i} on Dog {{ name mother {{ ...F{i + 1} }} }}");
        document.Append(" fragment F1000 on Dog { name }");
        AssertValidOrAborted(ValidateQuickly(document.ToString()));
    }

    [Fact]
    public void Ten_thousand_directives_on_one_field_are_answered_quickly()
    {
        var errors = ValidateQuickly($"{{ dog {{ name{string.Concat(Enumerable.Repeat(" @skip(if: false)", 10_000))} }} }}");
        Assert.Equal(Validator.TooManyErrorsMessage, errors[^1].Message);
    }
}
