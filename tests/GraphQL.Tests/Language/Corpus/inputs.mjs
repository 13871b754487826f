// Inputs of the parser corpus: valid documents covering every production, and invalid ones
// covering every syntax error graphql-js reports.
export const kitchenSinkQuery = String.raw`
"Query description"
query queryName("Var description" $foo: ComplexType, $site: Site = MOBILE) @onQuery {
  whoever123is: node(id: [123, 456]) {
    id
    ... on User @onInlineFragment {
      field2 {
        id
        alias: field1(first: 10, after: $foo) @include(if: $foo) {
          id
          ...frag @onFragmentSpread
        }
      }
    }
    ... @skip(unless: $foo) {
      id
    }
    ... {
      id
    }
  }
}

mutation likeStory @onMutation {
  like(story: 123) @onField {
    story {
      id @onField
    }
  }
}

subscription StoryLikeSubscription(
  $input: StoryLikeSubscribeInput @onVariableDefinition
)
  @onSubscription {
  storyLikeSubscribe(input: $input) {
    story {
      likers {
        count
      }
      likeSentence {
        text
      }
    }
  }
}

"""Fragment description"""
fragment frag on Friend @onFragmentDefinition {
  foo(
    size: $size
    bar: $b
    obj: {
      key: "value"
      block: """
      block string uses \"""
      """
    }
  )
}

{
  unnamed(truthy: true, falsy: false, nullish: null)
  query
}

query {
  __typename
}
`;

export const kitchenSinkSDL = String.raw`
"""This is a description of the schema as a whole."""
schema {
  query: QueryType
  mutation: MutationType
}

"""
This is a description
of the ${'`'}Foo${'`'} type.
"""
type Foo implements Bar & Baz & Two {
  "Description of the ${'`'}one${'`'} field."
  one: Type
  """
  This is a description of the ${'`'}two${'`'} field.
  """
  two(
    """
    This is a description of the ${'`'}argument${'`'} argument.
    """
    argument: InputType!
  ): Type
  """This is a description of the ${'`'}three${'`'} field."""
  three(argument: InputType, other: String): Int
  four(argument: String = "string"): String
  five(argument: [String] = ["string", "string"]): String
  six(argument: InputType = {key: "value"}): Type
  seven(argument: Int = null): Type
  eight(argument: OneOfInputType): Type
}

type AnnotatedObject @onObject(arg: "value") {
  annotatedField(arg: Type = "default" @onArgumentDefinition): Type @onField
}

type UndefinedType

extend type Foo {
  seven(argument: [String]): Type
}

extend type Foo @onType

interface Bar {
  one: Type
  four(argument: String = "string"): String
}

interface AnnotatedInterface @onInterface {
  annotatedField(arg: Type @onArgumentDefinition): Type @onField
}

interface UndefinedInterface

extend interface Bar implements Two {
  two(argument: InputType!): Type
}

extend interface Bar @onInterface

interface Baz implements Bar & Two {
  one: Type
  two(argument: InputType!): Type
  four(argument: String = "string"): String
}

union Feed =
  | Story
  | Article
  | Advert

union AnnotatedUnion @onUnion = A | B

union AnnotatedUnionTwo @onUnion = | A | B

union UndefinedUnion

extend union Feed = Photo | Video

extend union Feed @onUnion

scalar CustomScalar

scalar AnnotatedScalar @onScalar

extend scalar CustomScalar @onScalar

enum Site {
  """
  This is a description of the ${'`'}DESKTOP${'`'} value
  """
  DESKTOP

  """This is a description of the ${'`'}MOBILE${'`'} value"""
  MOBILE

  "This is a description of the ${'`'}WEB${'`'} value"
  WEB
}

enum AnnotatedEnum @onEnum {
  ANNOTATED_VALUE @onEnumValue
  OTHER_VALUE
}

enum UndefinedEnum

extend enum Site {
  VR
}

extend enum Site @onEnum

input InputType {
  key: String!
  answer: Int = 42
}

input OneOfInputType @oneOf {
  string: String
  int: Int
}

input AnnotatedInput @onInputObject {
  annotatedField: Type @onInputFieldDefinition
}

input UndefinedInput

extend input InputType {
  other: Float = 1.23e4 @onInputFieldDefinition
}

extend input InputType @onInputObject

"""
This is a description of the ${'`'}@skip${'`'} directive
"""
directive @skip(
  """This is a description of the ${'`'}if${'`'} argument"""
  if: Boolean! @onArgumentDefinition
) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT

directive @include(if: Boolean!)
  on FIELD
   | FRAGMENT_SPREAD
   | INLINE_FRAGMENT

directive @include2(if: Boolean!) on
  | FIELD
  | FRAGMENT_SPREAD
  | INLINE_FRAGMENT

directive @myRepeatableDir(name: String!) repeatable on
  | OBJECT
  | INTERFACE

extend schema @onSchema

extend schema @onSchema {
  subscription: SubscriptionType
}

directive @myDirective @onDirective on OBJECT | FIELD_DEFINITION

extend directive @myDirective @onDirective2
`;

