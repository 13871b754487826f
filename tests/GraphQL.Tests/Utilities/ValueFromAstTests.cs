using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Tests.Utilities;

/// <summary>Literal input coercion (spec 3.5–3.12 "Input Coercion" of values written in documents; graphql-js coerceInputLiteral).</summary>
public class ValueFromAstTests
{
    private static readonly GraphQLInputObjectType Point = new("Point")
    {
        Fields = () =>
        [
            new GraphQLInputField("x", Scalars.Int.NonNull()),
            new GraphQLInputField("y", Scalars.Int) { DefaultValue = 0 },
        ],
    };

    private static readonly GraphQLInputObjectType OneOf = new("OneOf")
    {
        IsOneOf = true,
        Fields = () => [new GraphQLInputField("a", Scalars.Int), new GraphQLInputField("b", Scalars.String)],
    };

    private static (bool Ok, object? Value) Coerce(string literal, GraphQLType type, Dictionary<string, object?>? variables = null)
    {
        var ok = ValueFromAst.TryCoerce(Parser.ParseValue(new Source(literal)), type, variables, out var value);
        return (ok, value);
    }

    [Theory]
    [InlineData("123", 123)]
    [InlineData("-1", -1)]
    public void Int_literals_coerce_to_int(string literal, int expected) =>
        Assert.Equal((true, (object?)expected), Coerce(literal, Scalars.Int));

    [Theory]
    [InlineData("1.5")]
    [InlineData("\"1\"")]
    [InlineData("2147483648")]
    [InlineData("true")]
    public void Int_literal_coercion_rejects_other_kinds_and_values_outside_32_bits(string literal) =>
        Assert.False(Coerce(literal, Scalars.Int).Ok);

    [Fact]
    public void Float_accepts_int_literals_and_ID_accepts_strings_and_ints()
    {
        Assert.Equal((true, (object?)4.0), Coerce("4", Scalars.Float));
        Assert.Equal((true, (object?)"4"), Coerce("4", Scalars.ID));
        Assert.Equal((true, (object?)"x"), Coerce("\"x\"", Scalars.ID));
        Assert.False(Coerce("4.5", Scalars.ID).Ok);
    }

    [Fact]
    public void Null_literals_are_null_for_nullable_types_and_invalid_for_non_null()
    {
        Assert.Equal((true, (object?)null), Coerce("null", Scalars.Int));
        Assert.False(Coerce("null", Scalars.Int.NonNull()).Ok);
    }

    [Fact]
    public void A_single_value_is_a_list_of_one_and_list_items_are_coerced()
    {
        Assert.Equal(new object?[] { 1 }, (object?[])Coerce("1", Scalars.Int.List()).Value!);
        Assert.Equal(new object?[] { 1, null, 3 }, (object?[])Coerce("[1, null, 3]", Scalars.Int.List()).Value!);
        Assert.False(Coerce("[1, null]", Scalars.Int.NonNull().List()).Ok);
    }

    [Fact]
    public void Input_object_literals_apply_defaults_and_reject_missing_required_or_unknown_fields()
    {
        var point = (IReadOnlyDictionary<string, object?>)Coerce("{ x: 1 }", Point).Value!;

        Assert.Equal(1, point["x"]);
        Assert.Equal(0, point["y"]);
        Assert.False(Coerce("{ y: 1 }", Point).Ok);
        Assert.False(Coerce("{ x: 1, z: 2 }", Point).Ok);
        Assert.False(Coerce("1", Point).Ok);
    }

    [Fact]
    public void Variables_take_their_coerced_values_and_missing_ones_fall_back_as_the_spec_says()
    {
        var variables = new Dictionary<string, object?> { ["n"] = 5, ["none"] = null };

        Assert.Equal((true, (object?)5), Coerce("$n", Scalars.Int, variables));
        Assert.False(Coerce("$none", Scalars.Int.NonNull(), variables).Ok);
        // A missing variable inside a list is null; inside an object the field takes its default.
        Assert.Equal(new object?[] { 5, null }, (object?[])Coerce("[$n, $missing]", Scalars.Int.List(), variables).Value!);
        Assert.Equal(0, ((IReadOnlyDictionary<string, object?>)Coerce("{ x: $n, y: $missing }", Point, variables).Value!)["y"]);
    }

    [Fact]
    public void OneOf_literals_need_exactly_one_non_null_field()
    {
        Assert.True(Coerce("{ a: 1 }", OneOf).Ok);
        Assert.False(Coerce("{ a: 1, b: \"x\" }", OneOf).Ok);
        Assert.False(Coerce("{ a: null }", OneOf).Ok);
        Assert.False(Coerce("{ }", OneOf).Ok);
    }

    [Fact]
    public void Enum_literals_must_be_enum_values_of_the_type()
    {
        var color = new GraphQLEnumType("Color", [new GraphQLEnumValue("RED") { Value = ConsoleColor.Red }]);

        Assert.Equal((true, (object?)ConsoleColor.Red), Coerce("RED", color));
        Assert.False(Coerce("\"RED\"", color).Ok);
        Assert.False(Coerce("BLUE", color).Ok);
    }

    [Fact]
    public void Invalid_literals_are_explained_by_InputLiteralValidation_as_graphql_js_explains_them()
    {
        var errors = InputLiteralValidation.Validate(Parser.ParseValue(new Source("{ x: \"one\", z: 2 }")), Point);

        Assert.Equal(
        [
            "Int cannot represent non-integer value: \"one\"",
            "Expected value of type \"Point\" not to include unknown field \"z\". Did you mean \"x\" or \"y\"? Found: { x: \"one\", z: 2 }.",
        ], errors.Select(e => e.Message));
    }

    [Fact]
    public void AstFromValue_prints_internal_values_as_literals_of_their_type()
    {
        var color = new GraphQLEnumType("Color", [new GraphQLEnumValue("RED") { Value = ConsoleColor.Red }]);

        Assert.Equal("RED", AstFromValue.Print(ConsoleColor.Red, color));
        Assert.Equal("[1, 2]", AstFromValue.Print(new[] { 1, 2 }, Scalars.Int.List()));
        Assert.Equal("{ x: 1, y: 2 }", AstFromValue.Print(new Dictionary<string, object?> { ["y"] = 2, ["x"] = 1 }, Point));
        Assert.Equal("123", AstFromValue.Print("123", Scalars.ID));
        Assert.Equal("\"abc\"", AstFromValue.Print("abc", Scalars.ID));
        Assert.Equal("1.5", AstFromValue.Print(1.5, Scalars.Float));
        Assert.Null(AstFromValue.Print(null, Scalars.Int.NonNull()));
    }
}
