using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;
using Es.GraphQL.Validation;
using Es.GraphQL.Validation.Rules;

namespace Es.GraphQL.Tests.Validation;

/// <summary>Validator.Validate as a whole (spec 5): options, limits, error shape.</summary>
public class ValidatorTests
{
    private static GraphQLSchema Schema => ValidationTestSchema.Instance;

    private static IReadOnlyList<GraphQLError> Validate(string document, ValidationOptions? options = null) =>
        Validator.Validate(Schema, Parser.Parse(document), options: options);

    [Fact]
    public void Validate_accepts_a_valid_document_with_no_errors()
    {
        Assert.Empty(Validate("query Q($id: ID) { human(id: $id) { name pets { name ... on Dog { barkVolume } } } }"));
    }

    [Fact]
    public void Validate_errors_carry_code_and_rule_name_in_extensions()
    {
        var error = Assert.Single(Validate("{ dog { nme } }"));
        Assert.Equal("Cannot query field \"nme\" on type \"Dog\". Did you mean \"name\"?", error.Message);
        Assert.Equal([new SourceLocation(1, 9)], error.Locations);
        Assert.Equal("VALIDATION", error.Extensions!["code"]);
        Assert.Equal(nameof(FieldsOnCorrectTypeRule), error.Extensions!["rule"]);
    }

    [Fact]
    public void Validate_with_HideSuggestions_leaves_out_did_you_mean()
    {
        var errors = Validate("{ dog { nme } cat { meowz } }", new ValidationOptions { HideSuggestions = true });
        Assert.Equal(["Cannot query field \"nme\" on type \"Dog\".", "Cannot query field \"meowz\" on type \"Cat\"."], errors.Select(e => e.Message));
    }

    [Fact]
    public void Validate_stops_after_MaxErrors_with_a_last_error_saying_so()
    {
        var errors = Validate("{ a b c d e }", new ValidationOptions { MaxErrors = 2 });
        Assert.Equal(
            ["Cannot query field \"a\" on type \"QueryRoot\".", "Cannot query field \"b\" on type \"QueryRoot\".", Validator.TooManyErrorsMessage],
            errors.Select(e => e.Message));
        Assert.False(errors[^1].Extensions!.ContainsKey("rule"));
    }

    [Fact]
    public void Validate_accepts_empty_selection_sets_unless_told_not_to()
    {
        Assert.Empty(Validate("{ human { } }"));
        var error = Assert.Single(Validate("{ human { } }", new ValidationOptions { AllowEmptySelectionSets = false }));
        Assert.Equal("Field \"human\" of type \"Human\" must have at least one field selected.", error.Message);
    }

    [Fact]
    public void Validate_aborts_when_fragments_make_field_merging_explode()
    {
        const int count = 300;
        var spreads = string.Join(" ", Enumerable.Range(0, count).Select(i => $"...F{i}"));
        var fragments = string.Concat(Enumerable.Range(0, count).Select(i => $"fragment F{i} on Dog {{ name nickname barks barkVolume mother {{ name }} father {{ name }} }} "));
        var errors = Validate($"{{ dog {{ {spreads} }} }} {fragments}");
        Assert.Equal([Validator.AbortedMessage], errors.Select(e => e.Message));
    }

    [Fact]
    public void Validate_does_not_check_descriptions_against_the_surrounding_input_type()
    {
        Assert.Empty(Validate("\"\"\"op\"\"\" query Q(\"\"\"described\"\"\" $a: Int = 1) { complicatedArgs { intArgField(intArg: $a) } }"));
    }

    [Fact]
    public void Validate_runs_only_the_rules_given()
    {
        var errors = Validator.Validate(Schema, Parser.Parse("{ dog { nme } } fragment Unused on Dog { name }"), [new NoUnusedFragmentsRule()]);
        Assert.Equal(["Fragment \"Unused\" is never used."], errors.Select(e => e.Message));
    }

    [Fact]
    public void SpecifiedRules_are_graphql_js_17_specifiedRules_in_order()
    {
        Assert.Equal(
        [
            "ExecutableDefinitionsRule", "KnownOperationTypesRule", "UniqueOperationNamesRule", "LoneAnonymousOperationRule",
            "SingleFieldSubscriptionsRule", "KnownTypeNamesRule", "FragmentsOnCompositeTypesRule", "VariablesAreInputTypesRule",
            "ScalarLeafsRule", "FieldsOnCorrectTypeRule", "UniqueFragmentNamesRule", "KnownFragmentNamesRule", "NoUnusedFragmentsRule",
            "PossibleFragmentSpreadsRule", "NoFragmentCyclesRule", "UniqueVariableNamesRule", "NoUndefinedVariablesRule",
            "NoUnusedVariablesRule", "KnownDirectivesRule", "UniqueDirectivesPerLocationRule", "DeferStreamDirectiveOnRootFieldRule",
            "DeferStreamDirectiveOnValidOperationsRule", "DeferStreamDirectiveLabelRule", "StreamDirectiveOnListFieldRule",
            "KnownArgumentNamesRule", "UniqueArgumentNamesRule", "ValuesOfCorrectTypeRule", "ProvidedRequiredArgumentsRule",
            "VariablesInAllowedPositionRule", "OverlappingFieldsCanBeMergedRule", "UniqueInputFieldNamesRule", "MaxIntrospectionDepthRule",
        ], SpecifiedRules.All.Select(r => r.Name));
    }

