using System.Text.Json;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Types;

/// <summary>
/// The coercion tables of the built-in scalars (spec 3.5.1–3.5.5), for result coercion
/// (serialize) and input coercion (variables as JSON). Expected messages are graphql-js 17.1's.
/// </summary>
public class ScalarCoercionTests
{
    private static object? Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Error(Action action) => Assert.Throws<GraphQLError>(action).Message;

    // Int (spec 3.5.1)

    [Theory]
    [InlineData(1, 1)]
    [InlineData(-1, -1)]
    [InlineData(123.0, 123)]
    [InlineData(1e5, 100000)]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    [InlineData("123", 123)]
    [InlineData("-42", -42)]
    public void Int_result_coercion_accepts_integral_values(object value, int expected) =>
        Assert.Equal(expected, Scalars.Int.Serialize(value));

    [Theory]
    [InlineData(0.1, "Int cannot represent non-integer value: 0.1")]
    [InlineData(-1.1, "Int cannot represent non-integer value: -1.1")]
    [InlineData("-1.1", "Int cannot represent non-integer value: \"-1.1\"")]
    [InlineData("one", "Int cannot represent non-integer value: \"one\"")]
    [InlineData("", "Int cannot represent non-integer value: \"\"")]
    [InlineData(double.NaN, "Int cannot represent non-integer value: NaN")]
    [InlineData(double.PositiveInfinity, "Int cannot represent non-integer value: Infinity")]
    [InlineData(1.5e-7, "Int cannot represent non-integer value: 1.5e-7")]
    [InlineData(9876504321L, "Int cannot represent non 32-bit signed integer value: 9876504321")]
    [InlineData(1e100, "Int cannot represent non 32-bit signed integer value: 1e+100")]
    [InlineData(-1e100, "Int cannot represent non 32-bit signed integer value: -1e+100")]
    public void Int_result_coercion_rejects_non_integers_and_values_outside_32_bits(object value, string message) =>
        Assert.Equal(message, Error(() => Scalars.Int.Serialize(value)));

    [Fact]
    public void Int_result_coercion_of_a_list_or_object_names_it_as_graphql_js_inspects_it()
    {
        Assert.Equal("Int cannot represent non-integer value: [5]", Error(() => Scalars.Int.Serialize(new[] { 5 })));
        Assert.Equal("Int cannot represent non-integer value: { a: 1 }", Error(() => Scalars.Int.Serialize(new Dictionary<string, object?> { ["a"] = 1 })));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("-1", -1)]
    [InlineData("1.0", 1)]
    [InlineData("1e5", 100000)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    public void Int_input_coercion_accepts_integral_json_numbers(string json, int expected) =>
        Assert.Equal(expected, Scalars.Int.CoerceInputValue(Json(json)!));

    [Theory]
    [InlineData("2147483648", "Int cannot represent non 32-bit signed integer value: 2147483648")]
    [InlineData("-2147483649", "Int cannot represent non 32-bit signed integer value: -2147483649")]
    [InlineData("1e100", "Int cannot represent non 32-bit signed integer value: 1e+100")]
    public void Int_input_coercion_rejects_values_outside_32_bits(string json, string message) =>
        Assert.Equal(message, Error(() => Scalars.Int.CoerceInputValue(Json(json)!)));

    [Theory]
    [InlineData("0.1", "Int cannot represent non-integer value: 0.1")]
    [InlineData("\"123\"", "Int cannot represent non-integer value: \"123\"")]
    [InlineData("true", "Int cannot represent non-integer value: true")]
    [InlineData("[5]", "Int cannot represent non-integer value: [5]")]
    [InlineData("{\"a\":1}", "Int cannot represent non-integer value: { a: 1 }")]
    public void Int_input_coercion_rejects_strings_booleans_and_fractions(string json, string message) =>
        Assert.Equal(message, Error(() => Scalars.Int.CoerceInputValue(Json(json)!)));

    // Float (spec 3.5.2)

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(-1.1, -1.1)]
    [InlineData("-1.1", -1.1)]
    [InlineData(true, 1.0)]
    [InlineData(false, 0.0)]
    [InlineData(1e100, 1e100)]
    public void Float_result_coercion_accepts_finite_numbers(object value, double expected) =>
        Assert.Equal(expected, Scalars.Float.Serialize(value));

