using Confluent.Kafka;
using Es.Ingest.Kafka;

namespace Es.Ingest.Tests.Kafka;

public class KafkaNativeLibraryTests
{
    [Fact]
    public void Use_from_many_threads_at_once_installs_the_resolver_once()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        Parallel.For(0, 16, _ =>
        {
            try { KafkaNativeLibrary.Use(); }
            catch (Exception e) { failures.Add(e); }
        });

        Assert.Empty(failures);
        KafkaNativeLibrary.Use();
    }

    [Fact]
    public void The_packaged_librdkafka_2_16_is_loaded_not_the_system_one()
    {
        KafkaNativeLibrary.Use();

        Assert.Equal("2.16.0", Library.VersionString);
        var path = KafkaNativeLibrary.LibraryPath;
        Assert.NotNull(path);
        Assert.EndsWith("/runtimes/linux-x64/native/centos8-librdkafka.so", path);
        var mapped = File.ReadAllLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].Contains("rdkafka", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .Distinct()
            .ToList();
        Assert.Equal([path], mapped);
    }

    [Fact]
    public void The_library_is_found_in_the_NuGet_package_folder_when_the_app_folder_lacks_it()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var emptyAppFolder = Directory.CreateTempSubdirectory("es-ingest-").FullName;
        try
        {
            var path = KafkaNativeLibrary.FindLibrary(emptyAppFolder, packages, "2.16.0");

            Assert.Equal(Path.Combine(packages, "librdkafka.redist", "2.16.0", "runtimes", "linux-x64", "native", "centos8-librdkafka.so"), path);
        }
        finally
        {
            Directory.Delete(emptyAppFolder);
        }
    }

    [Fact]
    public void A_missing_library_is_reported_with_the_places_looked_in()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), $"es-ingest-{Guid.NewGuid():N}");

        var error = Assert.Throws<DllNotFoundException>(() => KafkaNativeLibrary.FindLibrary(nowhere, nowhere, "2.16.0"));

        Assert.Contains(Path.Combine(nowhere, "runtimes/linux-x64/native/centos8-librdkafka.so"), error.Message);
        Assert.Contains(Path.Combine(nowhere, "librdkafka.redist/2.16.0/runtimes/linux-x64/native/centos8-librdkafka.so"), error.Message);
    }
}
