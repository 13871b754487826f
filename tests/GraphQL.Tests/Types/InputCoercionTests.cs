using System.Text.Json;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Types;

/// <summary>
/// Input coercion of variable values (spec 3.10, 3.11, 3.12 "Input Coercion"), from JSON as a
/// request carries them. Messages and paths are graphql-js 17.1's validateInputValue's.
/// </summary>
public class InputCoercionTests
{
    private static readonly GraphQLEnumType Color = new("Color",
    [
        new GraphQLEnumValue("RED"), new GraphQLEnumValue("GREEN"), new GraphQLEnumValue("BLUE") { Value = 3 },
    ]);

    private static readonly GraphQLInputObjectType In = new("In")
    {
        Fields = () =>
        [
            new GraphQLInputField("a", Scalars.Int.NonNull()),
            new GraphQLInputField("bee", Scalars.String),
            new GraphQLInputField("list", Scalars.Int.List()),
            new GraphQLInputField("color", Color) { DefaultValue = "RED" },
        ],
    };

    private static readonly GraphQLInputObjectType One = new("One")
    {
        IsOneOf = true,
        Fields = () => [new GraphQLInputField("a", Scalars.Int), new GraphQLInputField("b", Scalars.String)],
    };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static List<(string Message, string Path)> Errors(string json, GraphQLType type)
    {
        var errors = new List<(string, string)>();
        InputCoercion.CoerceInputValue(Json(json), type, (error, path) => errors.Add((error.Message, InputCoercion.PrintPathArray(path))));
        return errors;
    }

    [Fact]
    public void Input_object_coercion_fills_defaults_and_coerces_each_field()
    {
        var value = (IReadOnlyDictionary<string, object?>)InputCoercion.CoerceInputValue(Json("""{"a": 1, "list": [1, 2]}"""), In)!;

        Assert.Equal(1, value["a"]);
        Assert.Equal(new object?[] { 1, 2 }, (object?[])value["list"]!);
        Assert.Equal("RED", value["color"]);
        Assert.False(value.ContainsKey("bee"));
    }

    [Fact]
    public void Input_object_coercion_keeps_an_explicit_null_apart_from_an_absent_field()
    {
        var value = (IReadOnlyDictionary<string, object?>)InputCoercion.CoerceInputValue(Json("""{"a": 1, "bee": null}"""), In)!;

        Assert.True(value.ContainsKey("bee"));
        Assert.Null(value["bee"]);
    }

    [Fact]
    public void Input_object_coercion_reports_a_missing_required_field() =>
        Assert.Equal([("Expected value of type \"In\" to include required field \"a\", found: { bee: \"x\" }.", "")],
            Errors("""{"bee": "x"}""", In));

    [Fact]
    public void Input_object_coercion_reports_unknown_fields_with_suggestions() =>
        Assert.Equal([("Expected value of type \"In\" not to include unknown field \"be\". Did you mean \"bee\"? Found: { a: 1, be: \"x\" }.", "")],
            Errors("""{"a": 1, "be": "x"}""", In));

    [Fact]
    public void Input_object_coercion_reports_unknown_fields_without_suggestions_when_none_is_close() =>
        Assert.Equal([("Expected value of type \"In\" not to include unknown field \"zzzzz\", found: { a: 1, zzzzz: \"x\" }.", "")],
            Errors("""{"a": 1, "zzzzz": "x"}""", In));

    [Fact]
    public void Input_object_coercion_rejects_a_non_object() =>
        Assert.Equal([("Expected value of type \"In\" to be an object, found: 5.", "")], Errors("5", In));

    [Fact]
    public void Errors_inside_lists_carry_the_path_to_the_item() =>
        Assert.Equal([("Int cannot represent non-integer value: \"x\"", " at .list[1]")], Errors("""{"a": 1, "list": [1, "x", 3]}""", In));

    [Fact]
    public void Non_null_coercion_rejects_null() =>
        Assert.Equal([("Expected value of non-null type \"Int!\" not to be null.", "")], Errors("null", Scalars.Int.NonNull()));

    [Fact]
    public void List_coercion_of_a_single_value_makes_a_list_of_one() =>
        Assert.Equal(new object?[] { 5 }, (object?[])InputCoercion.CoerceInputValue(Json("5"), Scalars.Int.List())!);