    [Theory]
    [InlineData(double.NaN, "Float cannot represent non numeric value: NaN")]
    [InlineData(double.PositiveInfinity, "Float cannot represent non numeric value: Infinity")]
    [InlineData("one", "Float cannot represent non numeric value: \"one\"")]
    [InlineData("", "Float cannot represent non numeric value: \"\"")]
    public void Float_result_coercion_rejects_non_finite_and_non_numeric_values(object value, string message) =>
        Assert.Equal(message, Error(() => Scalars.Float.Serialize(value)));

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("-1.5e-7", -1.5e-7)]
    public void Float_input_coercion_accepts_json_numbers(string json, double expected) =>
        Assert.Equal(expected, Scalars.Float.CoerceInputValue(Json(json)!));

    [Theory]
    [InlineData("\"1.5\"", "Float cannot represent non numeric value: \"1.5\"")]
    [InlineData("false", "Float cannot represent non numeric value: false")]
    [InlineData("1e400", "Float cannot represent non numeric value: Infinity")]
    public void Float_input_coercion_rejects_strings_booleans_and_infinite_numbers(string json, string message) =>
        Assert.Equal(message, Error(() => Scalars.Float.CoerceInputValue(Json(json)!)));

    // String (spec 3.5.3)

    [Theory]
    [InlineData("string", "string")]
    [InlineData(1, "1")]
    [InlineData(-1.1, "-1.1")]
    [InlineData(1e100, "1e+100")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public void String_result_coercion_writes_strings_numbers_and_booleans(object value, string expected) =>
        Assert.Equal(expected, Scalars.String.Serialize(value));

    [Fact]
    public void String_result_coercion_rejects_non_finite_numbers_and_lists()
    {
        Assert.Equal("String cannot represent value: NaN", Error(() => Scalars.String.Serialize(double.NaN)));
        Assert.Equal("String cannot represent value: [1]", Error(() => Scalars.String.Serialize(new[] { 1 })));
    }

    [Theory]
    [InlineData("1", "String cannot represent a non string value: 1")]
    [InlineData("true", "String cannot represent a non string value: true")]
    [InlineData("[\"a\"]", "String cannot represent a non string value: [\"a\"]")]
    public void String_input_coercion_accepts_only_strings(string json, string message)
    {
        Assert.Equal("é\n", Scalars.String.CoerceInputValue(Json("\"é\\n\"")!));
        Assert.Equal(message, Error(() => Scalars.String.CoerceInputValue(Json(json)!)));
    }

    // Boolean (spec 3.5.4)

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(0.1, true)]
    public void Boolean_result_coercion_accepts_booleans_and_numbers(object value, bool expected) =>
        Assert.Equal(expected, Scalars.Boolean.Serialize(value));

    [Theory]
    [InlineData("true", "Boolean cannot represent a non boolean value: \"true\"")]
    [InlineData(double.NaN, "Boolean cannot represent a non boolean value: NaN")]
    public void Boolean_result_coercion_rejects_strings_and_non_finite_numbers(object value, string message) =>
        Assert.Equal(message, Error(() => Scalars.Boolean.Serialize(value)));

    [Theory]
    [InlineData("1", "Boolean cannot represent a non boolean value: 1")]
    [InlineData("\"true\"", "Boolean cannot represent a non boolean value: \"true\"")]
    public void Boolean_input_coercion_accepts_only_booleans(string json, string message)
    {
        Assert.Equal(true, Scalars.Boolean.CoerceInputValue(Json("true")!));
        Assert.Equal(false, Scalars.Boolean.CoerceInputValue(Json("false")!));
        Assert.Equal(message, Error(() => Scalars.Boolean.CoerceInputValue(Json(json)!)));
    }

    // ID (spec 3.5.5)

    [Theory]
    [InlineData("string", "string")]
    [InlineData(123, "123")]
    [InlineData(9876504321L, "9876504321")]
    [InlineData(-1, "-1")]
    [InlineData(1e100, "1e+100")]
    public void ID_result_coercion_writes_strings_and_integers_as_strings(object value, string expected) =>
        Assert.Equal(expected, Scalars.ID.Serialize(value));

    [Fact]
    public void ID_result_coercion_writes_a_guid_in_its_hyphenated_form() =>
        Assert.Equal("8a0b36a4-5e4c-4b3a-9d3c-2f1c4c1a2b3d", Scalars.ID.Serialize(Guid.Parse("8A0B36A4-5E4C-4B3A-9D3C-2F1C4C1A2B3D")));

    [Theory]
    [InlineData(0.1, "ID cannot represent value: 0.1")]
    [InlineData(true, "ID cannot represent value: true")]
    public void ID_result_coercion_rejects_fractions_and_booleans(object value, string message) =>
        Assert.Equal(message, Error(() => Scalars.ID.Serialize(value)));

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("1", "1")]
    [InlineData("9876504321", "9876504321")]
    [InlineData("1e3", "1000")]
    public void ID_input_coercion_accepts_strings_and_integers(string json, string expected) =>
        Assert.Equal(expected, Scalars.ID.CoerceInputValue(Json(json)!));

    [Theory]
    [InlineData("1.1", "ID cannot represent value: 1.1")]
    [InlineData("false", "ID cannot represent value: false")]
    public void ID_input_coercion_rejects_fractions_and_booleans(string json, string message) =>
        Assert.Equal(message, Error(() => Scalars.ID.CoerceInputValue(Json(json)!)));

    [Fact]
    public void Input_coercion_also_reads_clr_values_given_as_defaults_or_variables()
    {
        Assert.Equal(5, Scalars.Int.CoerceInputValue(5L));
        Assert.Equal(2.5, Scalars.Float.CoerceInputValue(2.5m));
        Assert.Equal("7", Scalars.ID.CoerceInputValue(7));
        Assert.Equal("Int cannot represent non-integer value: \"5\"", Error(() => Scalars.Int.CoerceInputValue("5")));
    }
}
