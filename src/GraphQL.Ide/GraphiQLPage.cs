using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Es.GraphQL.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Es.GraphQL.Ide;

/// <summary>
/// GraphiQL at a GraphQL endpoint: a browser navigating to the endpoint gets the IDE, which loads
/// its files from <c>{endpoint}/_ide/</c>, runs queries and mutations with POST to the endpoint and
/// subscriptions over graphql-transport-ws on the same path. Everything comes from this assembly;
/// the page's Content-Security-Policy lets it load nothing from anywhere else.
/// </summary>
public sealed class GraphiQLPage : GraphQLBrowserPage
{
    /// <summary>
    /// The page's policy: every source is this origin. 'self' covers ws:// and wss:// to the same
    /// host for the subscriptions (CSP Level 3). Monaco's workers are files of the bundle
    /// (worker-src 'self', no blob:). Styles alone may be inline: monaco writes &lt;style&gt;
    /// elements and renders every editor line with a style attribute (without them the lines pile
    /// up on each other); style cannot run code. data: is for the fonts and icons GraphiQL's
    /// stylesheet carries inline: bytes of our own bundle, not fetched. No inline script, no eval.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

    const string ImmutableCaching = "public, max-age=31536000, immutable";
    // Cached, but asked about again each time: a new deployment is seen at once.
    const string Revalidate = "no-cache";

    readonly GraphiQLBundle bundle;

    public GraphiQLPage() : this(GraphiQLBundle.Embedded) { }

    internal GraphiQLPage(GraphiQLBundle bundle) => this.bundle = bundle;

    public override async Task ServePageAsync(HttpContext http, string endpointPath)
    {
        // The endpoint as the browser named it (URL-encoded, path base included), without a trailing
        // slash so that {endpoint}/_ide/ has no double slash.
        var endpoint = endpointPath.TrimEnd('/');
        var html = bundle.PageTemplate
            .Replace(GraphiQLBundle.AssetsPlaceholder, HtmlEncoder.Default.Encode(endpoint + "/_ide/"), StringComparison.Ordinal)
            .Replace(GraphiQLBundle.EndpointPlaceholder, HtmlEncoder.Default.Encode(endpoint.Length == 0 ? "/" : endpoint), StringComparison.Ordinal);
        var content = Encoding.UTF8.GetBytes(html);
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(content), 0, 16) + "\"";

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // The endpoint's URL also answers GraphQL clients, with JSON.
        headers.Vary = "Accept";
        await WriteAsync(http, content, "text/html; charset=utf-8", etag, Revalidate);
    }

    public override Task ServeAssetAsync(HttpContext http, string assetPath) => ServeFileAsync(http, bundle.Find(assetPath));

    /// <summary>
    /// Serves a file of an embedded bundle (404 for null): its type, strong ETag and 304, cached for
    /// good when its name is fingerprinted, br or gzip when the client takes it. The console serves its files so too.
    /// </summary>
    internal static async Task ServeFileAsync(HttpContext http, BundleFile? found)
    {
        // Only files of the bundle exist: a path with ../ or anything else unknown is simply not found.
        if (found is not { } file)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.Headers.CacheControl = Revalidate;
            return;
        }
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        var caching = file.IsFingerprinted ? ImmutableCaching : Revalidate;
        if (file.IsCompressible)
        {
            headers.Vary = "Accept-Encoding";
            if (PreferredEncoding(http.Request) is { } encoding && file.Encoded(encoding) is { } encoded)
            {
                headers.ContentEncoding = encoding;
                // Another representation, another tag: "hash" becomes "hash-br".
                await WriteAsync(http, encoded, file.ContentType, file.ETag[..^1] + "-" + encoding + "\"", caching);
                return;
            }
        }
        await WriteAsync(http, file.Content, file.ContentType, file.ETag, caching);
    }

    internal static async Task WriteAsync(HttpContext http, byte[] content, string contentType, string etag, string caching)
    {
        var response = http.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = caching;
        if (Matches(http.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, http.RequestAborted);
    }

    /// <summary>If-None-Match names <paramref name="etag"/> or is "*" (weak comparison, RFC 9110 13.1.2).</summary>
    static bool Matches(HttpRequest request, string etag)
    {
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)) return false;
        var current = new EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }

    /// <summary>br when the client takes it, else gzip, else null (identity).</summary>
    static string? PreferredEncoding(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var offers)) return null;
        bool Accepts(string coding) => offers.Any(o =>
            string.Equals(o.Value.Value, coding, StringComparison.OrdinalIgnoreCase) && (o.Quality ?? 1.0) > 0);
        return Accepts("br") ? "br" : Accepts("gzip") ? "gzip" : null;
    }
}
