using System.Reflection;
using System.Text;

namespace Es.GraphQL.Ide;

/// <summary>
/// The files vite built into web/dist, embedded in this assembly as resources named
/// <c>GraphiQL/&lt;path&gt;</c>: the page template (index.html) and the files it loads.
/// </summary>
internal sealed class GraphiQLBundle
{
    internal const string ResourcePrefix = "GraphiQL/";
    internal const string PageFile = "index.html";

    // Placeholders in web/index.html that the page fills in per request.
    internal const string AssetsPlaceholder = "%ES_IDE_ASSETS%";
    internal const string EndpointPlaceholder = "%ES_GRAPHQL_ENDPOINT%";

    static readonly Lazy<GraphiQLBundle> embedded = new(() => Load(typeof(GraphiQLBundle).Assembly));

    /// <summary>The bundle embedded in this assembly, read on first use.</summary>
    public static GraphiQLBundle Embedded => embedded.Value;

    readonly Dictionary<string, BundleFile> files;

    GraphiQLBundle(string pageTemplate, Dictionary<string, BundleFile> files)
    {
        PageTemplate = pageTemplate;
        this.files = files;
    }

    /// <summary>index.html with its placeholders still in.</summary>
    public string PageTemplate { get; }

    /// <summary>The file at <paramref name="path"/> (relative to dist/, '/'-separated), or null.</summary>
    public BundleFile? Find(string path) => files.GetValueOrDefault(path);

    static GraphiQLBundle Load(Assembly assembly)
    {
        string? page = null;
        var files = new Dictionary<string, BundleFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            // MSBuild's RecursiveDir uses the build machine's separator.
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            // The template is not a file of its own: only the page serves it, filled in.
            if (path == PageFile) page = Encoding.UTF8.GetString(buffer.ToArray());
            else files[path] = new BundleFile(path, buffer.ToArray());
        }
        if (page is null)
            throw new InvalidOperationException($"{assembly.GetName().Name} holds no GraphiQL page ({ResourcePrefix}{PageFile}): it was built without the web bundle.");
        if (!page.Contains(AssetsPlaceholder, StringComparison.Ordinal) || !page.Contains(EndpointPlaceholder, StringComparison.Ordinal))
            throw new InvalidOperationException($"The GraphiQL page lacks {AssetsPlaceholder} or {EndpointPlaceholder}: web/index.html and GraphiQLPage disagree.");
        return new GraphiQLBundle(page, files);
    }
}
