using System.Text.Json.Serialization;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Transport;
using Es.Api.Schema;

namespace Es.Api.Commerce.Elasticsearch;

/// <summary>Where the optional Elasticsearch sink goes (<c>Es:Elasticsearch</c>). Without a URL, PostgreSQL serves sales search alone.</summary>
public sealed class ElasticsearchOptions
{
    public string? Url { get; set; }

    /// <summary>The index the sales go to; the index template matches <c>{Index}*</c>.</summary>
    public string Index { get; set; } = "es-sales";

    public string? ApiKey { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>How many sales one bulk request carries.</summary>
    public int BulkSize { get; set; } = 2_000;
}

/// <summary>A sale as Elasticsearch indexes it: what search filters on, and what a hit shows.</summary>
public sealed record SaleDocument(
    [property: JsonPropertyName("saleId")] string SaleId,
    [property: JsonPropertyName("merchantId")] string MerchantId,
    [property: JsonPropertyName("merchantName")] string? MerchantName,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("cardToken")] string CardToken,
    [property: JsonPropertyName("cardTokenReversed")] string CardTokenReversed,
    [property: JsonPropertyName("amount")] decimal Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("refunded")] decimal Refunded,
    [property: JsonPropertyName("approvedAt")] DateTimeOffset ApprovedAt,
    [property: JsonPropertyName("status")] string Status)
{
    public static SaleDocument From(SaleHit h) => new(h.SaleId.ToString(), h.MerchantId, h.MerchantName, h.Platform, h.CardToken,
        new string(h.CardToken.Reverse().ToArray()), h.Amount, h.Currency, h.Refunded, h.ApprovedAt, h.Status);

    public SaleHit ToHit() => new(Guid.Parse(SaleId), MerchantId, MerchantName, Platform, CardToken, Amount, Currency, Refunded, ApprovedAt, Status);
}

/// <summary>
/// The sales index in Elasticsearch, through Elastic's own .NET client: its index template, bulk
/// indexing, and the same search <see cref="SalesSearchReads"/> answers from PostgreSQL — same
/// filters, same newest-first order, same cursors (search_after on approvedAt and saleId).
/// </summary>
public sealed class ElasticsearchSales
{
    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchOptions _options;

    public ElasticsearchSales(ElasticsearchOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        var pool = new SingleNodePool(new Uri(options.Url ?? throw new ArgumentException("Es:Elasticsearch:Url is not set.", nameof(options))));
        var settings = handler is null
            ? new ElasticsearchClientSettings(pool)
            : new ElasticsearchClientSettings(pool, new HttpRequestInvoker((_, _) => handler));
        if (options.ApiKey is { Length: > 0 } key) settings = settings.Authentication(new ApiKey(key));
        else if (options.Username is { Length: > 0 } user) settings = settings.Authentication(new BasicAuthentication(user, options.Password ?? ""));
        _client = new ElasticsearchClient(settings);
    }

    public string Index => _options.Index;

    /// <summary>
    /// The index template: keywords for exact filters, the merchant's name as text (words) with a
    /// keyword sub-field, the reversed card token as a keyword (a suffix is a prefix query), the
    /// amounts as scaled floats (cents), the approval time as a date.
    /// </summary>
    public string TemplateJson => $$"""
        {
          "index_patterns": ["{{_options.Index}}*"],
          "template": {
            "settings": { "number_of_shards": 1 },
            "mappings": {
              "dynamic": "strict",
              "properties": {
                "saleId":            { "type": "keyword" },
                "merchantId":        { "type": "keyword" },
                "merchantName":      { "type": "text", "fields": { "keyword": { "type": "keyword", "ignore_above": 256 } } },
                "platform":          { "type": "keyword" },
                "cardToken":         { "type": "keyword", "index": false },
                "cardTokenReversed": { "type": "keyword" },
                "amount":            { "type": "scaled_float", "scaling_factor": 10000 },
                "currency":          { "type": "keyword" },
                "refunded":          { "type": "scaled_float", "scaling_factor": 10000 },
                "approvedAt":        { "type": "date" },
                "status":            { "type": "keyword" }
              }
            }
          }
        }
        """;

