namespace Es.Domain;

/// <summary>
/// An amount in an ISO 4217 currency. Decimal, never floating point, so sums of items and
/// refunds add up to the cent. Arithmetic across currencies is a bug, so it throws.
/// </summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    public static Money Zero(string currency) => new(0m, currency);

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount, SameCurrency(a, b));

    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount, SameCurrency(a, b));

    public static bool operator >(Money a, Money b) => SameCurrency(a, b) is not null && a.Amount > b.Amount;

    public static bool operator <(Money a, Money b) => SameCurrency(a, b) is not null && a.Amount < b.Amount;

    public override string ToString() => $"{Amount} {Currency}";

    private static string SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency
            ? a.Currency
            : throw new InvalidOperationException($"Cannot combine {a.Currency} with {b.Currency}.");
}

/// <summary>The ISO 4217 currencies Es accepts, with their minor units (JPY has none, KWD three).</summary>
public static class Currencies
{
    public const string CodePattern = "^[A-Z]{3}$";

    public static readonly IReadOnlyDictionary<string, int> MinorUnits = new Dictionary<string, int>
    {
        ["AED"] = 2, ["ARS"] = 2, ["AUD"] = 2, ["BHD"] = 3, ["BRL"] = 2, ["CAD"] = 2, ["CHF"] = 2,
        ["CLP"] = 0, ["CNY"] = 2, ["COP"] = 2, ["CZK"] = 2, ["DKK"] = 2, ["EUR"] = 2, ["GBP"] = 2,
        ["HKD"] = 2, ["HUF"] = 2, ["IDR"] = 2, ["ILS"] = 2, ["INR"] = 2, ["JPY"] = 0, ["KRW"] = 0,
        ["KWD"] = 3, ["MXN"] = 2, ["NOK"] = 2, ["NZD"] = 2, ["PEN"] = 2, ["PHP"] = 2, ["PLN"] = 2,
        ["SAR"] = 2, ["SEK"] = 2, ["SGD"] = 2, ["THB"] = 2, ["TRY"] = 2, ["USD"] = 2, ["ZAR"] = 2,
    };

    public static bool IsKnown(string? code) => code is not null && MinorUnits.ContainsKey(code);

    /// <summary>True when the amount has no more decimals than the currency allows (no 0.001 EUR).</summary>
    public static bool FitsMinorUnits(decimal amount, string? currency) =>
        currency is not null && MinorUnits.TryGetValue(currency, out var units) && decimal.Round(amount, units) == amount;
}
