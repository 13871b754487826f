using Es.GraphQL.Language;
using Es.GraphQL.Validation;
using static Es.GraphQL.Tests.Validation.Limits.LimitsTestSchema;

namespace Es.GraphQL.Tests.Validation.Limits;

/// <summary>
/// The analyzer runs before validation, so it meets invalid documents: it never throws or loops,
/// judges what it can and leaves the rest to validation.
/// </summary>
public class InvalidDocumentTests
{
    [Fact]
    public void Unknown_fields_cost_one_and_are_no_lists()
    {
        Assert.Equal(3, CostOf("{ nope { deeper(first: 100) { x } } }"));
        Assert.Equal(3, DepthOf("{ nope { deeper(first: 100) { x } } }"));
    }

    [Fact]
    public void A_selection_on_a_leaf_field_is_measured_as_unknown_fields()
    {
        Assert.Equal(1 + 10 * (1 + 2), CostOf("{ users { name { first last } } }"));
    }

    [Fact]
    public void Spreads_of_unknown_fragments_are_left_to_validation()
    {
        Assert.Equal(2, CostOf("{ user { ...Missing name } }"));
        Assert.Empty(Check("{ user { ...Missing @a @a @a name } }", OperationLimits.Unlimited with { MaxDirectivesPerLocation = 3 }));
    }

    [Fact]
    public void Unknown_type_conditions_make_their_fields_unknown()
    {
        Assert.Equal(1 + 2, CostOf("{ user { ... on Nope { friends { id } } } }"));
        Assert.Equal(1 + 2, CostOf("{ user { ...F } } fragment F on Nope { friends { id } }"));
    }

    [Fact]
    public void Fragment_cycles_are_followed_once()
    {
        const string document = """
            { user { ...A } }
            fragment A on User { a: best { ...B } }
            fragment B on User { b: best { ...A } }
            """;
        Assert.Equal(3, DepthOf(document));
        Assert.Equal(3, CostOf(document));
        AssertRefused(Check(document, OperationLimits.Unlimited with { MaxAliases = 1 }), OperationLimitsAnalyzer.MaxAliasesExceeded, limit: 1, actual: 2);
        Assert.Empty(Check("{ user { ...Self } } fragment Self on User { ...Self name }"));
    }

    [Fact]
    public void A_document_without_operations_gives_no_error()
    {
        Assert.Empty(Check("fragment F on User { a: name b: name }", OperationLimits.Default with { MaxAliases = 0 }));
        Assert.Empty(Check("type Extra { field: String }", OperationLimits.Default with { MaxAliases = 0 }));
    }

    [Fact]
    public void An_operation_name_the_document_does_not_have_gives_no_error()
    {
        Assert.Empty(Check("query Q { a: tags }", OperationLimits.Default with { MaxAliases = 0 }, operationName: "Other"));
    }

    [Fact]
    public void Without_an_operation_name_several_operations_are_each_judged_with_one_error_per_limit()
    {
        const string document = """
            query Cheap { tags }
            query Deep { user { best { best { name } } } }
            query Deeper { user { best { best { best { name } } } } }
            query DeepAgain { user { best { best { best { id } } } } }
            """;
        var error = AssertRefused(Check(document, OperationLimits.Unlimited with { MaxDepth = 3 }), OperationLimitsAnalyzer.MaxDepthExceeded, limit: 3, actual: 5);
        Assert.Equal([new SourceLocation(3, 44)], error.Locations);
        Assert.Empty(Check(document, OperationLimits.Unlimited with { MaxDepth = 3 }, operationName: "Cheap"));
    }

    [Fact]
    public void Several_operations_of_the_name_asked_for_are_each_judged()
    {
        const string document = "query Q { tags } query Q { a: tags b: tags }";
        AssertRefused(Check(document, OperationLimits.Unlimited with { MaxAliases = 1 }, operationName: "Q"), OperationLimitsAnalyzer.MaxAliasesExceeded, limit: 1, actual: 2);
    }

    [Fact]
    public void An_operation_type_the_schema_lacks_has_unknown_fields()
    {
        Assert.Equal(3, CostOf("subscription { events(first: 100) { id name } }"));
    }

    [Fact]
    public void Mutations_are_measured_from_the_mutation_type()
    {
        Assert.Equal(1 + 1 + 1 + 10, CostOf("mutation { addUser(name: \"x\") { name friends { id } } }"));
    }

    [Fact]
    public void Fields_nested_far_deeper_than_the_parser_allows_do_not_overflow_the_stack()
    {
        // Built without the parser, which caps nesting: the analyzer must not rely on that cap.
        const int depth = 200_000;
        var selection = new SelectionSetNode([new FieldNode(null, new NameNode("name"))]);
        for (int i = 0; i < depth - 1; i++) selection = new SelectionSetNode([new FieldNode(null, new NameNode("best"), selectionSet: selection)]);
        var document = new DocumentNode([new OperationDefinitionNode(OperationType.Query, null, null, null,
            new SelectionSetNode([new FieldNode(null, new NameNode("user"), selectionSet: selection)]))]);

        var errors = OperationLimitsAnalyzer.Check(Instance, document, null, null, OperationLimits.Default);
        Assert.Equal([OperationLimitsAnalyzer.MaxDepthExceeded, OperationLimitsAnalyzer.MaxCostExceeded], errors.Select(e => e.Extensions!["code"]));
        Assert.Equal(depth + 1L, errors[0].Extensions!["actual"]);
        Assert.Empty(errors[0].Locations);
    }
}