    public async Task EnsureTemplateAsync(CancellationToken ct)
    {
        var response = await _client.Transport.RequestAsync<StringResponse>(
            new EndpointPath(Elastic.Transport.HttpMethod.PUT, $"_index_template/{_options.Index}"), PostData.String(TemplateJson), null, null, ct);
        if (!response.ApiCallDetails.HasSuccessfulStatusCode)
            throw new InvalidOperationException($"Elasticsearch refused the index template: {response.ApiCallDetails.HttpStatusCode} {response.Body}");
    }

    /// <summary>Indexes (or re-indexes) whole documents, <see cref="ElasticsearchOptions.BulkSize"/> per bulk request; an item refused fails the call.</summary>
    public async Task IndexAsync(IReadOnlyList<SaleDocument> documents, CancellationToken ct)
    {
        foreach (var chunk in documents.Chunk(Math.Max(1, _options.BulkSize)))
        {
            var response = await _client.BulkAsync(b => b.Index(_options.Index).IndexMany(chunk, (op, d) => op.Id(d.SaleId)), ct);
            if (!response.IsValidResponse || response.Errors)
            {
                var first = response.ItemsWithErrors.FirstOrDefault();
                throw new InvalidOperationException($"Elasticsearch bulk indexing failed: {first?.Error?.Reason ?? response.DebugInformation}");
            }
        }
    }

    public async Task RefreshAsync(CancellationToken ct) => await _client.Indices.RefreshAsync(_options.Index, ct);

    public async Task<Connection<SaleHit>> SearchAsync(SalesFilter filter, PageRequest page, CancellationToken ct)
    {
        var must = new List<Query>();
        if (filter.MerchantId is { } merchant) must.Add(new TermQuery(Field("merchantId"), merchant));
        if (filter.MerchantName is { } text)
            must.Add(new MatchQuery(Field("merchantName"), text.Trim()) { Fuzziness = new Fuzziness("AUTO"), Operator = Operator.And });
        if (filter.CardSuffix is { } suffix) must.Add(new PrefixQuery(Field("cardTokenReversed"), new string(suffix.Reverse().ToArray())));
        if (filter.MinAmount is not null || filter.MaxAmount is not null)
            must.Add(new NumberRangeQuery(Field("amount"))
            {
                Gte = filter.MinAmount is { } lo ? (double)lo : null,
                Lte = filter.MaxAmount is { } hi ? (double)hi : null,
            });
        if (filter.Currency is { } currency) must.Add(new TermQuery(Field("currency"), currency));
        if (filter.From is not null || filter.To is not null)
            must.Add(new DateRangeQuery(Field("approvedAt"))
            {
                Gte = filter.From is { } from ? DateMath.Anchored(from.UtcDateTime) : null,
                Lte = filter.To is { } to ? DateMath.Anchored(to.UtcDateTime) : null,
            });
        if (filter.Platform is { } platform) must.Add(new TermQuery(Field("platform"), platform));
        if (filter.Status is { } status) must.Add(new TermQuery(Field("status"), status));

        var request = new SearchRequest(_options.Index)
        {
            Size = page.Fetch,
            Query = new BoolQuery { Filter = must },
            Sort = [new SortOptions { Field = new FieldSort { Field = Field("approvedAt"), Order = SortOrder.Desc } },
                    new SortOptions { Field = new FieldSort { Field = Field("saleId"), Order = SortOrder.Desc } }],
        };
        if (page.AfterKey is [var at, var id])
            request.SearchAfter = [FieldValue.Long((Cursors.ParseTime(at) - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond), FieldValue.String(Cursors.Id(id).ToString())];
        var response = await _client.SearchAsync<SaleDocument>(request, ct);
        if (!response.IsValidResponse)
            throw new InvalidOperationException($"Elasticsearch search failed: {response.DebugInformation}");
        return response.Documents.Select(d => d.ToHit()).ToList().ToConnection(page, h => [Cursors.Time(h.ApprovedAt), h.SaleId.ToString()]);
    }

    private static Field Field(string name) => new(name);
}
