// The hand-written documents of the corpus, grouped by the validation rule they aim at.
//
// Only the documents are written by hand (with variables and operation name when
// needed). Whether a document is valid, and which rules reject it, is never written
// here: generate.mjs asks graphql-js and records its answer in corpus/handwritten.json.
//
// `schema: 'query-only'` runs an entry against schemas/query-only.graphql instead of
// schema.graphql (the only way to have an operation type the schema lacks).
// `expectErrors: true` marks a valid document whose execution is meant to fail in
// coercion (variables), beyond the resolvers' designed faults.

const entries = [];
let group = '';
const section = (name) => { group = name; };
const doc = (id, document, extra = {}) => entries.push({ id: `hw-${group}-${id}`, document, ...extra });

// ---------------------------------------------------------------- syntax
section('syntax');
doc('unclosed-brace', '{ user(id: "u1") { name }');
doc('missing-selection-name', '{ user(id: "u1") { : name } }');
doc('bad-token', '{ user(id: "u1") { name ! } }');
doc('unterminated-string', '{ user(id: "u1) { name } }');
doc('bad-escape', '{ user(id: "\\x41") { name } }');
doc('empty-document', '');
doc('only-comment', '# nothing here\n');
doc('empty-operation-selection', '{ }');
doc('empty-field-selection', '{ user(id: "u1") { } counter }');
doc('empty-selection-on-scalar', '{ counter { } }');
doc('variable-without-type', 'query ($id) { user(id: $id) { name } }');
doc('arg-without-value', '{ user(id:) { name } }');
doc('fragment-on-missing', 'fragment F { name } { ...F }');
doc('fragment-named-on', 'fragment on on User { name } { user(id: "u1") { ...on } }');
doc('number-letter', '{ echo(int: 12abc) }');
doc('float-no-digits', '{ echo(float: 1.) }');
doc('leading-zero', '{ echo(int: 007) }');
doc('unicode-escape-bad', '{ echo(string: "\\u12G4") }');
doc('block-string-unterminated', '{ echo(string: """never closed) }');
doc('directive-without-name', '{ user(id: "u1") @ { name } }');
doc('spread-dots', '{ user(id: "u1") { .. on User { name } } }');
doc('variable-in-default', 'query ($a: Int = $b) { echo(int: $a) }');
doc('list-unclosed', '{ echo(ints: [1, 2) }');
doc('object-unclosed', '{ echo(filter: {published: true) }');
doc('bom-and-commas', '\ufeff{ ,,, user(id: "u1") ,{ name,, id } }');
doc('unicode-escapes-valid', '{ echo(string: "\\u00e9\\u{1F600}\\uD83D\\uDE00 \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t") }');
doc('block-string-valid', '{ echo(string: """\n    Block with "quotes" and \\""" escaped\n      indented line\n  """) }');
doc('type-system-in-executable', 'type Extra { a: Int } { counter }');

// ---------------------------------------------------------------- ExecutableDefinitionsRule
section('executable-definitions');
doc('type-definition', '{ counter } type Foo { bar: String }');
doc('schema-definition', 'schema { query: Query } query Q { counter }');
doc('extension', 'extend type User { extra: Int } { user(id: "u1") { name } }');
doc('directive-definition', 'directive @x on FIELD { counter }');
doc('scalar-only', 'scalar Money');
doc('only-operations', 'query A { counter } query B { now }', { operationName: 'B' });

// ---------------------------------------------------------------- KnownOperationTypesRule
section('known-operation-types');
doc('mutation-missing', 'mutation { hello }', { schema: 'query-only' });
doc('subscription-missing', 'subscription S { count }', { schema: 'query-only' });
doc('query-ok-mutation-not', 'query Q { hello } mutation M { hello }', { schema: 'query-only' });
doc('anonymous-mutation-missing', 'mutation { __typename }', { schema: 'query-only' });
doc('subscription-with-fragment-missing', 'subscription { ...F } fragment F on Query { count }', { schema: 'query-only' });
doc('query-only-valid', '{ hello(name: "you") count }', { schema: 'query-only' });
doc('all-roots-exist', 'query Q { counter } mutation M { readCounter } subscription S { counted }', { operationName: 'M' });

// ---------------------------------------------------------------- UniqueOperationNamesRule
section('unique-operation-names');
doc('two-queries', 'query Same { counter } query Same { now }');
doc('query-and-mutation', 'query Same { counter } mutation Same { readCounter }');
doc('query-and-subscription', 'query Same { counter } subscription Same { counted }');
doc('distinct', 'query One { counter } query Two { now }', { operationName: 'Two' });
doc('name-same-as-fragment', 'query F { user(id: "u1") { ...F } } fragment F on User { name }');

// ---------------------------------------------------------------- LoneAnonymousOperationRule
section('lone-anonymous-operation');
doc('two-anonymous', '{ counter } { now }');
doc('anonymous-and-named', '{ counter } query Named { now }');
doc('anonymous-mutation-and-query', 'mutation { readCounter } query Q { counter }');
doc('anonymous-and-fragment', '{ user(id: "u2") { ...F } } fragment F on User { name }');
doc('shorthand-alone', '{ counter }');

// ---------------------------------------------------------------- SingleFieldSubscriptionsRule
section('single-field-subscriptions');
doc('two-fields', 'subscription { counted postPublished { id } }');
doc('typename-root', 'subscription { __typename }');
doc('two-via-fragment', 'subscription S { ...Both } fragment Both on Subscription { counted events { n } }');
doc('introspection-root', 'subscription { __schema { queryType { name } } }');
doc('one-field-aliased', 'subscription { c: counted(to: 2) }');
doc('same-field-twice', 'subscription { counted counted }');
doc('skip-still-counts', 'subscription ($no: Boolean = true) { counted postPublished @skip(if: $no) { id } }');
doc('inline-fragment-single', 'subscription { ... on Subscription { events(count: 3) { n value } } }');

