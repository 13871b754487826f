using System.ComponentModel.DataAnnotations;

namespace Es.Api.Pictures;

/// <summary>Uploads and their re-encoding, bound from <c>Es:Pictures</c> and validated at start.</summary>
public sealed class PicturesOptions
{
    public const string Section = "Es:Pictures";

    /// <summary>The largest file accepted, in bytes (10 MiB): a phone photo fits; larger is refused with 413.</summary>
    [Range(1024, 100 * 1024 * 1024)] public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The most pixels a picture may declare (40 megapixels). Checked from the header before
    /// decoding, so a small file claiming a huge canvas (a decompression bomb) is never decoded.
    /// </summary>
    [Range(1, 200_000_000)] public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>The stored picture's longest side at most (2,560 px): larger pictures are scaled down, smaller ones kept.</summary>
    [Range(16, 10_000)] public int MaxDimension { get; set; } = 2560;

    /// <summary>The thumbnail's longest side at most (320 px).</summary>
    [Range(16, 2_000)] public int ThumbnailDimension { get; set; } = 320;

    [Range(50, 100)] public int JpegQuality { get; set; } = 85;

    /// <summary>
    /// Uploads decoded at once on a node (default: one per core); others wait their turn. A picture
    /// takes 4 bytes a pixel while decoded (160 MB at <see cref="MaxPixels"/>), so this bounds memory too.
    /// </summary>
    [Range(1, 256)] public int MaxConcurrentReencodings { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Prefix of the image URLs the API hands out (a CDN, say <c>https://img.example</c>); empty:
    /// URLs relative to the API's own host (<c>/images/{hash}</c>).
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";
}

/// <summary>Where picture bytes are kept, bound from <c>Es:Blobs</c>: a local folder unless <c>Es:Blobs:S3</c> names an endpoint.</summary>
public sealed class BlobOptions
{
    public const string Section = "Es:Blobs";

    /// <summary>The local folder (<see cref="LocalFolderBlobStore"/>); relative paths are under the content root.</summary>
    public string Path { get; set; } = ".data/blobs";

    public S3BlobOptions S3 { get; set; } = new();
}

/// <summary>An S3-compatible store (AWS S3, MinIO, Ceph, R2...): used when <see cref="Endpoint"/> is set.</summary>
public sealed class S3BlobOptions
{
    /// <summary>host[:port], no scheme, e.g. <c>s3.eu-west-1.amazonaws.com</c> or <c>minio:9000</c>.</summary>
    public string? Endpoint { get; set; }

    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public string Bucket { get; set; } = "es-images";
    public string? Region { get; set; }
    public bool UseSsl { get; set; } = true;

    /// <summary>Prepended to each object key (a hash), e.g. <c>images/</c>.</summary>
    public string KeyPrefix { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);
}
