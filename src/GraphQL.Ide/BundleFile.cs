using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Es.GraphQL.Ide;

/// <summary>One file of the GraphiQL bundle: its bytes, how to label them, and compressed forms made on first use.</summary>
internal sealed partial class BundleFile
{
    readonly Lazy<byte[]?> brotli;
    readonly Lazy<byte[]?> gzip;

    public BundleFile(string path, byte[] content)
    {
        Path = path;
        Content = content;
        ContentType = ContentTypeOf(path);
        ETag = EntityTagOf(content);
        // vite names what it emits name-<8 characters of content hash>.ext: a new build, a new name.
        IsFingerprinted = FingerprintedName().IsMatch(path);
        // Fonts in woff2 and images are compressed already; a small file gains nothing.
        IsCompressible = IsCompressibleType(ContentType) && content.Length >= 1024;
        brotli = new(() => IsCompressible ? Compress(content, s => new BrotliStream(s, CompressionLevel.Optimal, leaveOpen: true)) : null);
        gzip = new(() => IsCompressible ? Compress(content, s => new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true)) : null);
    }

    public string Path { get; }
    public byte[] Content { get; }
    public string ContentType { get; }

    /// <summary>A strong entity tag (quoted) from the content's SHA-256.</summary>
    public string ETag { get; }

    /// <summary>True when the name changes with the content, so the file may be cached for good.</summary>
    public bool IsFingerprinted { get; }

    /// <summary>True when the file is served br- or gzip-encoded to clients that take it.</summary>
    public bool IsCompressible { get; }

    /// <summary>The content in <paramref name="encoding"/> ("br" or "gzip"), or null when it does not pay.</summary>
    public byte[]? Encoded(string encoding) => encoding switch
    {
        "br" => brotli.Value,
        "gzip" => gzip.Value,
        _ => null,
    };

    static string EntityTagOf(byte[] content) =>
        "\"" + Convert.ToBase64String(SHA256.HashData(content), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";

    static byte[]? Compress(byte[] content, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output)) stream.Write(content);
        return output.Length < content.Length * 9 / 10 ? output.ToArray() : null;
    }

    static bool IsCompressibleType(string contentType) =>
        contentType.StartsWith("text/", StringComparison.Ordinal)
        || contentType.StartsWith("application/json", StringComparison.Ordinal)
        || contentType is "image/svg+xml" or "font/ttf" or "application/wasm";

    // The types vite emits for GraphiQL and monaco; browsers refuse scripts and workers labelled
    // otherwise (nosniff), so an unknown extension gets the neutral octet-stream.
    static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        ".json" or ".map" => "application/json; charset=utf-8",
        ".txt" => "text/plain; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".ttf" => "font/ttf",
        ".woff" => "font/woff",
        ".woff2" => "font/woff2",
        ".wasm" => "application/wasm",
        _ => "application/octet-stream",
    };

    [GeneratedRegex(@"-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$")]
    private static partial Regex FingerprintedName();
}