// ---------------------------------------------------------------- KnownTypeNamesRule
section('known-type-names');
doc('variable-type', 'query ($u: Usr) { echo(json: $u) }');
doc('fragment-type', '{ user(id: "u1") { ...F } } fragment F on Usr { name }');
doc('inline-type', '{ node(id: "u1") { ... on Person { id } } }');
doc('list-nonnull-type', 'query ($ids: [Identifier!]!) { nodes(ids: $ids) { id } }');
doc('builtin-lowercase', 'query ($i: int) { echo(int: $i) }');
doc('introspection-types-known', '{ __type(name: "User") { name } node(id: "u1") { ... on Node { id } } }');
doc('custom-scalars-known', 'query ($d: DateTime, $m: Decimal, $u: UUID, $j: JSON) { echo(dateTime: $d, decimal: $m, uuid: $u, json: $j) }', { variables: { d: '2024-01-01T00:00:00Z', m: '1.50', u: '0F8FAD5B-D9CB-469F-A165-70867728950E', j: { any: ['thing', 1] } } });

// ---------------------------------------------------------------- FragmentsOnCompositeTypesRule
section('fragments-on-composite-types');
doc('on-scalar', '{ user(id: "u1") { ...F } } fragment F on String { length }');
doc('on-enum', '{ user(id: "u1") { ...F } } fragment F on Role { name }');
doc('inline-on-scalar', '{ user(id: "u1") { name { ... on String { x } } } }');
doc('on-input', '{ user(id: "u1") { ...F } } fragment F on PostFilter { published }');
doc('inline-on-input', '{ user(id: "u1") { ... on UserRef { id } } }');
doc('on-union-interface-object', '{ search(by: {text: "a"}) { ...U } node(id: "p1") { ...I } user(id: "u1") { ...O } } fragment U on SearchResult { __typename } fragment I on Node { id } fragment O on User { name }');
doc('inline-without-type', '{ user(id: "u1") { ... { name } ... @include(if: true) { id } } }');

// ---------------------------------------------------------------- VariablesAreInputTypesRule
section('variables-are-input-types');
doc('object-type', 'query ($u: User) { counter }');
doc('list-of-interface', 'query ($n: [Node!]) { counter }');
doc('union', 'query ($s: SearchResult!) { counter }');
doc('nested-list-object', 'query ($p: [[Post]]) { counter }');
doc('input-ok', 'query ($f: PostFilter, $r: [Role!]!, $n: Nested) { posts(filter: $f) { id } users(roles: $r) { id } echo(nested: $n) }', { variables: { f: { published: true }, r: ['ADMIN'], n: { value: 1, child: { value: 2 } } } });

// ---------------------------------------------------------------- ScalarLeafsRule
section('scalar-leafs');
doc('object-without-selection', '{ user(id: "u1") }');
doc('interface-without-selection', '{ node(id: "u1") }');
doc('union-without-selection', '{ search(by: {text: "A"}) }');
doc('scalar-with-selection', '{ user(id: "u1") { name { first } } }');
doc('enum-with-selection', '{ user(id: "u1") { role { value } } }');
doc('list-of-objects-without-selection', '{ users }');
doc('mutation-scalar-selection', 'mutation { increment { value } }');
doc('typename-with-selection', '{ __typename { name } }');
doc('schema-without-selection', '{ __schema }');
doc('type-without-selection', '{ __type(name: "User") }');
doc('json-leaf', '{ user(id: "u1") { profile } scalars { json matrix sparse } }');

// ---------------------------------------------------------------- FieldsOnCorrectTypeRule
section('fields-on-correct-type');
doc('unknown-field', '{ user(id: "u1") { nom } }');
doc('unknown-root', '{ me { name } }');
doc('field-on-interface-not-defined', '{ node(id: "u1") { name } }');
doc('field-on-union', '{ search(by: {text: "A"}) { id } }');
doc('alias-to-unknown', '{ user(id: "u1") { name: fullName } }');
doc('unknown-in-fragment', '{ animals { ...F } } fragment F on Dog { meows }');
doc('deep-unknown', '{ user(id: "u1") { friends { posts { comments { author { pets { owner { nme } } } } } } } }');
doc('typename-on-union', '{ search(by: {text: "A"}) { __typename } animals { __typename } }');
doc('interface-field-via-interface', '{ pets { name owner { name } nickname } resources { id createdAt url } }');
doc('mutation-unknown', 'mutation { decrement }');
doc('schema-meta-on-non-root', '{ user(id: "u1") { __schema { queryType { name } } } }');
doc('meta-fields-on-root', '{ __schema { queryType { name } } __type(name: "Query") { name } __typename }');

// ---------------------------------------------------------------- UniqueFragmentNamesRule
section('unique-fragment-names');
doc('duplicate', '{ user(id: "u1") { ...F } } fragment F on User { name } fragment F on User { id }');
doc('duplicate-different-types', '{ node(id: "u1") { ...F } } fragment F on Node { id } fragment F on User { name }');
doc('triplicate', '{ user(id: "u1") { ...F } } fragment F on User { name } fragment F on User { id } fragment F on User { age }');
doc('distinct', '{ user(id: "u1") { ...A ...B } } fragment A on User { name } fragment B on User { id }');
doc('inline-fragments-unnamed', '{ user(id: "u1") { ... on User { name } ... on User { id } } }');

// ---------------------------------------------------------------- KnownFragmentNamesRule
section('known-fragment-names');
doc('unknown', '{ user(id: "u1") { ...Missing } }');
doc('unknown-nested', '{ user(id: "u1") { ...A } } fragment A on User { friends { ...Missing } }');
doc('case-differs', '{ user(id: "u1") { ...userFields } } fragment UserFields on User { name }');
doc('unknown-with-directive', '{ user(id: "u1") { ...Missing @include(if: true) } }');
doc('known', '{ user(id: "u1") { ...A } } fragment A on User { name ...B } fragment B on User { id }');

// ---------------------------------------------------------------- NoUnusedFragmentsRule
section('no-unused-fragments');
doc('unused', '{ user(id: "u1") { name } } fragment Unused on User { id }');
doc('unused-chain', '{ user(id: "u1") { ...A } } fragment A on User { name } fragment B on User { ...C } fragment C on User { id }');
doc('used-in-other-operation', 'query A { user(id: "u1") { ...F } } query B { counter } fragment F on User { name }', { operationName: 'B' });
doc('only-fragment', 'fragment F on User { name }');
doc('used-by-second-operation', 'query A { counter } query B { user(id: "u1") { ...F } } fragment F on User { name }', { operationName: 'B' });
doc('self-cycle-unused', '{ counter } fragment F on User { ...F }');

