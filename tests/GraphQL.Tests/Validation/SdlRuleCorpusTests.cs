using Es.GraphQL.Validation.Rules;

namespace Es.GraphQL.Tests.Validation;

// One test class per rule used on schema documents, named after it; the cases live in Corpus/sdl-cases.mjs.

public class LoneSchemaDefinitionRuleSdlTests : SdlRuleCorpusTests<LoneSchemaDefinitionRule>;

public class UniqueOperationTypesRuleSdlTests : SdlRuleCorpusTests<UniqueOperationTypesRule>;

public class UniqueTypeNamesRuleSdlTests : SdlRuleCorpusTests<UniqueTypeNamesRule>;

public class UniqueEnumValueNamesRuleSdlTests : SdlRuleCorpusTests<UniqueEnumValueNamesRule>;

public class UniqueFieldDefinitionNamesRuleSdlTests : SdlRuleCorpusTests<UniqueFieldDefinitionNamesRule>;

public class UniqueArgumentDefinitionNamesRuleSdlTests : SdlRuleCorpusTests<UniqueArgumentDefinitionNamesRule>;

public class UniqueDirectiveNamesRuleSdlTests : SdlRuleCorpusTests<UniqueDirectiveNamesRule>;

public class KnownTypeNamesRuleSdlTests : SdlRuleCorpusTests<KnownTypeNamesRule>;

public class KnownDirectivesRuleSdlTests : SdlRuleCorpusTests<KnownDirectivesRule>;

public class UniqueDirectivesPerLocationRuleSdlTests : SdlRuleCorpusTests<UniqueDirectivesPerLocationRule>;

public class PossibleTypeExtensionsRuleSdlTests : SdlRuleCorpusTests<PossibleTypeExtensionsRule>;

public class KnownArgumentNamesOnDirectivesRuleSdlTests : SdlRuleCorpusTests<KnownArgumentNamesOnDirectivesRule>;

public class UniqueArgumentNamesRuleSdlTests : SdlRuleCorpusTests<UniqueArgumentNamesRule>;

public class UniqueInputFieldNamesRuleSdlTests : SdlRuleCorpusTests<UniqueInputFieldNamesRule>;

public class ProvidedRequiredArgumentsOnDirectivesRuleSdlTests : SdlRuleCorpusTests<ProvidedRequiredArgumentsOnDirectivesRule>;