const long = 'x'.repeat(90);

export const inputs = [
  kitchenSinkQuery,
  kitchenSinkSDL,
  // Executable documents: every production.
  '{ a }',
  'query { a }',
  'query Q { a }',
  'mutation M { a }',
  'subscription S { a }',
  'query Q($a: Int, $b: [String!]! = ["x"], $c: In = {a: 1, b: [1, 2]}) { a(a: $a, b: $b) }',
  'query Q($a: Int = 1 @dir, $b: Float = 1.5e10 @dir(x: 1)) @op { a }',
  '{ alias: field(arg: "value") @include(if: true) @skip(if: false) { sub } }',
  '{ a { b { c { d { e } } } } }',
  '{ ...Frag ... on T { a } ... @dir { b } ... { c } }',
  'fragment F on T @dir { a ...G }',
  '{ a(i: 0, j: -0, k: 123, l: -123, f: 0.0, g: -1.5, h: 1e10, m: 1E-10, n: 1.5e+3, o: -0.0e0) }',
  '{ a(s: "", t: "simple", u: "esc \\" \\\\ \\/ \\b \\f \\n \\r \\t", v: "\\u0041\\u{1F600}\\uD83D\\uDE00") }',
  '{ a(b: """  block  """, c: """\n    indented\n      more\n    back\n  """) }',
  '{ a(b: """line1\r\nline2\rline3""") }',
  '{ a(b: """ """) }',
  '{ a(b: """\n\n   \n""") }',
  '{ a(b: """contains \\""" triple""") }',
  '{ a(e: ENUM, t: true, f: false, n: null, l: [], o: {}) }',
  '{ a(nested: [[1, [2]], {a: {b: [$v]}}]) }',
  '{ a(o: {a: 1, b: "two", c: [3], d: {e: 4}}) }',
  `{ a(x: "${long}") }`,
  `{ field(argument1: "${'a'.repeat(30)}", argument2: "${'b'.repeat(30)}", argument3: 3) }`,
  `{ a(list: ["${'a'.repeat(30)}", "${'b'.repeat(30)}", "${'c'.repeat(30)}"]) }`,
  `{ a(obj: {one: "${'a'.repeat(30)}", two: "${'b'.repeat(30)}", three: 3}) }`,
  `{ a(b: """${long}""") }`,
  '{ a(b: """ends with quote"""") }',
  '{ a(b: """ends with slash\\\\""") }',
  '{ a(b: "\\u0000\\u001F\\u007F\\u0080\\u009F") }',
  '\uFEFF{ a }',
  '{ a, b,, c }',
  '# comment\n{ a # trailing\n b }\n# end',
  '{ a }\r\n{ b }\r{ c }',
  'query on { on }',
  'query fragment { fragment }',
  '{ query mutation subscription true false null fragment on }',
  'query Q($v: Int) @a @b(x: $v) { a }',
  '"""Described"""\nquery Q { a }',
  '"d" fragment F on T { a }',
  'query Q("""block var desc""" $a: Int) { a }',
  'query Q(\n  "described"\n  $a: Int\n) { a }',
  '{ a(x: 1) { b } }',
  // Type system: more shapes.
  'schema @dir { query: Q }',
  'schema { query: Q mutation: M subscription: S }',
  'scalar S',
  'type T',
  'type T { a: Int }',
  'type T implements I { a: Int }',
  'type T implements & I & J { a: Int }',
  'type T implements I & J @dir { a(x: Int = 1 @d, y: [Int!]!): [String]! @deprecated(reason: "no") }',
  'interface I implements J & K { a: Int }',
  'union U = A',
  'union U = | A | B | C',
  'enum E { A B C }',
  'enum E { A @deprecated, B }',
  'input I { a: Int = 1, b: [I!] @dir }',
  'directive @d on FIELD',
  'directive @d(a: Int) repeatable on QUERY | MUTATION | SUBSCRIPTION | FIELD | FRAGMENT_DEFINITION | FRAGMENT_SPREAD | INLINE_FRAGMENT | VARIABLE_DEFINITION',
  'directive @d on SCHEMA | SCALAR | OBJECT | FIELD_DEFINITION | ARGUMENT_DEFINITION | INTERFACE | UNION | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION',
  'directive @d on FRAGMENT_VARIABLE_DEFINITION | DIRECTIVE_DEFINITION',
  'directive @d(\n  "described"\n  a: Int\n) on FIELD',
  'extend schema { query: Q }',
  'extend scalar S @d',
  'extend type T implements I',
  'extend type T @d',
  'extend type T { a: Int }',
  'extend interface I implements J',
  'extend interface I { a: Int }',
  'extend union U = A',
  'extend union U @d',
  'extend enum E { A }',
  'extend enum E @d',
  'extend input I { a: Int }',
  'extend input I @d',
  'extend directive @d @e(x: 1)',
  '"description" scalar S',
  '"""block description""" type T',
  'type T {\n  "field description" a(\n    "arg description" x: Int\n  ): Int\n}',
  'enum E { "value description" A """block""" B }',
  'input I { "field" a: Int }',
  '"d" union U = A',
  '"d" interface I',
  '"d" enum E',
  '"d" input I',
  '"d" directive @d on FIELD',
  '"d" schema { query: Q }',
  'type Query { a: Int } { a }',
  // Lexical errors (spec 2.1).
  '',
  ' ',
  '# only a comment',
  '{ a(x: "unterminated) }',
  '{ a(x: "line\nbreak") }',
  '{ a(x: """unterminated) }',
  '{ a(x: "\\x") }',
  '{ a(x: "\\u12") }',
  '{ a(x: "\\uXYZW") }',
  '{ a(x: "\\u{}") }',
  '{ a(x: "\\u{110000}") }',
  '{ a(x: "\\u{FFFFFFFF}") }',
  '{ a(x: "\\u{D800}") }',
  '{ a(x: "\\u{12") }',
  '{ a(x: "\\uD800") }',
  '{ a(x: "\\uD800\\u0041") }',
  '{ a(x: "\\uDC00") }',
  '{ a(x: "\\uD83D\\uDE00") }',
  '{ a(x: "\u0007") }',
  '{ a(x: """\u0007""") }',
  '{ a(x: "\uD800") }',
  '{ a(x: "\uDC00x") }',
  '{ a(x: "😀") }',
  '{ a(x: 00) }',
  '{ a(x: 01) }',
  '{ a(x: -01) }',
  '{ a(x: 1.) }',
  '{ a(x: 1.a) }',
  '{ a(x: .5) }',
  '{ a(x: 1.5.6) }',
  '{ a(x: 1e) }',
  '{ a(x: 1e+) }',
  '{ a(x: 1x) }',
  '{ a(x: 1_000) }',
  '{ a(x: -) }',
  '{ a(x: -a) }',
  '{ a(x: 0xF) }',
  '{ a(x: 1.0e5f) }',
  '{ a .. b }',
  '{ a . b }',
  "{ a(x: 'single') }",
  '{ a ? }',
  '{ a \u00A0 }',
  '{ a \u200B }',
  '{ a \uD800 }',
  '{ a \uDC00 }',
  '{ a 😀 }',
  '{ a \u0000 }',
  '{ a \u0007 }',
  '{ a ~ }',
  '# comment \uD800 then\n{ a }',
  // Parse errors.
  '{',
  '}',
  '{ a',
  '{ a }}',
  '{ a(x) }',
  '{ a(x:) }',
  '{ a() }',
  '{ a: }',
  '{ a: 1 }',
  '{ ...  }',
  '{ ... on }',
  '{ ...on }',
  '{ ... on T }',
  'query',
  'query Q',
  'query Q()',
  'query Q($a) { a }',
  'query Q($a:) { a }',
  'query Q(a: Int) { a }',
  'query Q($a: Int = $b) { a }',
  'query Q($a: Int = [$b]) { a }',
  'query Q($a: Int = $) { a }',
  'query Q($a: Int @d(x: $b)) { a }',
  'query Q($a: [Int) { a }',
  'query Q($a: Int!!) { a }',
  'query Q($a: !Int) { a }',
  'notAnOperation Foo { field }',
  'fragment on on T { a }',
  'fragment F { a }',
  'fragment F on { a }',
  'fragment F on T',
  'fragment "on" on T { a }',
  '...',
  '{ a(x: {b}) }',
  '{ a(x: {b:}) }',
  '{ a(x: [1, 2) }',
  '{ a(x: {b: 1) }',
  '{ a @ }',
  '{ a @d( }',
  '{ a(x: $) }',
  '"desc" { a }',
  '"desc"',
  '"d" extend type T @d',
  '"d" bogus',
  'extend',
  'extend schema',
  'extend scalar S',
  'extend type T',
  'extend interface I',
  'extend union U',
  'extend enum E',
  'extend input I',
  'extend directive @d',
  'extend bogus T',
  'extend "d" type T',
  'schema',
  'schema {}',
  'schema { query }',
  'schema { bogus: Q }',
  'scalar',
  'type',
  'type T {}',
  'type T { a }',
  'type T { a() : Int }',
  'type T { a(b): Int }',
  'type T { a(b: Int = $c): Int }',
  'type T implements { a: Int }',
  'type T implements I J { a: Int }',
  'type T implements I, J { a: Int }',
  'interface I implements',
  'union U =',
  'union U = A |',
  'union U = A B',
  'enum E {}',
  'enum E { true }',
  'enum E { false }',
  'enum E { null }',
  'enum E { "true" }',
  'enum E { A B, "d" }',
  'input I {}',
  'input I { a }',
  'input I { a(b: Int): Int }',
  'directive @d',
  'directive @d on',
  'directive @d on FOO',
  'directive @d on field',
  'directive @d on FIELD |',
  'directive @d repeatable',
  'directive d on FIELD',
  'directive @d(a: Int) repeatable FIELD',
  'type Query { a: Int } extend',
];
