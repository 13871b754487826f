using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Tests.Types;

/// <summary>Schema validation errors of schemas built from SDL point where graphql-js 17.1 points (its output, SDL written on one line).</summary>
public class SchemaValidationLocationTests
{
    [Theory]
    [InlineData("type Query { a: Empty } type Empty", "Type Empty must define one or more fields. (1:25)")]
    [InlineData("type Query { f(a: Query): In } input In { a: Int }", "The type of Query.f must be Output Type but got: In. (1:27)|The type of Query.f(a:) must be Input Type but got: Query. (1:19)")]
    [InlineData("type Query { f(a: Int! @deprecated): String }", "Required argument Query.f(a:) cannot be deprecated. (1:24, 1:19)")]
    [InlineData("type Query { a: A } type A implements B { x: Int } type B { x: Int }", "Type A must only implement Interface types, it cannot implement B. (1:39)")]
    [InlineData("type Query { a: A } interface I { x: Int, y: String } type A implements I { x: Int }", "Interface field I.y expected but A does not provide it. (1:43, 1:55)")]
    [InlineData("type Query { a: A } interface I { x: String } type A implements I { x: Int }", "Interface field I.x expects type String but A.x is type Int. (1:38, 1:72)")]
    [InlineData("type Query { u: U } interface I { x: Int } type A implements I { x: Int } union U = A | I", "Union type U can only include Object types, it cannot include I. (1:89)")]
    [InlineData("type Query { f(a: In): Int } input In { a: Int! @deprecated, b: Query }", "Required input field In.a cannot be deprecated. (1:49, 1:44)|The type of In.b must be Input Type but got: Query. (1:65)")]
    [InlineData("type Query { f(a: In): Int } input In @oneOf { a: Int!, b: Int = 1 }", "OneOf input field In.a must be nullable. (1:51)|OneOf input field In.b cannot have a default value. (1:57)")]
    [InlineData("type Query { f(a: A): Int } input A { b: B! } input B { a: A! }", "Input Object A cannot be provided a finite value because it references itself through fields: A.b, B.a. (1:39, 1:57)")]
    [InlineData("type Query { __f: Int }", "Name \"__f\" must not begin with \"__\", which is reserved by GraphQL introspection. (1:14)")]
    [InlineData("schema { query: Query mutation: Query } type Query { a: String }", "All root types must be different, \"Query\" type is used as query and mutation root types. (1:17, 1:33)")]
    [InlineData("directive @d(a: Query) on FIELD type Query { a: String }", "The type of @d(a:) must be Input Type but got: Query. (1:14)")]
    [InlineData("type Query { e: E } enum E", "Enum type E must define one or more values. (1:21)")]
    public void Errors_carry_the_locations_graphql_js_gives(string sdl, string expected)
    {
        var error = Assert.Throws<InvalidSchemaException>(() => BuildAstSchema.BuildSchema(sdl, new BuildSchemaOptions { AssumeValidSdl = true }));

        Assert.Equal(expected.Split('|'), error.Errors.Select(e => e.ToString()));
    }
}
