using Microsoft.AspNetCore.Http;

namespace Es.GraphQL.Transport;

/// <summary>
/// What a browser gets at the endpoint: an IDE page and the files it loads. Set on
/// <see cref="GraphQLHttpOptions.BrowserPage"/>; the endpoint hands it a GET whose Accept header
/// prefers text/html and that carries no <c>query</c> parameter, and every GET under
/// <c>{endpoint}/_ide/</c>.
/// </summary>
public abstract class GraphQLBrowserPage
{
    /// <summary>Serves the page for the endpoint at <paramref name="endpointPath"/> (the path the browser asked for).</summary>
    public abstract Task ServePageAsync(HttpContext http, string endpointPath);

    /// <summary>Serves one of the page's files, <paramref name="assetPath"/> relative to <c>{endpoint}/_ide/</c>; 404 when there is none.</summary>
    public abstract Task ServeAssetAsync(HttpContext http, string assetPath);

    /// <summary>True when the request is a browser navigating to the endpoint rather than a GraphQL client.</summary>
    public static bool IsBrowserNavigation(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) || request.Query.ContainsKey("query")) return false;
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParseList(
                request.Headers.Accept.Where(a => a is not null).ToList()!, out var ranges)) return false;
        // Browsers list text/html first; GraphQL clients ask for JSON types.
        foreach (var range in ranges)
        {
            var type = range.MediaType.Value;
            if (string.Equals(type, "text/html", StringComparison.OrdinalIgnoreCase)) return (range.Quality ?? 1.0) > 0;
            if (type is not null && type.Contains("json", StringComparison.OrdinalIgnoreCase)) return false;
        }
        return false;
    }
}
