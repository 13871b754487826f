using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Es.Ingest.Kafka;

/// <summary>
/// Makes Confluent.Kafka load the librdkafka that librdkafka.redist ships, on Linux x64.
/// Call <see cref="Use"/> before creating any Kafka client; it is idempotent and thread-safe.
/// </summary>
/// <remarks>
/// Why: on Debian the package's default <c>librdkafka.so</c> does not load (it needs
/// <c>libsasl2.so.3</c>; Debian has .so.2) and the loader then falls through to Debian's
/// librdkafka 2.0.2 if installed, which lacks functions 2.16 calls (the first Consume throws
/// EntryPointNotFoundException). And <c>Library.Load</c> imports <c>libdl</c>, which Debian 13 only
/// has as <c>libdl.so.2</c>. So map both names, once, to the files that work here.
/// </remarks>
public static class KafkaNativeLibrary
{
    /// <summary>The build of librdkafka.redist linked only against libraries every glibc distribution has.</summary>
    public const string LibraryFileName = "centos8-librdkafka.so";

    private const string NativeFolder = "runtimes/linux-x64/native";

    private static readonly Lazy<string?> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The librdkafka file in use, or null where this class leaves loading to Confluent.Kafka
    /// (anything but Linux x64, where the package's defaults are not known to fail).
    /// </summary>
    public static string? LibraryPath => Loaded.Value;

    /// <summary>Installs the resolver and loads librdkafka, the first time only.</summary>
    public static void Use() => _ = Loaded.Value;

    private static string? Load()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return null;

        // librdkafka.redist is released in step with Confluent.Kafka, under the same version.
        var version = typeof(Library).Assembly.GetName().Version?.ToString(3)
            ?? throw new InvalidOperationException("Confluent.Kafka has no assembly version");
        var path = FindLibrary(version);
        // SetDllImportResolver throws if called twice for one assembly: the Lazy above guarantees once.
        NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, (name, _, _) => name switch
        {
            "librdkafka" => NativeLibrary.Load(path),
            "libdl" => NativeLibrary.Load("libdl.so.2"),
            _ => IntPtr.Zero,
        });
        // Load now rather than at the first client, so a missing or wrong library fails here, by name.
        if (!Library.Load(path) && Library.VersionString != version)
            throw new InvalidOperationException(
                $"librdkafka {Library.VersionString} was loaded before KafkaNativeLibrary.Use(); call Use() before creating any Kafka client");
        return path;
    }

    private static string FindLibrary(string version) => FindLibrary(
        AppContext.BaseDirectory,
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        version);

    /// <summary>Next to the app first; else NuGet's package folder, for hosts that do not copy runtime assets.</summary>
    internal static string FindLibrary(string appDirectory, string packagesFolder, string version)
    {
        string[] candidates =
        [
            Path.Combine(appDirectory, NativeFolder, LibraryFileName),
            Path.Combine(packagesFolder, "librdkafka.redist", version, NativeFolder, LibraryFileName),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new DllNotFoundException(
                $"{LibraryFileName} (from the librdkafka.redist package) was not found; looked in: {string.Join(", ", candidates)}");
    }
}
