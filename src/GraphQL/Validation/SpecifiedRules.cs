using Es.GraphQL.Validation.Rules;

namespace Es.GraphQL.Validation;

/// <summary>The rules of spec section 5, in graphql-js 17's <c>specifiedRules</c> order (which is also the order errors come in).</summary>
public static class SpecifiedRules
{
    /// <summary>graphql-js's <c>recommendedRules</c>: not in the spec, but guards against abusive introspection queries.</summary>
    public static IReadOnlyList<ValidationRule> Recommended { get; } = [new MaxIntrospectionDepthRule()];

    public static IReadOnlyList<ValidationRule> All { get; } =
    [
        new ExecutableDefinitionsRule(),
        new KnownOperationTypesRule(),
        new UniqueOperationNamesRule(),
        new LoneAnonymousOperationRule(),
        new SingleFieldSubscriptionsRule(),
        new KnownTypeNamesRule(),
        new FragmentsOnCompositeTypesRule(),
        new VariablesAreInputTypesRule(),
        new ScalarLeafsRule(),
        new FieldsOnCorrectTypeRule(),
        new UniqueFragmentNamesRule(),
        new KnownFragmentNamesRule(),
        new NoUnusedFragmentsRule(),
        new PossibleFragmentSpreadsRule(),
        new NoFragmentCyclesRule(),
        new UniqueVariableNamesRule(),
        new NoUndefinedVariablesRule(),
        new NoUnusedVariablesRule(),
        new KnownDirectivesRule(),
        new UniqueDirectivesPerLocationRule(),
        new DeferStreamDirectiveOnRootFieldRule(),
        new DeferStreamDirectiveOnValidOperationsRule(),
        new DeferStreamDirectiveLabelRule(),
        new StreamDirectiveOnListFieldRule(),
        new KnownArgumentNamesRule(),
        new UniqueArgumentNamesRule(),
        new ValuesOfCorrectTypeRule(),
        new ProvidedRequiredArgumentsRule(),
        new VariablesInAllowedPositionRule(),
        new OverlappingFieldsCanBeMergedRule(),
        new UniqueInputFieldNamesRule(),
        .. Recommended,
    ];

    /// <summary>The rules graphql-js's <c>validateSDL</c> runs on a schema document before building a schema from it (<c>specifiedSDLRules</c>).</summary>
    public static IReadOnlyList<ValidationRule> Sdl { get; } =
    [
        new LoneSchemaDefinitionRule(),
        new UniqueOperationTypesRule(),
        new UniqueTypeNamesRule(),
        new UniqueEnumValueNamesRule(),
        new UniqueFieldDefinitionNamesRule(),
        new UniqueArgumentDefinitionNamesRule(),
        new UniqueDirectiveNamesRule(),
        new KnownTypeNamesRule(),
        new KnownDirectivesRule(),
        new UniqueDirectivesPerLocationRule(),
        new PossibleTypeExtensionsRule(),
        new KnownArgumentNamesOnDirectivesRule(),
        new UniqueArgumentNamesRule(),
        new UniqueInputFieldNamesRule(),
        new ProvidedRequiredArgumentsOnDirectivesRule(),
    ];
}
