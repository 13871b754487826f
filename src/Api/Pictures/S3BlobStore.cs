using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace Es.Api.Pictures;

/// <summary>
/// Blobs as objects of one bucket in an S3-compatible store, through the MinIO client; the key is
/// <see cref="S3BlobOptions.KeyPrefix"/> + the hash. Chosen when <c>Es:Blobs:S3:Endpoint</c> is
/// set. Reads are buffered (a picture is at most a few MiB after re-encoding) so a missing object
/// is known before the response starts. Tested only against a real server (ES_TEST_S3_URL).
/// </summary>
public sealed class S3BlobStore(IMinioClient client, S3BlobOptions options) : IBlobStore
{
    private readonly SemaphoreSlim _bucketOnce = new(1, 1);
    private bool _bucketReady;

    public static S3BlobStore Create(S3BlobOptions options)
    {
        var client = new MinioClient()
            .WithEndpoint(options.Endpoint)
            .WithCredentials(options.AccessKey, options.SecretKey)
            .WithSSL(options.UseSsl);
        if (!string.IsNullOrWhiteSpace(options.Region)) client = client.WithRegion(options.Region);
        return new S3BlobStore(client.Build(), options);
    }

    private string Key(string hash)
    {
        BlobHash.RequireWellFormed(hash);
        return options.KeyPrefix + hash;
    }

    public async Task PutAsync(string hash, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct)
    {
        BlobHash.RequireMatches(hash, content.Span);
        await EnsureBucketAsync(ct);
        if (await ExistsAsync(hash, ct)) return;
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await client.PutObjectAsync(new PutObjectArgs()
            .WithBucket(options.Bucket).WithObject(Key(hash))
            .WithStreamData(stream).WithObjectSize(content.Length).WithContentType(contentType), ct);
    }

    public async Task<Stream?> OpenReadAsync(string hash, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        try
        {
            await client.GetObjectAsync(new GetObjectArgs()
                .WithBucket(options.Bucket).WithObject(Key(hash))
                .WithCallbackStream((stream, token) => stream.CopyToAsync(buffer, token)), ct);
        }
        catch (Exception e) when (e is ObjectNotFoundException or BucketNotFoundException)
        {
            return null;
        }
        buffer.Position = 0;
        return buffer;
    }

    private async Task<bool> ExistsAsync(string hash, CancellationToken ct)
    {
        try
        {
            await client.StatObjectAsync(new StatObjectArgs().WithBucket(options.Bucket).WithObject(Key(hash)), ct);
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }

    private async Task EnsureBucketAsync(CancellationToken ct)
    {
        if (_bucketReady) return;
        await _bucketOnce.WaitAsync(ct);
        try
        {
            if (!await client.BucketExistsAsync(new BucketExistsArgs().WithBucket(options.Bucket), ct))
                await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(options.Bucket), ct);
            _bucketReady = true;
        }
        finally
        {
            _bucketOnce.Release();
        }
    }
}
