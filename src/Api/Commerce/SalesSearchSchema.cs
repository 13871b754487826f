using System.Text.RegularExpressions;
using Es.Api.Schema;
using Es.GraphQL.Types;

namespace Es.Api.Commerce;

/// <summary><c>salesSearch</c>: the card platform's search over sales, for administrators and auditors.</summary>
public static partial class SalesSearchSchema
{
    public const int MaxTextLength = 100;

    public static void Add(SchemaBuilder builder) => builder
        .Enum("SaleStatus", e => e
            .Description("Where a sale stands.")
            .Value("APPROVED", value: "approved", description: "Approved, nothing refunded.")
            .Value("PARTIALLY_REFUNDED", value: "partially_refunded", description: "Some of it refunded.")
            .Value("REFUNDED", value: "refunded", description: "Refunded in full.")
            .Value("CANCELLED", value: "cancelled", description: "Voided before settlement: not a sale any more."))
        .Object<SaleHit>("SaleHit", o => o
            .Description("A sale as sales search finds it.")
            .Field("saleId", "ID!", h => h.SaleId.ToString())
            .Field("merchantId", "String!", h => h.MerchantId)
            .Field("merchantName", "String", h => h.MerchantName, "Null while the merchant is not registered.")
            .Field("platform", "String!", h => h.Platform)
            .Field("cardSuffix", "String!", h => h.CardSuffix, "The card token's last four characters; the token itself stays on the server.")
            .Field("amount", "Float!", h => (double)h.Amount, "Approved amount in the currency's major unit.")
            .Field("currency", "String!", h => h.Currency)
            .Field("refunded", "Float!", h => (double)h.Refunded, "Refunded so far.")
            .Field("approvedAt", "DateTime!", h => h.ApprovedAt)
            .Field("status", "SaleStatus!", h => h.Status)
            .Field("flagged", "Boolean", h => h.Flagged, "Whether an anomaly rule flagged it (`anomalies` says why); null when Elasticsearch answered."))
        .Connection<SaleHit>("SaleHit")
        .InputObject("SalesSearchFilter", i => i
            .Field("merchantId", "String")
            .Field("merchantName", "String", description: "Free text on the merchant's name: words, part of a word, or a near miss.")
            .Field("cardSuffix", "String", description: "The last characters of the card token (letters and digits, 1 to 16).")
            .Field("minAmount", "Float")
            .Field("maxAmount", "Float")
            .Field("currency", "String", description: "ISO 4217, e.g. KRW.")
            .Field("from", "DateTime", description: "Approved at or after.")
            .Field("to", "DateTime", description: "Approved at or before.")
            .Field("platform", "String")
            .Field("status", "SaleStatus")
            .Field("flagged", "Boolean", description: "true: only sales an anomaly rule flagged; false: only those none flagged.")
            .ToValue(v => v))
        .Query(q => q
            .Field("salesSearch", "SaleHitConnection!", f => f
                .Description("Sales matching every criterion of the filter, newest first. Administrators and auditors.")
                .Argument("filter", "SalesSearchFilter")
                .Paged()
                .ResolveAsync((_, ctx) =>
                {
                    ctx.RequireAnalyst();
                    var filter = ctx.Arguments.TryGet<ArgumentValues>("filter", out var v) ? FilterOf(v) : new SalesFilter();
                    return ctx.Service<SalesSearchReads>().SearchAsync(filter, ctx.Page(), ctx.CancellationToken);
                })));

    private static SalesFilter FilterOf(ArgumentValues v)
    {
        var filter = new SalesFilter
        {
            MerchantId = v.GetOrDefault<string?>("merchantId", null),
            MerchantName = v.GetOrDefault<string?>("merchantName", null),
            CardSuffix = v.GetOrDefault<string?>("cardSuffix", null),
            MinAmount = v.TryGet<double>("minAmount", out var min) ? (decimal)min : null,
            MaxAmount = v.TryGet<double>("maxAmount", out var max) ? (decimal)max : null,
            Currency = v.GetOrDefault<string?>("currency", null),
            From = v.TryGet<DateTimeOffset>("from", out var from) ? from : null,
            To = v.TryGet<DateTimeOffset>("to", out var to) ? to : null,
            Platform = v.GetOrDefault<string?>("platform", null),
            Status = v.GetOrDefault<string?>("status", null),
            Flagged = v.TryGet<bool>("flagged", out var flagged) ? flagged : null,
        };
        if (filter.MerchantName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > MaxTextLength))
            throw ApiErrors.Validation("BAD_TEXT", $"merchantName must hold 1 to {MaxTextLength} characters.", "filter.merchantName");
        if (filter.CardSuffix is { } suffix && !Suffix().IsMatch(suffix))
            throw ApiErrors.Validation("BAD_SUFFIX", "cardSuffix is 1 to 16 letters or digits.", "filter.cardSuffix");
        if (filter.MinAmount is { } lo && filter.MaxAmount is { } hi && hi < lo)
            throw ApiErrors.Validation("BAD_RANGE", "maxAmount must not be below minAmount.", "filter.maxAmount");
        if (filter.From is { } f && filter.To is { } t && t < f)
            throw ApiErrors.Validation("BAD_RANGE", "to must not be before from.", "filter.to");
        return filter;
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,16}$")]
    private static partial Regex Suffix();
}