// ---------------------------------------------------------------- PossibleFragmentSpreadsRule
section('possible-fragment-spreads');
doc('object-into-object', '{ user(id: "u1") { ... on Post { title } } }');
doc('named-object-into-object', '{ user(id: "u1") { ...P } } fragment P on Post { title }');
doc('union-member-mismatch', '{ animals { ... on User { name } } }');
doc('interface-into-union-disjoint', '{ animals { ... on Node { id } } }');
doc('union-into-union-disjoint', '{ animals { ...S } } fragment S on SearchResult { __typename }');
doc('object-into-interface-not-implemented', '{ node(id: "u1") { ... on Dog { name } } }');
doc('interface-into-interface-overlap', '{ node(id: "u1") { ... on Named { name } } pets { ... on Node { id } } }');
doc('object-into-interface', '{ node(id: "p1") { ... on Post { title } ... on Comment { text } } }');
doc('interface-into-union-overlap', '{ search(by: {text: "G"}) { ... on Entity { id createdAt } ... on Named { name } } }');
doc('union-into-interface-overlap', '{ pets { ...A } } fragment A on Animal { __typename ... on Dog { barks } }');
doc('implemented-interface-of-interface', '{ resources { ... on Entity { createdAt } ... on Node { id } } }');

// ---------------------------------------------------------------- NoFragmentCyclesRule
section('no-fragment-cycles');
doc('self', '{ user(id: "u1") { ...A } } fragment A on User { name ...A }');
doc('two-step', '{ user(id: "u1") { ...A } } fragment A on User { ...B } fragment B on User { ...A }');
doc('deep', '{ user(id: "u1") { ...A } } fragment A on User { friends { ...B } } fragment B on User { bestFriend { ...C } } fragment C on User { ...A }');
doc('inline-self', '{ user(id: "u1") { ...A } } fragment A on User { ... on User { ...A } }');
doc('two-cycles', '{ user(id: "u1") { ...A ...X } } fragment A on User { ...B } fragment B on User { ...A } fragment X on User { ...Y } fragment Y on User { ...X }');
doc('diamond-no-cycle', '{ user(id: "u1") { ...A } } fragment A on User { ...B ...C } fragment B on User { ...D } fragment C on User { ...D } fragment D on User { name }');
doc('spread-twice-no-cycle', '{ user(id: "u1") { ...A ...A friends { ...A } } } fragment A on User { name }');

// ---------------------------------------------------------------- UniqueVariableNamesRule
section('unique-variable-names');
doc('duplicate', 'query ($a: Int, $a: Int) { echo(int: $a) }');
doc('duplicate-different-types', 'query ($a: Int, $b: String, $a: String) { echo(int: $a, string: $b) }');
doc('triplicate', 'query ($a: Int, $a: Int, $a: Int) { echo(int: $a) }');
doc('same-name-two-operations', 'query A($x: Int) { echo(int: $x) } query B($x: String) { echo(string: $x) }', { operationName: 'B', variables: { x: 'hi' } });

// ---------------------------------------------------------------- NoUndefinedVariablesRule
section('no-undefined-variables');
doc('undefined', 'query { user(id: $id) { name } }');
doc('undefined-in-fragment', 'query Q($a: ID!) { user(id: $a) { ...F } } fragment F on User { friends(after: $b) { id } }');
doc('undefined-in-directive', 'query { counter @include(if: $yes) }');
doc('undefined-in-list', 'query ($a: Int) { echo(ints: [$a, $b]) }');
doc('undefined-in-object', 'query { echo(filter: {minRating: $r}) }');
doc('defined-in-other-operation', 'query A($id: ID!) { user(id: $id) { name } } query B { user(id: $id) { name } }');
doc('fragment-used-by-two', 'query A($id: ID) { ...F } query B { ...F } fragment F on Query { echo(id: $id) }');
doc('all-defined', 'query ($id: ID!, $n: Int = 1) { user(id: $id) { friends(first: $n) { name } } }', { variables: { id: 'u1' } });

// ---------------------------------------------------------------- NoUnusedVariablesRule
section('no-unused-variables');
doc('unused', 'query ($a: Int) { counter }');
doc('one-of-two-unused', 'query ($a: Int, $b: String) { echo(int: $a) }');
doc('unused-with-default', 'query Q($first: Int = 3) { users { id } }');
doc('used-only-in-unused-fragment', 'query ($id: ID!) { counter } fragment F on Query { user(id: $id) { name } }');
doc('used-in-other-operation', 'query A($x: Int) { counter } query B($x: Int) { echo(int: $x) }', { operationName: 'A' });
doc('used-via-fragment', 'query ($id: ID!) { ...F } fragment F on Query { user(id: $id) { name } }', { variables: { id: 'u2' } });
doc('used-in-directive', 'query ($skip: Boolean!) { counter @skip(if: $skip) now }', { variables: { skip: true } });
doc('used-in-nested-input', 'query ($tag: String!) { posts(filter: {tags: [$tag], published: null}) { id } }', { variables: { tag: 'news' } });

// ---------------------------------------------------------------- KnownDirectivesRule
section('known-directives');
doc('unknown', '{ counter @unknown }');
doc('unknown-with-args', '{ user(id: "u1") @auth(role: ADMIN) { name } }');
doc('skip-on-query', 'query Q @skip(if: true) { counter }');
doc('include-on-variable', 'query ($a: Int @include(if: true)) { echo(int: $a) }');
doc('specifiedBy-on-field', '{ counter @specifiedBy(url: "x") }');
doc('deprecated-on-field', '{ counter @deprecated }');
doc('tag-executable', '{ counter @tag(name: "x") }');
doc('cached-on-mutation', 'mutation @cached { readCounter }');
doc('cached-on-fragment-definition', '{ user(id: "u1") { ...F } } fragment F on User @cached { name }');
doc('log-everywhere', 'query Q($a: Int = 1 @log) @log(level: DEBUG) { echo(int: $a) @log ...F @log ... @log { now } } fragment F on Query @log { counter }');
doc('cached-valid-locations', 'query @cached(ttl: 5) { user(id: "u1") @cached { ...F @cached ... on User @cached(scope: PRIVATE) { id } } } fragment F on User { name }');
doc('oneOf-on-field', '{ counter @oneOf }');

