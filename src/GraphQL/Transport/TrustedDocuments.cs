using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Es.GraphQL.Transport;

/// <summary>
/// The registered set of documents an endpoint in trusted-documents mode executes, each known by
/// the SHA-256 of its text (lowercase hex). Clients send the hash instead of the text — as the
/// <c>documentId</c> parameter (<c>"sha256:&lt;hex&gt;"</c> or the bare hex) or as Apollo's
/// <c>extensions.persistedQuery.sha256Hash</c> — or send a registered text as it is.
/// </summary>
public sealed class TrustedDocuments
{
    private readonly FrozenDictionary<string, string> _byHash;

    private TrustedDocuments(Dictionary<string, string> byHash) => _byHash = byHash.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>How many documents are registered.</summary>
    public int Count => _byHash.Count;

    /// <summary>The registered documents by their hash.</summary>
    public IReadOnlyDictionary<string, string> Documents => _byHash;

    /// <summary>Registers <paramref name="documents"/>, each under the hash of its text.</summary>
    public static TrustedDocuments FromDocuments(IEnumerable<string> documents)
    {
        var byHash = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in documents) byHash[Hash(document)] = document;
        return new TrustedDocuments(byHash);
    }

    /// <summary>
    /// Reads a manifest: a JSON object from hash to document text, the format of GraphQL Code
    /// Generator's <c>persisted-documents.json</c>. Every hash is checked against its text, so a
    /// manifest that does not match the documents it lists is refused rather than half-trusted.
    /// </summary>
    public static TrustedDocuments FromManifest(string json)
    {
        using var manifest = JsonDocument.Parse(json);
        if (manifest.RootElement.ValueKind != JsonValueKind.Object)
            throw new FormatException("A trusted-documents manifest is a JSON object from SHA-256 hash to document text.");
        var byHash = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in manifest.RootElement.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw new FormatException($"The manifest entry \"{entry.Name}\" is not a document text.");
            var text = entry.Value.GetString()!;
            var hash = NormalizeId(entry.Name);
            if (hash is null || hash != Hash(text))
                throw new FormatException($"The manifest entry \"{entry.Name}\" is not the SHA-256 of its document.");
            byHash[hash] = text;
        }
        return new TrustedDocuments(byHash);
    }

    /// <summary>Reads a manifest file; see <see cref="FromManifest"/>.</summary>
    public static TrustedDocuments FromManifestFile(string path) => FromManifest(File.ReadAllText(path));

    /// <summary>The text registered under <paramref name="documentId"/> (<c>sha256:&lt;hex&gt;</c> or hex), or null.</summary>
    public string? Find(string documentId) =>
        NormalizeId(documentId) is { } hash && _byHash.TryGetValue(hash, out var text) ? text : null;

    /// <summary>True when exactly this text is registered.</summary>
    public bool Contains(string text) => _byHash.TryGetValue(Hash(text), out var registered) && registered == text;

    /// <summary>The lowercase hex SHA-256 of the document's UTF-8 text: its id.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The hash a document id names, lowercase, or null when it is not a SHA-256 id.</summary>
    internal static string? NormalizeId(string id)
    {
        var hex = id.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? id[7..] : id;
        if (hex.Length != 64) return null;
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c)) return null;
        }
        return hex.ToLowerInvariant();
    }
}
