using Es.GraphQL.Transport;

namespace Es.ConsoleWeb;

/// <summary>
/// The console's GraphQL operations (web/src/operations/*.graphql), as the build registered them:
/// each under the SHA-256 of its text. The console sends only their ids
/// (<c>{"documentId": "sha256:…"}</c>), so an endpoint that should serve it registers these.
/// </summary>
public static class ConsoleDocuments
{
    static readonly Lazy<TrustedDocuments> trusted = new(() => TrustedDocuments.FromManifest(ConsoleBundle.Embedded.Manifest));

    /// <summary>The registered set; the manifest's hashes are checked against their texts when it is read.</summary>
    public static TrustedDocuments Trusted => trusted.Value;

    /// <summary>The manifest as the build wrote it (hash → document text), the format of GraphQL Code Generator's persisted-documents.json.</summary>
    public static string Manifest => ConsoleBundle.Embedded.Manifest;
}