    [Fact]
    public void Validate_handles_the_deepest_documents_the_parser_accepts()
    {
        var fields = string.Concat(Enumerable.Repeat("mother { ", 250));
        var deepSelections = $"{{ dog {{ {fields} name {new string('}', 250)} }} dog {{ {fields} name: nickname {new string('}', 250)} }} }}";
        var errors = Validate(deepSelections);
        Assert.Single(errors);
        Assert.StartsWith("Fields \"dog\" conflict because subfields \"mother\" conflict", errors[0].Message);

        var deepList = $"{{ complicatedArgs {{ stringListArgField(stringListArg: {new string('[', 250)}\"a\"{new string(']', 250)}) }} }}";
        Assert.Single(Validate(deepList));
    }

    [Fact]
    public void ValidateSdl_accepts_a_valid_schema_document()
    {
        Assert.Empty(Validator.ValidateSdl(Parser.Parse("type Query { a(x: Int = 1): [String!] } directive @d(r: Int!) on FIELD_DEFINITION type T { f: Int @d(r: 1) }")));
    }
}

/// <summary>TypeInfo (graphql-js utilities/TypeInfo): the types known at each position of a document.</summary>
public class TypeInfoTests
{
    [Fact]
    public void TypeInfo_tracks_parent_field_and_input_types_while_visiting()
    {
        var schema = ValidationTestSchema.Instance;
        var typeInfo = new TypeInfo(schema);
        var seen = new List<string>();
        var visitor = new Visitor()
            .Enter<FieldNode>(field => seen.Add($"field {field.Name.Value}: parent={typeInfo.ParentType} type={typeInfo.Type} def={typeInfo.FieldDef}"))
            .Enter<ArgumentNode>(argument => seen.Add($"argument {argument.Name.Value}: input={typeInfo.InputType} default={typeInfo.HasDefaultValue}"))
            .Enter<ObjectFieldNode>(field => seen.Add($"object field {field.Name.Value}: input={typeInfo.InputType} parentInput={typeInfo.ParentInputType}"))
            .Enter<EnumValueNode>(value => seen.Add($"enum {value.Value}: {typeInfo.EnumValue}"))
            .Enter<ListValueNode>(_ => seen.Add($"list item: {typeInfo.InputType}"));
        var document = Parser.Parse("{ dog { isHouseTrained(atOtherHomes: true) doesKnowCommand(dogCommand: SIT) } complicatedArgs { complexArgField(complexArg: { stringListField: [\"a\"] }) } }");
        Visitor.Visit(document, new TypeInfoVisitor(typeInfo, visitor));
        Assert.Equal(
        [
            "field dog: parent=QueryRoot type=Dog def=QueryRoot.dog",
            "field isHouseTrained: parent=Dog type=Boolean def=Dog.isHouseTrained",
            "argument atOtherHomes: input=Boolean default=True",
            "field doesKnowCommand: parent=Dog type=Boolean def=Dog.doesKnowCommand",
            "argument dogCommand: input=DogCommand default=False",
            "enum SIT: DogCommand.SIT",
            "field complicatedArgs: parent=QueryRoot type=ComplicatedArgs def=QueryRoot.complicatedArgs",
            "field complexArgField: parent=ComplicatedArgs type=String def=ComplicatedArgs.complexArgField",
            "argument complexArg: input=ComplexInput default=False",
            "object field stringListField: input=[String] parentInput=ComplexInput",
            "list item: String",
        ], seen);
    }

    [Fact]
    public void TypeInfo_knows_nothing_of_unknown_fields_and_types()
    {
        var schema = ValidationTestSchema.Instance;
        var typeInfo = new TypeInfo(schema);
        var seen = new List<string>();
        var visitor = new Visitor().Enter<FieldNode>(field => seen.Add($"{field.Name.Value}: parent={typeInfo.ParentType?.Name ?? "-"} type={typeInfo.Type?.ToString() ?? "-"}"));
        Visitor.Visit(Parser.Parse("{ unknown { deeper } ... on Nope { x } }"), new TypeInfoVisitor(typeInfo, visitor));
        Assert.Equal(["unknown: parent=QueryRoot type=-", "deeper: parent=- type=-", "x: parent=- type=-"], seen);
    }
}