// ---------------------------------------------------------------- UniqueDirectivesPerLocationRule
section('unique-directives-per-location');
doc('skip-twice', '{ counter @skip(if: false) @skip(if: false) }');
doc('cached-twice', '{ user(id: "u1") @cached @cached(ttl: 1) { name } }');
doc('include-twice-spread', '{ user(id: "u1") { ...F @include(if: true) @include(if: true) } } fragment F on User { name }');
doc('cached-twice-operation', 'query @cached @cached { counter }');
doc('repeatable-log', '{ counter @log @log(level: WARN) @log }');
doc('skip-and-include', '{ counter @skip(if: false) @include(if: true) }');
doc('same-directive-different-locations', 'query Q @cached { user(id: "u1") @cached { name @cached } }');
doc('defer-twice', '{ user(id: "u1") { ...F @defer(if: false) @defer(if: false) } } fragment F on User { name }');

// ---------------------------------------------------------------- DeferStream*Rule
section('defer-stream');
doc('defer-on-mutation-root', 'mutation { ... @defer { readCounter } }');
doc('defer-on-mutation-root-spread', 'mutation { ...M @defer(if: false) } fragment M on Mutation { readCounter }');
doc('stream-on-subscription-root', 'subscription { counted @stream }');
doc('stream-on-mutation-root', 'mutation { setCounter(value: 1) @stream(initialCount: 1) }');
doc('defer-nested-in-mutation-ok', 'mutation { createPost(input: {title: "T", authorId: "u1"}) { id ... @defer(if: false) { title } } }');
doc('defer-in-subscription', 'subscription { postPublished { id ... @defer { title } } }');
doc('stream-in-subscription', 'subscription { postPublished { tags @stream } }');
doc('defer-in-subscription-disabled', 'subscription { postPublished { id ... @defer(if: false) { title } } }');
doc('defer-in-subscription-variable', 'subscription ($d: Boolean!) { postPublished { id ... @defer(if: $d) { title } } }', { variables: { d: false } });
doc('defer-in-subscription-via-fragment', 'subscription { postPublished { ...P } } fragment P on Post { ... @defer { title } }');
doc('label-duplicate', '{ user(id: "u1") { ... @defer(label: "a", if: false) { name } ... @defer(label: "a", if: false) { id } } }');
doc('label-duplicate-defer-stream', '{ user(id: "u1") { ... @defer(label: "x", if: false) { name } tags: friends @stream(label: "x", if: false) { id } } }');
doc('label-variable', 'query ($l: String) { user(id: "u1") { ... @defer(label: $l, if: false) { name } } }');
doc('label-distinct', '{ user(id: "u1") { ... @defer(label: "a", if: false) { name } friends @stream(label: "b", if: false) { id } } }');
doc('stream-on-scalar', '{ user(id: "u1") { name @stream(if: false) } }');
doc('stream-on-object', '{ user(id: "u1") @stream(if: false) { name } }');
doc('stream-on-non-null-list', '{ users @stream(initialCount: 1, if: false) { id } posts(sort: DESC) @stream(if: false) { tags @stream(if: false) } }');
doc('stream-on-nullable-nested-list', '{ scalars { sparse @stream(if: false) } }');
doc('stream-on-list-in-fragment-wrong', '{ animals { ... on Dog { name @stream(if: false) } } }');

// ---------------------------------------------------------------- KnownArgumentNamesRule
section('known-argument-names');
doc('unknown-field-arg', '{ user(id: "u1", name: "Ada") { name } }');
doc('unknown-arg-no-args-field', '{ counter(reset: true) }');
doc('unknown-directive-arg', '{ counter @skip(unless: false, if: false) }');
doc('misspelled', '{ users(frist: 2) { id } }');
doc('unknown-custom-directive-arg', '{ counter @cached(ttl: 1, region: "eu") }');
doc('deprecated-arg-allowed', '{ echo(old: "x") user(id: "u1") { posts(legacyLimit: 1) { id } } }');
doc('args-in-any-order', '{ users(first: 2, role: MEMBER, ids: ["u2", "u5"]) { id } }');
doc('directive-arg-known', '{ counter @log(labels: ["a"], level: WARN) @cached(private: true) }');

// ---------------------------------------------------------------- UniqueArgumentNamesRule
section('unique-argument-names');
doc('field', '{ user(id: "u1", id: "u2") { name } }');
doc('directive', '{ counter @skip(if: true, if: false) }');
doc('three', '{ users(first: 1, first: 2, first: 3) { id } }');
doc('same-name-on-different-fields', '{ user(id: "u1") { id } post(id: "p1") { id } }');
doc('same-name-field-and-directive', '{ echo(string: "s") @log(level: INFO) @cached(ttl: 2) }');

// ---------------------------------------------------------------- ValuesOfCorrectTypeRule
section('values-of-correct-type');
doc('string-for-int', '{ echo(int: "1") }');
doc('int-overflow', '{ echo(int: 2147483648) }');
doc('float-for-int', '{ echo(int: 1.5) }');
doc('int-for-string', '{ echo(string: 1) }');
doc('int-for-boolean', '{ echo(boolean: 1) }');
doc('float-for-id', '{ echo(id: 1.0) }');
doc('string-for-enum', '{ echo(role: "ADMIN") }');
doc('unknown-enum-value', '{ echo(role: OWNER) }');
doc('lowercase-enum', '{ echo(role: admin) }');
doc('null-for-required', '{ user(id: null) { name } }');
doc('missing-required-input-field', '{ echoRequired(value: 1, list: [], input: {title: "T"}) }');
doc('unknown-input-field', '{ posts(filter: {published: true, color: RED}) { id } }');
doc('object-for-list-item', '{ echo(ints: [1, {a: 2}]) }');
doc('nested-list-null-item', '{ echo(matrix: [[1, null]]) }');
doc('bad-date-time', '{ echo(dateTime: "yesterday") }');
doc('bad-decimal', '{ echo(decimal: 1.5) }');
doc('bad-uuid', '{ echoUuid(value: "not-a-uuid") }');
doc('oneOf-two-fields', '{ userBy(ref: {id: "u1", email: "ada@es.example"}) { name } }');
doc('oneOf-null-field', '{ userBy(ref: {id: null}) { name } }');
doc('oneOf-empty', '{ userBy(ref: {}) { name } }');
doc('oneOf-nullable-variable', 'query ($id: ID) { userBy(ref: {id: $id}) { name } }', { expectErrors: true });
doc('oneOf-in-list-two', '{ search(by: {tag: "news", text: "x"}) { __typename } }');
doc('coercion-valid', '{ echo(int: -0, float: 1, string: "s", boolean: false, id: 7, role: ADMIN, dateTime: "2024-02-29T23:59:59.123-05:30", decimal: "-0.50", uuid: "0F8FAD5B-D9CB-469F-A165-70867728950E", json: {a: [1, 2.5, "x", null, true, ENUMISH], b: {}}, ints: 5, matrix: [[1, 2], [3]], filter: {minRating: 2, tags: "news"}, ref: {email: "grace@es.example"}, nested: {value: 1, child: {value: 2, children: {value: 3}}}) }');
doc('null-values-valid', '{ echo(int: null, ints: [null, 1], filter: {published: null}, defaulted: null, defaultedList: null, defaultedInput: null) }');
doc('oneOf-valid-each', '{ a: userBy(ref: {id: "u3"}) { name } b: userBy(ref: {email: "alan@es.example"}) { name } c: userBy(ref: {name: "Grace"}) { name } d: search(by: {kinds: [COMMENT, USER]}, limit: 7) { __typename } }');
doc('json-with-variable-inside', 'query ($v: Int) { echoJson(value: {nested: [$v, "lit"]}) }', { variables: { v: 9 } });
doc('block-string-arg', '{ echo(string: """\n  two\n    lines\n""") }');

