using Es.Api.Schema;
using Es.Domain;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Es.Api.Pictures;

/// <summary>
/// <c>POST /uploads</c> (one picture, multipart/form-data, a signed-in member) and
/// <c>GET /images/{hash}</c>, <c>GET /images/{hash}/thumbnail</c> (public, cached for good: a
/// hash names one content forever). Errors are JSON <c>{ code, message }</c>.
/// </summary>
public static class PictureEndpoints
{
    /// <summary>Room for the multipart boundaries and part headers around the file itself.</summary>
    private const long MultipartOverhead = 16 * 1024;

    public const string ImmutableCaching = "public, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapPictures(this IEndpointRouteBuilder app)
    {
        app.MapPost("/uploads", UploadAsync);
        app.MapGet("/images/{hash}", (string hash, HttpContext http, UploadStore uploads, IBlobStore blobs) =>
            ServeAsync(http, hash, thumbnail: false, uploads, blobs));
        app.MapGet("/images/{hash}/thumbnail", (string hash, HttpContext http, UploadStore uploads, IBlobStore blobs) =>
            ServeAsync(http, hash, thumbnail: true, uploads, blobs));
        return app;
    }

    public static string ImageUrl(PicturesOptions options, string hash) => $"{options.PublicBaseUrl.TrimEnd('/')}/images/{hash}";

    public static string ThumbnailUrl(PicturesOptions options, string hash) => ImageUrl(options, hash) + "/thumbnail";

    private static IResult Refuse(int status, string code, string message) =>
        Results.Json(new { code, message }, statusCode: status);

    private static IResult Refuse(UploadRefusal r) => Refuse(r.Status, r.Code, r.Message);

    private static async Task<IResult> UploadAsync(HttpContext http, IOptions<PicturesOptions> configured, UploadStore uploads,
        IBlobStore blobs, ReencodingSlots reencoding, TimeProvider clock, CancellationToken ct)
    {
        var options = configured.Value;
        if (Caller.From(http.User).MemberId is not { } uploader)
            return Refuse(StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "Sign in as a member to upload.");
        var tooLarge = new UploadRefusal(StatusCodes.Status413PayloadTooLarge, "TOO_LARGE",
            $"A picture may be at most {options.MaxUploadBytes:N0} bytes.");
        var bodyLimit = options.MaxUploadBytes + MultipartOverhead;
        if (http.Request.ContentLength > bodyLimit) return Refuse(tooLarge);
        if (!http.Request.HasFormContentType || !http.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "MULTIPART_REQUIRED", "Send the picture as multipart/form-data with one file.");
        // Kestrel stops reading past the limit (a chunked body has no Content-Length to check first).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = bodyLimit;

        byte[] bytes;
        try
        {
            var form = await http.Request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = bodyLimit,
                ValueCountLimit = 16,
            }, ct);
            if (form.Files.Count != 1)
                return Refuse(StatusCodes.Status400BadRequest, "ONE_FILE_EXPECTED", $"Send exactly one file; this request has {form.Files.Count}.");
            var file = form.Files[0];
            if (file.Length > options.MaxUploadBytes) return Refuse(tooLarge);
            if (file.Length == 0) return Refuse(PictureReencoding.NotAnImage);
            bytes = new byte[file.Length];
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(bytes, ct);
        }
        catch (Exception e) when (e is InvalidDataException || e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return Refuse(tooLarge);
        }
        catch (BadHttpRequestException)
        {
            return Refuse(StatusCodes.Status400BadRequest, "BAD_MULTIPART", "The multipart body could not be read.");
        }

        var (upload, refusal) = await reencoding.ReencodeAsync(bytes, ct);
        if (refusal is not null) return Refuse(refusal);
        var (picture, thumbnail) = (upload!.Picture, upload.Thumbnail);
        await blobs.PutAsync(picture.Hash, picture.Bytes, picture.ContentType, ct);
        await blobs.PutAsync(thumbnail.Hash, thumbnail.Bytes, thumbnail.ContentType, ct);
        var stored = await uploads.RecordAsync(new StoredImage(picture.Hash, picture.ContentType, picture.Bytes.Length, picture.Width, picture.Height,
            thumbnail.Hash, thumbnail.Bytes.Length, thumbnail.Width, thumbnail.Height), uploader, clock.GetUtcNow(), ct);
        var url = ImageUrl(options, stored.Hash);
        return Results.Json(new
        {
            id = stored.Hash,
            url,
            thumbnailUrl = ThumbnailUrl(options, stored.Hash),
            width = stored.Width,
            height = stored.Height,
            contentType = stored.ContentType,
            sizeBytes = stored.SizeBytes,
        }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ServeAsync(HttpContext http, string hash, bool thumbnail, UploadStore uploads, IBlobStore blobs)
    {
        var ct = http.RequestAborted;
        // Only a well-formed hash reaches the store: no path or key is ever made from other input.
        if (!ImageHash.IsWellFormed(hash) || await uploads.FindAsync(hash, ct) is not { } image)
            return Refuse(StatusCodes.Status404NotFound, "NOT_FOUND", "No such image.");
        var (blobHash, contentType, size) = thumbnail
            ? (image.ThumbnailHash, image.ContentType, image.ThumbnailSizeBytes)
            : (image.Hash, image.ContentType, image.SizeBytes);
        var etag = new EntityTagHeaderValue($"\"{blobHash}\"");
        var response = http.Response;
        response.Headers.CacheControl = ImmutableCaching;
        response.Headers.ETag = etag.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        if (http.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } ifNoneMatch
            && ifNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        var content = await blobs.OpenReadAsync(blobHash, ct);
        if (content is null)
        {
            response.Headers.Remove(HeaderNames.CacheControl);
            response.Headers.Remove(HeaderNames.ETag);
            return Refuse(StatusCodes.Status404NotFound, "NOT_FOUND", "The image's bytes are missing from the blob store.");
        }
        response.ContentLength = size;
        return Results.Stream(content, contentType);
    }
}
