using System.Text.Json;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Types;

/// <summary>The custom scalars DateTime (RFC 3339), Decimal, UUID and JSON, each with its @specifiedBy URL.</summary>
public class CustomScalarTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("2026-11-22T10:47:55Z", "2026-11-22T10:47:55Z")]
    [InlineData("2026-11-22T10:47:55.123+02:00", "2026-11-22T10:47:55.123+02:00")]
    [InlineData("2026-11-22t10:47:55.1234567891z", "2026-11-22T10:47:55.1234567Z")]
    public void DateTime_input_coercion_accepts_RFC_3339_date_times(string input, string serialized)
    {
        var value = CustomScalars.DateTime.CoerceInputValue(Json($"\"{input}\""));

        Assert.IsType<DateTimeOffset>(value);
        Assert.Equal(serialized, CustomScalars.DateTime.Serialize(value!));
    }

    [Theory]
    [InlineData("\"2026-11-22\"")]
    [InlineData("\"2026-11-22T10:47:55\"")]
    [InlineData("\"2026-13-22T10:47:55Z\"")]
    [InlineData("\"22/11/2026 10:47\"")]
    public void DateTime_input_coercion_rejects_anything_but_RFC_3339_date_times(string json) =>
        Assert.StartsWith("DateTime cannot represent an invalid RFC 3339 date-time string: ",
            Assert.Throws<GraphQLError>(() => CustomScalars.DateTime.CoerceInputValue(Json(json))).Message);

    [Fact]
    public void DateTime_result_coercion_writes_utc_with_Z_and_keeps_offsets()
    {
        Assert.Equal("2026-01-02T03:04:05Z", CustomScalars.DateTime.Serialize(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        Assert.Equal("2026-01-02T03:04:05-05:00", CustomScalars.DateTime.Serialize(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5))));
        Assert.Equal("2026-01-02T03:04:05.5Z", CustomScalars.DateTime.Serialize(new DateTime(2026, 1, 2, 3, 4, 5, 500, DateTimeKind.Utc)));
        Assert.Equal("DateTime cannot represent value: 5", Assert.Throws<GraphQLError>(() => CustomScalars.DateTime.Serialize(5)).Message);
    }

    [Theory]
    [InlineData("\"29.90\"", "29.90")]
    [InlineData("29.9", "29.9")]
    [InlineData("\"-0.000000000000000000000000001\"", "-0.000000000000000000000000001")]
    [InlineData("12", "12")]
    public void Decimal_input_coercion_accepts_strings_and_numbers_without_losing_digits(string json, string serialized)
    {
        var value = CustomScalars.Decimal.CoerceInputValue(Json(json));

        Assert.IsType<decimal>(value);
        Assert.Equal(serialized, CustomScalars.Decimal.Serialize(value!));
    }

    [Theory]
    [InlineData("\"1e5\"")]
    [InlineData("\"abc\"")]
    [InlineData("true")]
    public void Decimal_input_coercion_rejects_non_decimal_values(string json) =>
        Assert.StartsWith("Decimal cannot represent value: ", Assert.Throws<GraphQLError>(() => CustomScalars.Decimal.CoerceInputValue(Json(json))).Message);

    [Fact]
    public void UUID_coercion_round_trips_in_lower_case_hyphenated_form()
    {
        var value = CustomScalars.Uuid.CoerceInputValue(Json("\"8A0B36A4-5E4C-4B3A-9D3C-2F1C4C1A2B3D\""));

        Assert.Equal(Guid.Parse("8a0b36a4-5e4c-4b3a-9d3c-2f1c4c1a2b3d"), value);
        Assert.Equal("8a0b36a4-5e4c-4b3a-9d3c-2f1c4c1a2b3d", CustomScalars.Uuid.Serialize(value!));
        Assert.Equal("UUID cannot represent an invalid UUID string: \"nope\"",
            Assert.Throws<GraphQLError>(() => CustomScalars.Uuid.CoerceInputValue(Json("\"nope\""))).Message);
    }

    [Fact]
    public void JSON_passes_any_value_through()
    {
        var value = (JsonElement)CustomScalars.Json.CoerceInputValue(Json("""{"a": [1, true, null]}"""))!;

        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        Assert.Same(value.GetType(), CustomScalars.Json.Serialize(value)!.GetType());
    }

    [Fact]
    public void Custom_scalars_expose_their_specification_urls()
    {
        Assert.Equal("https://scalars.graphql.org/andimarek/date-time", CustomScalars.DateTime.SpecifiedByUrl);
        Assert.All(CustomScalars.All, s => Assert.StartsWith("https://", s.SpecifiedByUrl));
    }

    [Fact]
    public void A_user_scalar_without_json_support_receives_plain_clr_values()
    {
        object? received = null;
        var scalar = new GraphQLScalarType("Money") { ParseValue = v => received = v };

        scalar.CoerceInputValue(Json("""{"amount": 5, "currency": "EUR"}"""));

        var map = Assert.IsType<Dictionary<string, object?>>(received);
        Assert.Equal(5, map["amount"]);
        Assert.Equal("EUR", map["currency"]);
    }
}

public class CustomScalarLiteralTests
{
    private static object? Literal(GraphQLScalarType scalar, string literal) =>
        scalar.CoerceInputLiteral(Es.GraphQL.Language.Parser.ParseConstValue(new Es.GraphQL.Language.Source(literal)));

    [Fact]
    public void Decimal_literals_keep_every_digit()
    {
        Assert.Equal("29.90", CustomScalars.Decimal.Serialize(Literal(CustomScalars.Decimal, "29.90")!));
        Assert.Equal("12345678901234567890.123456789", CustomScalars.Decimal.Serialize(Literal(CustomScalars.Decimal, "\"12345678901234567890.123456789\"")!));
        Assert.Equal(1500m, Literal(CustomScalars.Decimal, "1.5e3"));
        Assert.Throws<GraphQLError>(() => Literal(CustomScalars.Decimal, "true"));
    }

    [Fact]
    public void DateTime_and_UUID_literals_are_strings_in_their_formats()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 47, 55, TimeSpan.Zero), Literal(CustomScalars.DateTime, "\"2026-11-22T10:47:55Z\""));
        Assert.Equal(Guid.Parse("8a0b36a4-5e4c-4b3a-9d3c-2f1c4c1a2b3d"), Literal(CustomScalars.Uuid, "\"8a0b36a4-5e4c-4b3a-9d3c-2f1c4c1a2b3d\""));
        Assert.Throws<GraphQLError>(() => Literal(CustomScalars.DateTime, "5"));
    }

    [Fact]
    public void JSON_literals_become_plain_values()
    {
        var value = (Dictionary<string, object?>)Literal(CustomScalars.Json, "{ a: [1, true, null], b: \"x\" }")!;

        Assert.Equal(new object?[] { 1, true, null }, (object?[])value["a"]!);
        Assert.Equal("x", value["b"]);
    }
}