// ---------------------------------------------------------------- ProvidedRequiredArgumentsRule
section('provided-required-arguments');
doc('missing-field-arg', '{ user { name } }');
doc('missing-one-of-several', '{ echoRequired(value: 1, input: {title: "T", authorId: "u1"}) }');
doc('missing-directive-arg', '{ counter @include }');
doc('missing-nested-field-arg', '{ user(id: "u1") { name } post { id } }');
doc('missing-skip-if', '{ user(id: "u1") { name @skip } }');
doc('explicit-null-for-required-with-default', '{ counter @cached(ttl: null) }');
doc('defaults-make-optional', '{ users { id } mutationFree: counter @cached @log }');
doc('required-with-default-omitted', 'mutation { increment }');

// ---------------------------------------------------------------- VariablesInAllowedPositionRule
section('variables-in-allowed-position');
doc('nullable-into-non-null', 'query ($id: ID) { user(id: $id) { name } }');
doc('wrong-scalar', 'query ($id: Int!) { user(id: $id) { name } }');
doc('list-into-item', 'query ($ids: [ID!]) { user(id: $ids) { name } }');
doc('item-into-list', 'query ($ids: [ID] = ["u1"]) { nodes(ids: $ids) { id } }');
doc('nullable-into-directive', 'query ($b: Boolean) { counter @include(if: $b) }');
doc('string-into-enum', 'query ($r: String) { users(role: $r) { id } }');
doc('in-fragment', 'query ($n: String) { ...F } fragment F on Query { users(first: $n) { id } }');
doc('nullable-with-default-into-non-null', 'query ($id: ID = "u2") { user(id: $id) { name } }');
doc('nullable-with-null-default-into-non-null', 'query ($id: ID = null) { user(id: $id) { name } }');
doc('nullable-into-arg-with-default', 'query ($by: Int) { increment: counter echo(defaulted: $by) }', { variables: { by: 3 } });
doc('nullable-into-non-null-with-default-arg', 'mutation ($by: Int) { increment(by: $by) }');
doc('non-null-into-nullable', 'query ($id: ID!, $r: Role!) { user(id: $id) { id } users(role: $r) { id } }', { variables: { id: 'u1', r: 'MEMBER' } });
doc('list-of-non-null-into-list', 'query ($ids: [ID!]!) { users(ids: $ids) { id } nodes(ids: $ids) { id } }', { variables: { ids: ['u1', 'p1', 'zz'] } });
doc('oneOf-non-null-variable', 'query ($e: String!) { userBy(ref: {email: $e}) { name } }', { variables: { e: 'grace@es.example' } });
doc('nested-input-field-position', 'query ($r: Float!) { posts(filter: {minRating: $r}) { id } }', { variables: { r: 4 } });
doc('nested-input-field-wrong', 'query ($r: String) { posts(filter: {minRating: $r}) { id } }');
doc('int-into-float', 'query ($i: Int) { echo(float: $i) }');
doc('custom-scalar-mismatch', 'query ($d: DateTime) { echo(uuid: $d) }');
doc('nullable-with-default-into-directive', 'query ($b: Boolean = false) { counter @include(if: $b) now }');
doc('nullable-items-into-non-null-items', 'query ($l: [String]!) { echoRequired(value: 1, list: $l, input: {title: "T", authorId: "u1"}) }');
doc('non-null-items-into-nullable-items', 'query ($l: [Int!]!) { echo(ints: $l) echoList(values: [$l]) }', { variables: { l: [1, 2] } });