    [Fact]
    public void List_coercion_keeps_null_items_of_nullable_item_types() =>
        Assert.Equal(new object?[] { 1, null }, (object?[])InputCoercion.CoerceInputValue(Json("[1, null]"), Scalars.Int.List())!);

    [Fact]
    public void Nested_list_coercion_wraps_each_level() =>
        Assert.Equal(new object?[] { new object?[] { 1 } }, (object?[])InputCoercion.CoerceInputValue(Json("[[1]]"), Scalars.Int.List().List())!);

    [Theory]
    [InlineData("""{"a": 1, "b": "x"}""", "")]
    [InlineData("{}", "")]
    [InlineData("""{"a": null}""", " at .a")]
    public void OneOf_coercion_requires_exactly_one_non_null_field(string json, string path) =>
        Assert.Equal([("Within OneOf Input Object type \"One\", exactly one field must be specified, and the value for that field must be non-null.", path)],
            Errors(json, One));

    [Fact]
    public void OneOf_coercion_accepts_exactly_one_field()
    {
        var value = (IReadOnlyDictionary<string, object?>)InputCoercion.CoerceInputValue(Json("""{"b": "x"}"""), One)!;

        Assert.Equal(["b"], value.Keys);
    }

    [Fact]
    public void Enum_coercion_maps_names_to_internal_values_and_suggests_close_names()
    {
        Assert.Equal(3, InputCoercion.CoerceInputValue(Json("\"BLUE\""), Color));
        Assert.Equal([("Value \"red\" does not exist in \"Color\" enum. Did you mean the enum value \"RED\"?", "")], Errors("\"red\"", Color));
        Assert.Equal([("Value \"GREN\" does not exist in \"Color\" enum. Did you mean the enum value \"GREEN\" or \"RED\"?", "")], Errors("\"GREN\"", Color));
        Assert.Equal([("Enum \"Color\" cannot represent non-string value: 1.", "")], Errors("1", Color));
    }

    [Fact]
    public void Enum_result_coercion_maps_internal_values_to_names()
    {
        Assert.Equal("BLUE", Color.CoerceOutputValue(3));
        Assert.Equal("RED", Color.CoerceOutputValue("RED"));
        Assert.Equal("Enum \"Color\" cannot represent value: \"PINK\"", Assert.Throws<GraphQLError>(() => Color.CoerceOutputValue("PINK")).Message);
    }

    [Fact]
    public void Error_messages_abbreviate_deep_and_long_values_as_graphql_js_does()
    {
        Assert.Equal([("String cannot represent a non string value: { c: { d: [Object] } }", "")],
            Errors("""{"c": {"d": {"e": 1}}}""", Scalars.String));
        Assert.Equal([("String cannot represent a non string value: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ... 2 more items]", "")],
            Errors("[1,2,3,4,5,6,7,8,9,10,11,12]", Scalars.String));
    }

    [Fact]
    public void Coercion_reads_clr_values_as_well_as_json()
    {
        var value = (IReadOnlyDictionary<string, object?>)InputCoercion.CoerceInputValue(
            new Dictionary<string, object?> { ["a"] = 2, ["list"] = new List<int> { 3 } }, In)!;

        Assert.Equal(2, value["a"]);
        Assert.Equal(new object?[] { 3 }, (object?[])value["list"]!);
    }

    [Fact]
    public void An_input_object_can_map_its_fields_to_a_clr_value()
    {
        var mapped = new GraphQLInputObjectType("Point")
        {
            Fields = () => [new GraphQLInputField("x", Scalars.Int.NonNull()), new GraphQLInputField("y", Scalars.Int.NonNull())],
            ParseValue = fields => (X: (int)fields["x"]!, Y: (int)fields["y"]!),
        };

        Assert.Equal((1, 2), InputCoercion.CoerceInputValue(Json("""{"x": 1, "y": 2}"""), mapped));
    }

    [Fact]
    public void TryCoerceInputValue_collects_every_error()
    {
        var ok = InputCoercion.TryCoerceInputValue(Json("""{"list": ["x", "y"]}"""), In, out _, out var errors);

        Assert.False(ok);
        Assert.Equal(3, errors.Count);
    }
}
