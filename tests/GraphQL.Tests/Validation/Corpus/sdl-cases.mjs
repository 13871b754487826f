// SDL documents for the schema-document validation corpus (graphql-js's validateSDL), by rule.
// "extend" cases are validated as extensions of schema.graphql.
export const sdlCases = {
  LoneSchemaDefinitionRule: [
    { sdl: 'type Foo { foo: String } schema { query: Foo }' },
    { sdl: 'type Foo { foo: String } schema { query: Foo } schema { mutation: Foo } schema { subscription: Foo }' },
    { sdl: 'schema { query: QueryRoot }', extend: true },
    { sdl: 'extend schema @onSchema', extend: true },
  ],
  UniqueOperationTypesRule: [
    { sdl: 'type Foo schema { query: Foo mutation: Foo subscription: Foo }' },
    { sdl: 'type Foo schema { query: Foo mutation: Foo subscription: Foo query: Foo mutation: Foo subscription: Foo }' },
    { sdl: 'type Foo schema { query: Foo } extend schema { mutation: Foo subscription: Foo query: Foo }' },
    { sdl: 'type Foo extend schema { query: Foo mutation: Foo }', extend: true },
  ],
  UniqueTypeNamesRule: [
    { sdl: 'type Foo type Bar type Baz' },
    { sdl: 'type Foo scalar Foo type Foo interface Foo union Foo enum Foo input Foo' },
    { sdl: 'type Dog scalar Cat type NewType', extend: true },
  ],
  UniqueEnumValueNamesRule: [
    { sdl: 'enum SomeEnum { FOO BAR }' },
    { sdl: 'enum SomeEnum { FOO BAR FOO }' },
    { sdl: 'enum SomeEnum { FOO } extend enum SomeEnum { FOO BAR } extend enum SomeEnum { BAR }' },
    { sdl: 'extend enum FurColor { BROWN NEW }', extend: true },
  ],
  UniqueFieldDefinitionNamesRule: [
    { sdl: 'type SomeObject { foo: String bar: String }' },
    { sdl: 'type SomeObject { foo: String bar: String foo: String } interface SomeInterface { foo: String foo: String } input SomeInput { foo: String foo: String }' },
    { sdl: 'type SomeObject { foo: String } extend type SomeObject { foo: String } extend type SomeObject { foo: String }' },
    { sdl: 'extend type Dog { name: String extra: Int } extend input ComplexInput { intField: Int }', extend: true },
  ],
  UniqueArgumentDefinitionNamesRule: [
    { sdl: 'type SomeObject { someField(foo: String, bar: String): String } directive @someDirective(foo: String, bar: String) on QUERY' },
    { sdl: 'type SomeObject { someField(foo: String, bar: String, foo: String): String } interface SomeInterface { someField(foo: String, foo: String): String } extend type SomeObject { other(a: Int, a: Int): Int } directive @someDirective(foo: String, bar: String, foo: String) on QUERY' },
  ],
  UniqueDirectiveNamesRule: [
    { sdl: 'directive @foo on SCHEMA directive @bar on SCHEMA' },
    { sdl: 'directive @foo on SCHEMA directive @foo on SCHEMA directive @foo on SCHEMA' },
    { sdl: 'directive @skip on FIELD directive @onField on FIELD directive @new on FIELD', extend: true },
  ],
  KnownTypeNamesRule: [
    { sdl: 'type Query { a: String b: Int c: Foo } scalar Foo' },
    { sdl: 'type Query { a: Strin b: Bar } interface I implements Unknown { f: Int } union U = Bar | Baz input In { f: Inn }' },
    { sdl: 'type Query { a: Dog b: Doge }', extend: true },
  ],
  KnownDirectivesRule: [
    { sdl: 'type Query @unknown { a: String @deprecated @unknown2 } directive @known on OBJECT extend type Query @known' },
    { sdl: 'schema @onQuery { query: Q } type Q @deprecated { f(a: Int @specifiedBy(url: "x")): Int @oneOf } enum E { A @deprecated B @onField } input I { f: Int @deprecated g: Int @onQuery } scalar S @specifiedBy(url: "x") @deprecated union U @onQuery = Q interface In @deprecated { f: Int } directive @d(a: Int @deprecated) on FIELD' },
  ],
  UniqueDirectivesPerLocationRule: [
    { sdl: 'directive @nonRepeatable on OBJECT | SCHEMA directive @rep repeatable on OBJECT type T @nonRepeatable @nonRepeatable @rep @rep { f: Int } extend type T @nonRepeatable schema @nonRepeatable { query: T } extend schema @nonRepeatable' },
  ],
  PossibleTypeExtensionsRule: [
    { sdl: 'scalar FooScalar type FooObject interface FooInterface union FooUnion enum FooEnum input FooInputObject extend scalar FooScalar @dummy extend type FooObject @dummy extend interface FooInterface @dummy extend union FooUnion @dummy extend enum FooEnum @dummy extend input FooInputObject @dummy directive @dummy on SCALAR | OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT' },
    { sdl: 'type Known extend scalar Unknown @dummy extend type Unknown @dummy extend type Knwn @dummy directive @dummy on SCALAR | OBJECT' },
    { sdl: 'scalar FooScalar type FooObject interface FooInterface extend type FooScalar @dummy extend interface FooObject @dummy extend scalar FooInterface @dummy directive @dummy on SCALAR | OBJECT | INTERFACE' },
    { sdl: 'extend type Dog @onQuery extend interface Dog @onQuery extend enum FurColor @onQuery extend input FurColor @onQuery extend union Missing @onQuery', extend: true },
  ],
  KnownArgumentNamesOnDirectivesRule: [
    { sdl: 'type Query { a: String @deprecated(reason: "x") b: String @deprecated(reasn: "x") } directive @d(arg: Int) on OBJECT type T @d(arg: 1, other: 2)' },
  ],
  UniqueArgumentNamesRule: [
    { sdl: 'type Query { a: String @deprecated(reason: "x", reason: "y") }' },
  ],
  UniqueInputFieldNamesRule: [
    { sdl: 'directive @d(arg: In) on OBJECT input In { a: Int } type T @d(arg: { a: 1, a: 2 })' },
  ],
  ProvidedRequiredArgumentsOnDirectivesRule: [
    { sdl: 'directive @d(req: Int!, opt: Int, def: Int! = 1) on OBJECT type T @d type U @d(req: 1) scalar S @specifiedBy' },
    { sdl: 'type T @withArgs', extend: true },
  ],
};
