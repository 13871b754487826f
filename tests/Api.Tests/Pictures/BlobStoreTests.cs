using System.Text;
using Es.Api.Pictures;

namespace Es.Api.Tests.Pictures;

/// <summary>
/// What every blob store promises: content-addressed, write-once, and no key made from a bad hash.
/// Each store's test class states these as its own facts, so the S3 ones can be skipped.
/// </summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore Store { get; }

    private static (string Hash, byte[] Bytes) Blob(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text + Guid.NewGuid());
        return (BlobHash.Of(bytes), bytes);
    }

    protected async Task StoredBlobReadsBack()
    {
        var (hash, bytes) = Blob("picture ");
        await Store.PutAsync(hash, bytes, "image/jpeg", default);
        await using var read = await Store.OpenReadAsync(hash, default);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    protected async Task SameBytesTwice()
    {
        var (hash, bytes) = Blob("twice ");
        await Store.PutAsync(hash, bytes, "image/png", default);
        await Store.PutAsync(hash, bytes, "image/png", default);
        await using var read = await Store.OpenReadAsync(hash, default);
        Assert.NotNull(read);
    }

    protected async Task UnknownHashReadsNull()
    {
        Assert.Null(await Store.OpenReadAsync(Blob("never stored ").Hash, default));
    }

    protected async Task WrongHashRefused()
    {
        var (_, bytes) = Blob("mine ");
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(new string('a', 64), bytes, "image/jpeg", default));
    }

    protected async Task MalformedHashRefused()
    {
        foreach (var hash in new[] { "../../../../etc/passwd", "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789", "" })
            await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(hash, default));
    }
}

public sealed class LocalFolderBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "es-blobs-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly LocalFolderBlobStore _store;

    public LocalFolderBlobStoreTests() => _store = new LocalFolderBlobStore(_root);

    protected override IBlobStore Store => _store;

    [Fact] public Task A_stored_blob_reads_back_byte_for_byte() => StoredBlobReadsBack();
    [Fact] public Task Storing_the_same_bytes_twice_is_no_error() => SameBytesTwice();
    [Fact] public Task A_hash_nothing_is_stored_under_reads_as_null() => UnknownHashReadsNull();
    [Fact] public Task Bytes_are_refused_under_a_hash_that_is_not_theirs() => WrongHashRefused();
    [Fact] public Task A_malformed_hash_never_becomes_a_path_or_key() => MalformedHashRefused();

    [Fact]
    public async Task Blobs_are_fanned_out_by_the_first_two_digits_and_leave_no_temporary_files()
    {
        var bytes = Encoding.UTF8.GetBytes("fan-out");
        var hash = BlobHash.Of(bytes);
        await _store.PutAsync(hash, bytes, "image/jpeg", default);
        Assert.Equal(Path.Combine(_root, hash[..2], hash), Assert.Single(Directory.GetFiles(_root, "*", SearchOption.AllDirectories)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}

/// <summary>
/// Against a real S3-compatible server, only when ES_TEST_S3_URL names one
/// (<c>http://ACCESS_KEY:SECRET_KEY@host:port</c>, e.g. a local MinIO); none can be installed here,
/// so these are skipped by default.
/// </summary>
public sealed class S3BlobStoreTests : BlobStoreContract
{
    private static readonly Lazy<S3BlobStore?> Configured = new(() =>
    {
        if (Environment.GetEnvironmentVariable("ES_TEST_S3_URL") is not { Length: > 0 } url) return null;
        var uri = new Uri(url);
        var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
        return S3BlobStore.Create(new S3BlobOptions
        {
            Endpoint = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            AccessKey = credentials[0],
            SecretKey = credentials.ElementAtOrDefault(1),
            UseSsl = uri.Scheme == "https",
            Bucket = "es-test-" + Guid.NewGuid().ToString("N")[..8],
        });
    });

    protected override IBlobStore Store => Configured.Value ?? throw new InvalidOperationException("ES_TEST_S3_URL is not set.");

    [S3Fact] public Task A_stored_blob_reads_back_byte_for_byte() => StoredBlobReadsBack();
    [S3Fact] public Task Storing_the_same_bytes_twice_is_no_error() => SameBytesTwice();
    [S3Fact] public Task A_hash_nothing_is_stored_under_reads_as_null() => UnknownHashReadsNull();
    [S3Fact] public Task Bytes_are_refused_under_a_hash_that_is_not_theirs() => WrongHashRefused();
    [S3Fact] public Task A_malformed_hash_never_becomes_a_path_or_key() => MalformedHashRefused();
}

/// <summary>A fact that needs a real S3-compatible server: skipped unless ES_TEST_S3_URL is set.</summary>
public sealed class S3FactAttribute : FactAttribute
{
    public S3FactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ES_TEST_S3_URL") is not { Length: > 0 })
            Skip = "No S3-compatible server: set ES_TEST_S3_URL=http://ACCESS_KEY:SECRET_KEY@host:port to run against one.";
    }
}
