using System.Text.RegularExpressions;
using Es.GraphQL.Types;

namespace Es.GraphQL.Conformance;

/// <summary>
/// The custom scalars of the conformance schema, coerced as resolvers.mjs coerces them (README,
/// "Custom scalars"): one check for every direction, the internal value a string (DateTime,
/// Decimal, UUID lower-cased) or any JSON value. Not <see cref="CustomScalars"/>: those parse to
/// CLR types and word their errors differently, and the suite compares messages.
/// </summary>
public static partial class ConformanceScalars
{
    public const string DateTimeMessage = "DateTime must be an RFC 3339 date-time string.";
    public const string DecimalMessage = "Decimal must be a string of decimal digits such as \"12.50\".";
    public const string UuidMessage = "UUID must be a string in the 8-4-4-4-12 hexadecimal form.";

    public static GraphQLScalarType DateTime { get; } = StringScalar(
        "DateTime", DateTimePattern(), DateTimeMessage, static s => s,
        "An instant: RFC 3339 date-time with an offset, as a string.",
        "https://scalars.graphql.org/chillicream/date-time.html");

    public static GraphQLScalarType Decimal { get; } = StringScalar(
        "Decimal", DecimalPattern(), DecimalMessage, static s => s,
        "An exact decimal number, as a string such as `\"12.50\"`.",
        specifiedByUrl: null);

    public static GraphQLScalarType Uuid { get; } = StringScalar(
        "UUID", UuidPattern(), UuidMessage, static s => s.ToLowerInvariant(),
        "A UUID in its 8-4-4-4-12 hexadecimal form.",
        "https://www.rfc-editor.org/rfc/rfc9562");

    // A literal reaches ParseValue as its untyped value (enum values as their names), as
    // graphql-js's valueFromASTUntyped gives it; variable values arrive as plain CLR values.
    public static GraphQLScalarType Json { get; } = new("JSON")
    {
        Description = "Any JSON value.",
        SpecifiedByUrl = "https://www.ecma-international.org/publications-and-standards/standards/ecma-404/",
        Serialize = static value => value,
        ParseValue = static value => value,
    };

    public static IReadOnlyList<GraphQLScalarType> All { get; } = [DateTime, Decimal, Uuid, Json];

    private static GraphQLScalarType StringScalar(string name, Regex pattern, string message, Func<string, string> normalize,
        string description, string? specifiedByUrl)
    {
        object? Coerce(object value) =>
            value is string text && pattern.IsMatch(text) ? normalize(text) : throw new GraphQLError(message);
        return new GraphQLScalarType(name)
        {
            Description = description,
            SpecifiedByUrl = specifiedByUrl,
            Serialize = Coerce,
            ParseValue = Coerce,
        };
    }

    // JavaScript's \d is ASCII only and its $ is the very end; .NET's \d takes any Unicode digit and its $ also matches before a final newline.
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UuidPattern();
}
