using Es.GraphQL.Validation.Rules;

namespace Es.GraphQL.Tests.Validation;

// One test class per rule, named after it; the cases live in Corpus/cases.mjs.

public class ExecutableDefinitionsRuleTests : RuleCorpusTests<ExecutableDefinitionsRule>;

public class KnownOperationTypesRuleTests : RuleCorpusTests<KnownOperationTypesRule>;

public class UniqueOperationNamesRuleTests : RuleCorpusTests<UniqueOperationNamesRule>;

public class LoneAnonymousOperationRuleTests : RuleCorpusTests<LoneAnonymousOperationRule>;

public class SingleFieldSubscriptionsRuleTests : RuleCorpusTests<SingleFieldSubscriptionsRule>;

public class KnownTypeNamesRuleTests : RuleCorpusTests<KnownTypeNamesRule>;

public class FragmentsOnCompositeTypesRuleTests : RuleCorpusTests<FragmentsOnCompositeTypesRule>;

public class VariablesAreInputTypesRuleTests : RuleCorpusTests<VariablesAreInputTypesRule>;

public class ScalarLeafsRuleTests : RuleCorpusTests<ScalarLeafsRule>;

public class FieldsOnCorrectTypeRuleTests : RuleCorpusTests<FieldsOnCorrectTypeRule>;

public class UniqueFragmentNamesRuleTests : RuleCorpusTests<UniqueFragmentNamesRule>;

public class KnownFragmentNamesRuleTests : RuleCorpusTests<KnownFragmentNamesRule>;

public class NoUnusedFragmentsRuleTests : RuleCorpusTests<NoUnusedFragmentsRule>;

public class PossibleFragmentSpreadsRuleTests : RuleCorpusTests<PossibleFragmentSpreadsRule>;

public class NoFragmentCyclesRuleTests : RuleCorpusTests<NoFragmentCyclesRule>;

public class UniqueVariableNamesRuleTests : RuleCorpusTests<UniqueVariableNamesRule>;

public class NoUndefinedVariablesRuleTests : RuleCorpusTests<NoUndefinedVariablesRule>;

public class NoUnusedVariablesRuleTests : RuleCorpusTests<NoUnusedVariablesRule>;

public class KnownDirectivesRuleTests : RuleCorpusTests<KnownDirectivesRule>;

public class UniqueDirectivesPerLocationRuleTests : RuleCorpusTests<UniqueDirectivesPerLocationRule>;

public class DeferStreamDirectiveOnRootFieldRuleTests : RuleCorpusTests<DeferStreamDirectiveOnRootFieldRule>;

public class DeferStreamDirectiveOnValidOperationsRuleTests : RuleCorpusTests<DeferStreamDirectiveOnValidOperationsRule>;

public class DeferStreamDirectiveLabelRuleTests : RuleCorpusTests<DeferStreamDirectiveLabelRule>;

public class StreamDirectiveOnListFieldRuleTests : RuleCorpusTests<StreamDirectiveOnListFieldRule>;

public class KnownArgumentNamesRuleTests : RuleCorpusTests<KnownArgumentNamesRule>;

public class UniqueArgumentNamesRuleTests : RuleCorpusTests<UniqueArgumentNamesRule>;

public class ValuesOfCorrectTypeRuleTests : RuleCorpusTests<ValuesOfCorrectTypeRule>;

public class ProvidedRequiredArgumentsRuleTests : RuleCorpusTests<ProvidedRequiredArgumentsRule>;

public class VariablesInAllowedPositionRuleTests : RuleCorpusTests<VariablesInAllowedPositionRule>;

public class OverlappingFieldsCanBeMergedRuleTests : RuleCorpusTests<OverlappingFieldsCanBeMergedRule>;

public class UniqueInputFieldNamesRuleTests : RuleCorpusTests<UniqueInputFieldNamesRule>;

public class MaxIntrospectionDepthRuleTests : RuleCorpusTests<MaxIntrospectionDepthRule>;
