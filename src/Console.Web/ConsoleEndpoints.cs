using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Es.GraphQL.Ide;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Es.ConsoleWeb;

/// <summary>
/// The console at <c>{path}</c> (its files under <c>{path}/assets/</c>): one page whose routes are
/// in the URL's fragment (<c>/console#/network</c>), so every view is the same document. It talks
/// only to the GraphQL endpoint it is given, on the same origin; its Content-Security-Policy lets it
/// load nothing from anywhere else.
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>
    /// Every source is this origin. 'self' in connect-src covers the GraphQL endpoint. Styles may be
    /// inline: ECharts and cytoscape position their canvases and tooltips with style attributes; a
    /// style cannot run code. No inline script, no eval, no data: or blob: anything.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; font-src 'self'; " +
        "connect-src 'self'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Serves the console at <paramref name="path"/>, speaking to the GraphQL endpoint at <paramref name="graphqlEndpoint"/>.</summary>
    public static IEndpointRouteBuilder MapEsConsole(this IEndpointRouteBuilder app, string path = "/console", string graphqlEndpoint = "/graphql")
    {
        var bundle = ConsoleBundle.Embedded;
        path = "/" + path.Trim('/');
        // Routing ignores a trailing slash: this is /console and /console/ alike.
        app.MapGet(path, (HttpContext http) => ServePageAsync(http, bundle, graphqlEndpoint));
        // Only files of the bundle exist: anything else under the path is simply not found.
        app.MapGet(path + "/{**file}", (HttpContext http, string file) => GraphiQLPage.ServeFileAsync(http, bundle.Find(file)));
        return app;
    }

    static async Task ServePageAsync(HttpContext http, ConsoleBundle bundle, string graphqlEndpoint)
    {
        // Relative asset URLs resolve under {path base}{path}/ whether the browser asked for /console or /console/.
        var basePath = http.Request.PathBase + http.Request.Path.Value!.TrimEnd('/') + "/";
        var endpoint = http.Request.PathBase + graphqlEndpoint;
        var html = bundle.PageTemplate
            .Replace(ConsoleBundle.BasePlaceholder, HtmlEncoder.Default.Encode(basePath), StringComparison.Ordinal)
            .Replace(ConsoleBundle.EndpointPlaceholder, HtmlEncoder.Default.Encode(endpoint), StringComparison.Ordinal);
        var content = Encoding.UTF8.GetBytes(html);
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(content), 0, 16) + "\"";
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        await GraphiQLPage.WriteAsync(http, content, "text/html; charset=utf-8", etag, "no-cache");
    }
}
