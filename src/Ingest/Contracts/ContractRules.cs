using System.Globalization;
using System.Text.RegularExpressions;
using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts;

/// <summary>The field rules every contract shares: presence, ids, ISO-8601 instants with an offset, currencies, minor units.</summary>
public static partial class ContractRules
{
    public static IRuleBuilderOptions<T, TField?> Present<T, TField>(this IRuleBuilder<T, TField?> rule) =>
        rule.NotNull().WithErrorCode(DeadLetterReasons.MissingField).WithMessage("'{PropertyName}' is missing.");

    public static IRuleBuilderOptions<T, string?> RequiredString<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Present().NotEmpty().WithMessage("'{PropertyName}' must not be empty.");

    /// <summary>A UUID in its canonical text form.</summary>
    public static IRuleBuilderOptions<T, string?> Uuid<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Present().Must(v => Guid.TryParseExact(v, "D", out var g) && g != Guid.Empty)
            .WithMessage("'{PropertyName}' must be a UUID such as 0b6f2c1e-8d4a-4c55-9a0e-3f1d2b7c9e10.");

    /// <summary>An ISO-8601 instant that names its offset (<c>Z</c> or <c>+01:00</c>): a local time without one is ambiguous.</summary>
    public static IRuleBuilderOptions<T, string?> Instant<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Present().Must(v => ParseInstant(v) is not null)
            .WithMessage("'{PropertyName}' must be an ISO-8601 instant with an offset, e.g. 2026-11-02T12:00:00+01:00 or ...Z.");

    public static IRuleBuilderOptions<T, string?> Currency<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Present().Must(Currencies.IsKnown).WithMessage("'{PropertyValue}' is not a supported ISO 4217 currency.");

    public static DateTimeOffset? ParseInstant(string? value) =>
        value is not null && OffsetPattern().IsMatch(value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant
            : null;

    /// <summary>An amount in minor units (cents; yen; fils) as a decimal in major units: 1250 EUR → 12.50.</summary>
    public static Money FromMinor(long minor, string currency) =>
        new(minor / (decimal)Math.Pow(10, Currencies.MinorUnits[currency]), currency);

    public static decimal MinorToMajor(long minor, string currency) => FromMinor(minor, currency).Amount;

    /// <summary>An amount in major units as minor units (12.50 EUR → 1250); more decimals than the currency has is an error.</summary>
    public static long ToMinor(decimal major, string currency)
    {
        var minor = major * (decimal)Math.Pow(10, Currencies.MinorUnits[currency]);
        return minor == decimal.Truncate(minor)
            ? (long)minor
            : throw new ArgumentException($"{major} {currency} has more decimals than {currency} has minor units.", nameof(major));
    }

    public static long ToMinor(Money money) => ToMinor(money.Amount, money.Currency);

    /// <summary>An instant as contracts write it: ISO-8601 with its offset (<c>Z</c> for UTC), seconds' fractions only when there are any.</summary>
    public static string FormatInstant(DateTimeOffset instant) =>
        instant.Offset == TimeSpan.Zero
            ? instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetPattern();
}
