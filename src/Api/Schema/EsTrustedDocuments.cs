using Es.ConsoleWeb;
using Es.GraphQL.Transport;

namespace Es.Api.Schema;

/// <summary>
/// The documents /graphql runs by id (<c>{"documentId": "sha256:…"}</c> or
/// <c>extensions.persistedQuery.sha256Hash</c>): the console's operations, as its build registered
/// them, plus any manifest an operator names. Other clients may still send any text, unless
/// <c>Es:GraphQL:TrustedDocumentsOnly</c> is true: then only registered documents run (and GraphiQL,
/// which sends what is typed, can only run those).
/// </summary>
public sealed class TrustedDocumentsOptions
{
    public const string Section = "Es:GraphQL";

    /// <summary>Refuse every text that is not registered (PERSISTED_QUERY_NOT_IN_LIST-like refusal from the transport).</summary>
    public bool TrustedDocumentsOnly { get; set; }

    /// <summary>More manifests (JSON: SHA-256 hex → document text) for other first-party clients.</summary>
    public string[] TrustedDocumentManifests { get; set; } = [];
}

public static class EsTrustedDocuments
{
    /// <summary>The console's documents and the configured manifests, in one set.</summary>
    public static TrustedDocuments Registered(TrustedDocumentsOptions options) =>
        TrustedDocuments.FromDocuments(ConsoleDocuments.Trusted.Documents.Values
            .Concat(options.TrustedDocumentManifests.SelectMany(path => TrustedDocuments.FromManifestFile(path).Documents.Values)));

    /// <summary>Registers the documents on the endpoint; arbitrary texts stay allowed unless configured otherwise.</summary>
    public static void UseEsTrustedDocuments(this GraphQLHttpOptions options, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TrustedDocumentsOptions.Section).Get<TrustedDocumentsOptions>() ?? new();
        options.TrustedDocuments = Registered(settings);
        options.AllowUntrustedDocuments = !settings.TrustedDocumentsOnly;
    }
}