// ---------------------------------------------------------------- OverlappingFieldsCanBeMergedRule
section('overlapping-fields');
doc('alias-two-fields', '{ user(id: "u1") { x: name x: email } }');
doc('different-args', '{ user(id: "u1") { friends(first: 1) { id } friends(first: 2) { id } } }');
doc('arg-vs-no-arg', '{ user(id: "u1") { nickname nickname(fallback: "x") } }');
doc('different-variables', 'query ($a: Int, $b: Int) { users(first: $a) { id } users(first: $b) { id } }');
doc('literal-vs-variable', 'query ($a: Int) { users(first: 1) { id } users(first: $a) { id } }');
doc('conflict-through-fragments', '{ user(id: "u1") { ...A ...B } } fragment A on User { x: name } fragment B on User { x: age }');
doc('deep-conflict', '{ user(id: "u1") { bestFriend { x: name } bestFriend { x: email } } }');
doc('deep-conflict-via-fragment', '{ user(id: "u1") { ...A bestFriend { n: id } } } fragment A on User { bestFriend { n: name } }');
doc('conflicting-return-types-union', '{ animals { ... on Dog { v: barks } ... on Cat { v: lives } } }');
doc('nullability-differs-exclusive', '{ pets { ... on Dog { n: nickname } ... on Cat { n: name } } }');
doc('list-vs-scalar', '{ search(by: {text: "a"}) { ... on Post { x: tags } ... on User { x: name } } }');
doc('root-alias-conflict', '{ a: counter a: now }');
doc('root-conflict-across-operations-ok', 'query A { a: counter } query B { a: now }', { operationName: 'A' });
doc('identical-ok', '{ user(id: "u1") { name name n: name n: name } }');
doc('same-args-ok', '{ users(first: 2, role: MEMBER) { id } users(role: MEMBER, first: 2) { name } }');
doc('same-variable-ok', 'query ($f: Int) { users(first: $f) { id } users(first: $f) { name } }', { variables: { f: 1 } });
doc('exclusive-parents-nullability-differs', '{ animals { ... on Dog { x: name } ... on Cat { x: nickname } } }');
doc('exclusive-parents-different-fields-ok', '{ animals { ... on Dog { x: barks } ... on Cat { x: meows } } }');
doc('exclusive-parents-different-args-ok2', '{ search(by: {text: "o"}) { ... on User { f: nickname(fallback: "x") } ... on Post { f: url(absolute: true) } } }');
doc('interface-same-field-different-args', '{ resources { url ... on Post { url(absolute: true) } } }');
doc('directives-differ-ok', '{ counter @include(if: true) counter @skip(if: false) }');
doc('subfield-merge-ok', '{ user(id: "u1") { bestFriend { id } bestFriend { name } } }');
doc('fragment-spread-twice-ok', '{ user(id: "u1") { ...A ...A } } fragment A on User { name }');
doc('enum-arg-vs-string', '{ users(role: ADMIN) { id } users(role: MEMBER) { id } }');
doc('input-object-arg-order-differs', '{ posts(filter: {published: true, minRating: 1}) { id } posts(filter: {minRating: 1, published: true}) { id } }');
doc('stream-differs', '{ users @stream(if: false) { id } users { id } }');
doc('conflict-in-nested-fragment-spread', '{ user(id: "u1") { friends { ...A } friends { ...B } } } fragment A on User { k: name } fragment B on User { k: role }');
doc('typename-alias-conflict', '{ user(id: "u1") { __typename __typename: name } }');
doc('conflict-in-mutually-exclusive-objects-list', '{ search(by: {kinds: [USER, POST]}) { ... on User { tags: name } ... on Post { tags } } }');
doc('deep-return-types-differ-despite-no-overlap', '{ search(by: {text: "a"}) { ... on User { x: bestFriend { k: name } } ... on Comment { x: author { k: id } } } }');
doc('deep-same-types-no-overlap-ok', '{ search(by: {text: "a"}) { ... on User { x: bestFriend { k: name } } ... on Comment { x: author { k: name } } } }');
doc('conflict-between-field-and-nested-fragment', '{ user(id: "u1") { ...A } } fragment A on User { bestFriend { ...B } bestFriend { n: id } } fragment B on User { n: name }');
doc('exclusive-objects-alias-type-differs', '{ node(id: "u1") { ... on User { id } ... on Post { id: title } } }');
doc('interface-and-object-not-exclusive', '{ node(id: "u1") { id ... on User { id: name } } }');
doc('interface-and-object-same-field-ok', '{ node(id: "u1") { id ... on User { id name } ... on Node { id } } }');

// ---------------------------------------------------------------- UniqueInputFieldNamesRule
section('unique-input-field-names');
doc('duplicate', '{ posts(filter: {published: true, published: false}) { id } }');
doc('nested-duplicate', '{ posts(filter: {author: {id: "u1", id: "u2"}}) { id } }');
doc('in-directive-arg-json', '{ echoJson(value: {a: 1, a: 2}) }');
doc('same-name-in-siblings-ok', '{ echo(filter: {tags: ["a"]}, defaultedInput: {tags: ["b"]}, nested: {value: 1, child: {value: 1}}) }');
doc('in-variable-default', 'query ($f: PostFilter = {status: DRAFT, status: PUBLISHED}) { posts(filter: $f) { id } }');

// ---------------------------------------------------------------- MaxIntrospectionDepthRule
section('max-introspection-depth');
doc('fields-three-deep', '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }');
doc('interfaces-deep', '{ __type(name: "Resource") { interfaces { interfaces { interfaces { name } } } } }');
doc('possible-types-deep', '{ __type(name: "Node") { possibleTypes { fields { type { possibleTypes { name } } } } } }');
doc('via-fragments', '{ __schema { types { ...T } } } fragment T on __Type { fields { type { ...U } } } fragment U on __Type { inputFields { type { fields { name } } } }');
doc('input-fields-deep', '{ __type(name: "Nested") { inputFields { type { inputFields { type { inputFields { name } } } } } } }');
doc('two-deep-ok', '{ __type(name: "Post") { fields { name type { fields { name } } } } }');
doc('of-type-deep-ok', '{ __type(name: "Scalars") { fields { type { ofType { ofType { ofType { ofType { name kind } } } } } } } }');

// ---------------------------------------------------------------- several rules at once
section('several-rules');
doc('five', 'query Q($a: Int, $a: String) { user { nme } ...Missing } fragment Unused on User { name }');
doc('types-and-values', 'query ($f: Filter, $u: User) { posts(filter: {published: "yes", published: true}) { id @skip } }');
doc('operations-and-fragments', '{ counter } query Q { ...A } query Q { now } fragment A on Query { ...B } fragment B on Query { ...A __schema { types { fields { type { fields { type { fields { name } } } } } } } }');
doc('subscription-mess', 'subscription S($n: Int) { counted(to: $n) @stream events { n @stream } }');
doc('directives-and-arguments', '{ user(id: "u1", id: "u2") @cached @cached @bogus { name(arg: 1) friends @include { id } } }');

