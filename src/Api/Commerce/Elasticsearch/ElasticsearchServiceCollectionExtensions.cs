namespace Es.Api.Commerce.Elasticsearch;

public static class ElasticsearchServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Es:Elasticsearch:Url</c> set, sales search is served by Elasticsearch, fed by the
    /// sink from the <c>sales_search</c> read model; without it, nothing is added and PostgreSQL serves.
    /// </summary>
    public static IServiceCollection AddSalesSearchElasticsearch(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new ElasticsearchOptions();
        configuration.GetSection("Es:Elasticsearch").Bind(options);
        if (string.IsNullOrWhiteSpace(options.Url)) return services;
        services.AddSingleton(options);
        services.AddSingleton(sp => new ElasticsearchSales(sp.GetRequiredService<ElasticsearchOptions>()));
        services.AddSingleton<ElasticsearchSalesSink>();
        services.AddHostedService(sp => sp.GetRequiredService<ElasticsearchSalesSink>());
        return services;
    }
}
