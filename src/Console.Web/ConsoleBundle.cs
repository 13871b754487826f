using System.Reflection;
using System.Text;
using Es.GraphQL.Ide;

namespace Es.ConsoleWeb;

/// <summary>
/// The files vite built into web/dist, embedded as resources named <c>Console/&lt;path&gt;</c>: the
/// page template (index.html), the files it loads, and the trusted-documents manifest of the
/// console's operations (not served: the GraphQL endpoint reads it, see <see cref="ConsoleDocuments"/>).
/// </summary>
internal sealed class ConsoleBundle
{
    internal const string ResourcePrefix = "Console/";
    internal const string PageFile = "index.html";
    internal const string ManifestFile = "persisted-documents.json";

    // Placeholders in web/index.html that the page fills in per request.
    internal const string BasePlaceholder = "%ES_CONSOLE_BASE%";
    internal const string EndpointPlaceholder = "%ES_GRAPHQL_ENDPOINT%";

    static readonly Lazy<ConsoleBundle> embedded = new(() => Load(typeof(ConsoleBundle).Assembly));

    public static ConsoleBundle Embedded => embedded.Value;

    readonly Dictionary<string, BundleFile> files;

    ConsoleBundle(string pageTemplate, string manifest, Dictionary<string, BundleFile> files)
    {
        PageTemplate = pageTemplate;
        Manifest = manifest;
        this.files = files;
    }

    /// <summary>index.html with its placeholders still in.</summary>
    public string PageTemplate { get; }

    /// <summary>The manifest JSON: SHA-256 of each operation's text → the text.</summary>
    public string Manifest { get; }

    /// <summary>The file at <paramref name="path"/> (relative to dist/, '/'-separated), or null.</summary>
    public BundleFile? Find(string path) => files.GetValueOrDefault(path);

    static ConsoleBundle Load(Assembly assembly)
    {
        string? page = null, manifest = null;
        var files = new Dictionary<string, BundleFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            if (path == PageFile) page = Encoding.UTF8.GetString(buffer.ToArray());
            else if (path == ManifestFile) manifest = Encoding.UTF8.GetString(buffer.ToArray());
            else files[path] = new BundleFile(path, buffer.ToArray());
        }
        if (page is null || manifest is null)
            throw new InvalidOperationException($"{assembly.GetName().Name} holds no console page or manifest ({ResourcePrefix}{PageFile}, {ResourcePrefix}{ManifestFile}): it was built without the web bundle.");
        if (!page.Contains(BasePlaceholder, StringComparison.Ordinal) || !page.Contains(EndpointPlaceholder, StringComparison.Ordinal))
            throw new InvalidOperationException($"The console page lacks {BasePlaceholder} or {EndpointPlaceholder}: web/index.html and ConsoleEndpoints disagree.");
        return new ConsoleBundle(page, manifest, files);
    }
}