// ---------------------------------------------------------------- introspection and __typename (valid)
section('introspection');
doc('type-by-name', '{ __type(name: "User") { kind name description fields(includeDeprecated: true) { name isDeprecated deprecationReason args(includeDeprecated: true) { name defaultValue isDeprecated deprecationReason } } interfaces { name } } }');
doc('enum-values', '{ __type(name: "Role") { enumValues(includeDeprecated: false) { name } all: enumValues(includeDeprecated: true) { name isDeprecated deprecationReason description } } }');
doc('scalar-specified-by', '{ d: __type(name: "DateTime") { name specifiedByURL } m: __type(name: "Decimal") { name specifiedByURL description } s: __type(name: "String") { specifiedByURL } }');
doc('oneOf', '{ r: __type(name: "UserRef") { isOneOf inputFields { name type { name kind } defaultValue } } f: __type(name: "PostFilter") { isOneOf inputFields(includeDeprecated: true) { name defaultValue isDeprecated deprecationReason } } u: __type(name: "User") { isOneOf } }');
doc('directives', '{ __schema { directives { name isRepeatable locations args(includeDeprecated: true) { name defaultValue isDeprecated } } } }');
doc('roots', '{ __schema { description queryType { name } mutationType { name } subscriptionType { name fields { name } } } }');
doc('unknown-type-null', '{ __type(name: "Nope") { name } }');
doc('union-possible-types', '{ __type(name: "SearchResult") { kind possibleTypes { name } fields { name } interfaces { name } } }');
doc('interface-of-interface', '{ __type(name: "Resource") { kind interfaces { name } possibleTypes { name } } e: __type(name: "Entity") { possibleTypes { name } } }');
doc('wrapping-types', '{ __type(name: "Scalars") { fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }');
doc('typename-everywhere', 'query Named { __typename user(id: "u1") { __typename pets { __typename } } search(by: {text: "A"}) { __typename } }');
doc('typename-aliased', '{ t: __typename user(id: "u2") { kind: __typename } }');
doc('introspection-in-mutation', 'mutation { __typename readCounter }');
doc('input-default-values', '{ __type(name: "Query") { fields { name args { name defaultValue } } } }');
doc('full-type-fragment', 'query { __schema { types { ...FullType } } } fragment FullType on __Type { kind name description specifiedByURL isOneOf fields(includeDeprecated: true) { name args { name } type { name } isDeprecated } inputFields { name } interfaces { name } enumValues(includeDeprecated: true) { name } possibleTypes { name } }');

// ---------------------------------------------------------------- skip / include (valid)
section('skip-include');
doc('literal', '{ a: counter @skip(if: true) b: counter @skip(if: false) c: now @include(if: false) d: now @include(if: true) }');
doc('both', '{ a: counter @skip(if: false) @include(if: false) b: counter @skip(if: true) @include(if: true) c: counter @skip(if: false) @include(if: true) }');
doc('variables', 'query ($s: Boolean!, $i: Boolean!) { user(id: "u1") { name @skip(if: $s) email @include(if: $i) ...F @include(if: $i) ... on User @skip(if: $s) { age } } } fragment F on User { role }', { variables: { s: true, i: false } });
doc('variable-default', 'query ($s: Boolean! = true) { user(id: "u1") { name @skip(if: $s) id } }');
doc('merge-skipped-and-not', '{ user(id: "u1") { name @skip(if: true) name } }');
doc('skipped-fragment-with-fault', '{ faults { ... on Faults @skip(if: true) { plain } } }');

// ---------------------------------------------------------------- execution (valid)
section('execute');
doc('lookup-by-id', '{ user(id: "u1") { id name email role age score balance uuid profile createdAt } missing: user(id: "nope") { id } }');
doc('lists-and-relations', '{ users { id name friends { id } bestFriend { name } posts { id title tags author { name } } pets { name owner { name } } } }');
doc('friends-paging', '{ user(id: "u5") { a: friends(first: 2) { id } b: friends(after: "u2") { id } c: friends(after: "zz") { id } d: friends(first: 0) { id } } }');
doc('negative-first', '{ users(first: -1) { id } ok: counter }');
doc('posts-filter-sort', '{ asc: posts { id } desc: posts(sort: DESC) { id } published: posts(filter: {}) { id } any: posts(filter: {published: null}) { id } rated: posts(filter: {published: null, minRating: 4}) { id rating } tagged: posts(filter: {tags: ["news", "graphql"]}) { id } byEmail: posts(filter: {author: {email: "ada@es.example"}, published: null}) { id status } }');
doc('user-posts-default-filter', '{ user(id: "u1") { posts { id } all: posts(filter: {published: null}, sort: ASC) { id } drafts: posts(filter: {published: false}) { id status } } }');
doc('nodes-mixed', '{ nodes(ids: ["u1", "p3", "c2", "zz", "d1"]) { __typename id ... on User { name } ... on Post { title } ... on Comment { text } } }');
doc('interfaces-of-interfaces', '{ resources { __typename id createdAt url abs: url(absolute: true) ... on Entity { createdAt } } node(id: "p2") { ... on Resource { url } ... on Entity { createdAt } } }');
doc('unions', '{ animals { __typename ... on Dog { name barks barkVolume } ... on Cat { name lives meows } ... on Pet { owner { id } nickname } ... on Named { name } } }');
doc('search-by', '{ t: search(by: {text: "G"}) { __typename ... on User { name } ... on Post { title } ... on Comment { text } } g: search(by: {tag: "news"}, limit: 2) { ... on Post { id } } a: search(by: {author: {name: "Ada"}}, limit: null) { ... on Node { id } } k: search(by: {kinds: [POST]}) { ... on Post { id } } }');
doc('pets-filter', '{ all: pets { name } some: pets(names: ["Tom", null, "Felix", "Nobody"]) { name } }');
doc('scalars-output', '{ scalars { int float string boolean id dateTime decimal uuid json nullInt matrix sparse } now }');
doc('echo-defaults', '{ echo }');
doc('echo-coercion', '{ echo(id: 12, float: 3, ints: 7, defaultedList: ADMIN, filter: {tags: "x"}) }');
doc('echo-nested-list-coercion', '{ a: echo(matrix: 1) b: echo(matrix: [1, 2]) c: echo(matrix: [[1], []]) d: echoList(values: [1, null]) e: echoList(values: null) }');
doc('echo-key-order', '{ echo(nested: {children: [{value: 2}], value: 1}, ref: {name: "x"}, filter: {tags: ["t"], minRating: 1}, string: "s", int: 1) }');
doc('aliases-same-field-different-args', '{ a: user(id: "u1") { name } b: user(id: "u2") { name } c: user(id: "zz") { name } }');
doc('response-key-order', '{ user(id: "u2") { role ...F name ... on User { id role } age } } fragment F on User { email age }');
doc('echo-variables', 'query ($i: Int, $f: Float, $s: String, $b: Boolean, $id: ID, $r: Role, $l: [Int], $m: [[Int!]], $flt: PostFilter, $ref: UserRef, $n: Nested) { echo(int: $i, float: $f, string: $s, boolean: $b, id: $id, role: $r, ints: $l, matrix: $m, filter: $flt, ref: $ref, nested: $n) }', { variables: { i: 1, f: 2, s: 'é', b: true, id: 5, r: 'GUEST', l: 3, m: [[1], [2, 3]], flt: { minRating: 1, tags: 'z' }, ref: { name: 'Ada' }, n: { value: 1, children: [{ value: 2 }] } } });
doc('echo-variables-absent-vs-null', 'query ($i: Int, $d: Int = 5, $e: Int = 6, $l: [Role!]) { echo(int: $i, defaulted: $d, ints: [$e, $i], defaultedList: $l) }', { variables: { i: null, e: null } });
doc('echo-variable-defaults', 'query ($f: PostFilter = {minRating: 2, status: ARCHIVED}, $l: [Int] = [1, null]) { echo(filter: $f, ints: $l) }');
doc('echo-required', 'query ($v: Int!, $l: [String!]!) { echoRequired(value: $v, list: $l, input: {title: "T", authorId: 1, publishedAt: "2024-01-01T00:00:00+02:00", price: "1.0", metadata: {k: [1]}}) }', { variables: { v: 7, l: 'single' } });
doc('echo-typed', '{ echoRole(role: MEMBER) echoDateTime(value: "2024-01-01T00:00:00.000Z") echoDecimal(value: "10.010") echoUuid(value: "ABCDEF01-2345-6789-ABCD-EF0123456789") echoJson(value: [1, {x: null}]) n: echoJson echoList(values: [[1, null], null, []]) one: echoList(values: 1) }');
doc('variable-coercion-error', 'query ($i: Int) { echo(int: $i) }', { variables: { i: 'one' }, expectErrors: true });
doc('variable-missing-required', 'query ($id: ID!) { user(id: $id) { name } }', { variables: {}, expectErrors: true });
doc('variable-null-for-non-null', 'query ($id: ID!) { user(id: $id) { name } }', { variables: { id: null }, expectErrors: true });
doc('variable-bad-custom-scalar', 'query ($d: DateTime!) { echoDateTime(value: $d) }', { variables: { d: '2024-13' }, expectErrors: true });
doc('variable-bad-enum', 'query ($r: Role!) { echoRole(role: $r) }', { variables: { r: 'OWNER' }, expectErrors: true });
doc('variable-oneOf-two-keys', 'query ($ref: UserRef!) { userBy(ref: $ref) { name } }', { variables: { ref: { id: 'u1', name: 'Ada' } }, expectErrors: true });
doc('variable-unknown-input-field', 'query ($f: PostFilter) { posts(filter: $f) { id } }', { variables: { f: { colour: 'red' } }, expectErrors: true });
doc('variable-int-overflow', 'query ($i: Int) { echo(int: $i) }', { variables: { i: 4294967296 }, expectErrors: true });
doc('async-fields', '{ a: delayed(value: "a", ms: 15) b: delayed(value: "b", ms: 1) c: delayed(value: "c", ms: null) user(id: "u3") { bestFriend { bestFriend { name } } } }');
doc('errors-plain', '{ faults { plain async wrongType } counter }');
doc('errors-non-null-propagation', '{ faults { nonNull plain } strictFaults { plain } counter }');
doc('errors-null-returned', '{ strictFaults { maybeChild { nullReturned } child { plain } } }');
doc('errors-propagate-to-root', '{ counter strictFaults { child { nonNull } } }');
doc('errors-root-non-null', '{ counter mustFail }');
doc('errors-list-items', '{ faults { items { index value } nullableItems { index required } strictItems { index required } nullInList } }');
doc('errors-list-items-fine-when-not-selected', '{ faults { strictItems { index } nullableItems { index value } } }');
doc('errors-orphans', '{ post(id: "p5") { id author { name } } comments: search(by: {kinds: [COMMENT]}) { ... on Comment { id post { id } author { name } } } }');
doc('nickname-null-fallback', '{ users { nickname(fallback: null) } }');
doc('errors-same-field-two-aliases', '{ a: faults { plain } b: faults { plain nonNull } }');
doc('recursive-fragment', '{ faults { ...F } } fragment F on Faults { plain maybeChild { ...F } }');

// ---------------------------------------------------------------- mutations (valid): serial execution
section('mutation');
doc('serial-increments', 'mutation { a: increment(by: 1, delayMs: 20) b: increment(by: 10) c: increment(by: 100, delayMs: 5) d: readCounter }');
doc('set-then-increment', 'mutation { setCounter(value: 40) increment(by: 2) readCounter }');
doc('query-sees-start', '{ counter c2: counter }');
doc('failing-in-the-middle', 'mutation { a: increment failingIncrement b: increment readCounter }');
doc('strict-failing', 'mutation { a: increment strictFailingIncrement b: increment }');
doc('create-post', 'mutation ($in: CreatePostInput!) { first: createPost(input: $in) { id title body tags status createdAt price author { name } comments { id } url } n: readCounter }', { variables: { in: { title: 'Hello', authorId: 'u2', status: 'PUBLISHED' } } });
doc('create-post-unknown-author', 'mutation { a: increment createPost(input: {title: "Orphan", authorId: "nobody", tags: ["x"]}) { id author { name } } }');
doc('named-operations', 'query Read { counter } mutation Write { increment(by: 5) again: increment(by: 5) }', { operationName: 'Write' });
doc('fragments-in-mutation', 'mutation { ...M a: readCounter } fragment M on Mutation { increment(by: 3) }');
doc('skip-in-mutation', 'mutation ($s: Boolean!) { a: increment @skip(if: $s) b: increment(by: 2) }', { variables: { s: true } });

// ---------------------------------------------------------------- subscriptions (valid)
section('subscription');
doc('counted', 'subscription { counted(to: 4) }');
doc('counted-default-aliased', 'subscription Count { n: counted }');
doc('counted-zero', 'subscription { counted(to: 0) }');
doc('counted-negative', 'subscription { counted(to: -1) }');
doc('posts-by-tag', 'subscription ($t: String) { postPublished(tag: $t) { id title author { name } } }', { variables: { t: 'news' } });
doc('events-with-errors', 'subscription { events(count: 3) { n value } }');
doc('events-fragment', 'subscription { ...E } fragment E on Subscription { events { n ... on Event { value } } }');

export default entries;
